import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-*/**',
      '**/build/**',
      'blocks/**/assembly/**',
      'packages/block-sdk/assembly/**',
      '**/*.js',
      '**/*.cjs',
      'test-results/**',
      'playwright-report/**',
      '.weft/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain-JS modules (the sandbox's worker, scripts): the recommended rules, with Node's globals.
  {
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'Buffer',
          'URL',
          'TextEncoder',
          'TextDecoder',
          'SharedArrayBuffer',
          'Atomics',
          'WebAssembly',
          'performance',
          'setTimeout',
          'clearTimeout',
          'setImmediate',
          'queueMicrotask',
          'structuredClone',
          'globalThis',
          'AbortController',
          'fetch',
          'crypto',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  // DESIGN.md "Dependency direction": dsl ← engine ← store, sandbox ← api ← server, cli; nothing in
  // packages/ imports from apps/; dsl and engine stay free of Node I/O.
  {
    files: ['packages/dsl/src/**/*.ts', 'packages/engine/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@weft/store',
                '@weft/sandbox',
                '@weft/api',
                '@weft/server',
                '@weft/cli',
                '@weft/studio',
              ],
              message: 'dsl and engine are the inner layers (DESIGN.md): define a port instead.',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'net', 'http'],
              message: 'dsl and engine do no Node I/O.',
            },
            { group: ['**/apps/**'], message: 'nothing in packages/ imports from apps/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/store/src/**/*.ts', 'packages/sandbox/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@weft/api', '@weft/server', '@weft/cli', '@weft/studio'],
              message: 'store and sandbox sit below api (DESIGN.md).',
            },
            { group: ['**/apps/**'], message: 'nothing in packages/ imports from apps/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@weft/server', '@weft/cli', '@weft/studio'],
              message: 'api sits below the apps (DESIGN.md).',
            },
            { group: ['**/apps/**'], message: 'nothing in packages/ imports from apps/.' },
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'],
              message: 'api does no file I/O: take a port in ApiDeps (ports.ts) that apps/server implements.',
            },
          ],
        },
      ],
    },
  },
  // The studio reaches the server only through the hooks of apps/studio/src/api/ (queries, calls,
  // subscriptions): the one tRPC client (made in client.ts, held in context) is theirs alone; App
  // provides it.
  {
    files: ['apps/studio/src/**/*.ts', 'apps/studio/src/**/*.tsx'],
    ignores: ['apps/studio/src/api/**', 'apps/studio/src/app/App.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/context', '**/api/client'],
              message: 'use a hook of apps/studio/src/api/ (queries, calls, subscriptions), not the client.',
            },
          ],
        },
      ],
    },
  },
  // Ambient time: engine and dsl take time, timers, turns, ids and randomness through ports so that
  // tests drive them with a fake clock; packages/engine/src/system.ts is the one door to the host.
  {
    files: ['packages/dsl/src/**/*.ts', 'packages/engine/src/**/*.ts'],
    ignores: ['packages/engine/src/system.ts', 'packages/engine/src/testing/**', '**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'setTimeout',
          'setInterval',
          'setImmediate',
          'queueMicrotask',
          'clearTimeout',
          'clearInterval',
        ].map((name) => ({ name, message: 'use the Clock port or packages/engine/src/system.ts.' })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'use the Clock port (clock.now()).' },
        { object: 'Math', property: 'random', message: 'use EngineOptions.random.' },
        { object: 'crypto', property: 'randomUUID', message: 'use EngineOptions.newId or system.ts.' },
        { object: 'performance', property: 'now', message: 'use the Clock port, or system.ts for CPU time.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'use the Clock port (clock.now()).',
        },
        {
          selector:
            "MemberExpression[object.name='globalThis'][property.name=/^(setTimeout|setImmediate|queueMicrotask|crypto)$/]",
          message: 'use the Clock port or packages/engine/src/system.ts.',
        },
        {
          // Each such literal gets a hidden class of its own that young GCs keep alive, with all its
          // accessors capture: made per run, every run was promoted to the old generation.
          selector: "ObjectExpression > Property[kind='get'], ObjectExpression > Property[kind='set']",
          message: 'no get/set in an object literal (a class instead): see docs/server.md, "Garbage".',
        },
      ],
    },
  },
);
