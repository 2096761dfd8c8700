import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('pnpm weft (the real entry point from the repo root)', () => {
  it('runs the CLI with no build step and returns its exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-entry-'));
    const file = join(dir, 'w.yaml');
    writeFileSync(file, 'apiVersion: weft/v1\nkind: Workflow\nid: x\nsteps:\n  - id: a\n    uses: nope@1\n');
    const r = spawnSync('pnpm', ['-s', 'weft', 'validate', file], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${file}:6:11: error E_UNKNOWN_BLOCK`);
  });
});
