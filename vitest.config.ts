import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      // Tests sit beside the code (docs/contributing.md).
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'blocks/*/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'apps/studio/**/*.e2e.ts'],
    globalSetup: ['./scripts/cli-global-setup.ts', './scripts/pg-global-setup.ts'],
    // Generous: the suite must pass on a busy 2-core machine (CPU-bound tests slow down tenfold at load 20).
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
