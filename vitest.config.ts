import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'blocks/*/test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'apps/studio/**/*.e2e.ts'],
    globalSetup: ['./scripts/cli-global-setup.ts', './scripts/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
