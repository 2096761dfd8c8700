import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'blocks/*/test/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'apps/studio/**/*.e2e.ts'],
    globalSetup: ['./scripts/cli-global-setup.ts', './scripts/pg-global-setup.ts'],
    // Generous: the suite must pass on a busy 2-core machine (CPU-bound tests slow down tenfold at load 20).
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
