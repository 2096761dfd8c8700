/**
 * The lint guardrails of eslint.config.js (issue 10): DESIGN.md's import direction and no ambient
 * time in engine and dsl. Lints snippets as if they were files of those packages, with the real
 * config, so a change that loosens a rule fails here.
 */
import { ESLint } from 'eslint';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Type-aware rules need files the TS project knows; these rules are syntactic, so lint without types.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
});

async function rulesHit(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  const hits = (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted'));
  return hits.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint guardrails', () => {
  it('refuse an import of @weft/store from packages/engine', async () => {
    const hits = await rulesHit(
      'packages/engine/src/x.ts',
      "import { openStore } from '@weft/store';\nvoid openStore;\n",
    );
    expect(hits.join('\n')).toMatch(/no-restricted-imports: .*inner layers/);
  });

  it('refuse Date.now(), new Date(), timers and randomness in packages/engine and packages/dsl', async () => {
    const code = [
      'export const a = Date.now();',
      'export const b = new Date();',
      'setTimeout(() => {}, 1);',
      'export const c = Math.random();',
      'export const d = globalThis.crypto.randomUUID();',
    ].join('\n');
    for (const path of ['packages/engine/src/x.ts', 'packages/dsl/src/x.ts']) {
      const hits = await rulesHit(path, code);
      expect(hits.filter((h) => h.startsWith('no-restricted-properties')).length, path).toBe(2);
      expect(hits.filter((h) => h.startsWith('no-restricted-syntax')).length, path).toBe(2);
      expect(hits.filter((h) => h.startsWith('no-restricted-globals')).length, path).toBe(1);
    }
  });

  it('allow them in the one system-ports file and in other packages', async () => {
    expect(await rulesHit('packages/engine/src/system.ts', 'export const a = Date.now();\n')).toEqual([]);
    expect(await rulesHit('packages/store/src/x.ts', 'export const a = Date.now();\n')).toEqual([]);
  });

  it('refuse imports of apps/ or of the api from store and sandbox', async () => {
    expect(await rulesHit('packages/store/src/x.ts', "import '@weft/api';\n")).toHaveLength(1);
    expect(
      await rulesHit('packages/sandbox/src/x.ts', "import '../../../apps/server/src/server';\n"),
    ).toHaveLength(1);
    expect(await rulesHit('packages/api/src/x.ts', "import '@weft/server';\n")).toHaveLength(1);
  });

  it('refuse file I/O in packages/api (the server implements its ports)', async () => {
    for (const spec of ['node:fs', 'node:fs/promises', 'fs'])
      expect(
        (
          await rulesHit(
            'packages/api/src/services/x.ts',
            `import { readFile } from '${spec}';\nvoid readFile;\n`,
          )
        ).join('\n'),
        spec,
      ).toMatch(/no-restricted-imports: .*api does no file I\/O/);
    expect(
      await rulesHit(
        'apps/server/src/x.ts',
        "import { readFile } from 'node:fs/promises';\nvoid readFile;\n",
      ),
    ).toEqual([]);
  });

  it('refuse the tRPC client context in studio components (they use the hooks of api/)', async () => {
    const code = "import { useClient } from '../api/context';\nexport const f = useClient;\n";
    const hits = await rulesHit('apps/studio/src/runs/X.tsx', code);
    expect(hits.join('\n')).toMatch(/no-restricted-imports: .*hook of apps\/studio\/src\/api/);
    expect(await rulesHit('apps/studio/src/api/queries.ts', code.replace('../api/', './'))).toEqual([]);
  });

  it('refuse a tRPC client of its own in studio pages (one client, made in api/ and provided by App)', async () => {
    const code = "import { createClient } from '../api/client';\nexport const api = createClient();\n";
    const hits = await rulesHit('apps/studio/src/ops/x-api.ts', code);
    expect(hits.join('\n')).toMatch(/no-restricted-imports: .*hook of apps\/studio\/src\/api/);
    expect(await rulesHit('apps/studio/src/app/App.tsx', code)).toEqual([]);
  });
});
