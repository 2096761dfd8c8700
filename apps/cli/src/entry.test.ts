import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BAD = 'apiVersion: weft/v1\nkind: Workflow\nid: x\nsteps:\n  - id: a\n    uses: nope@1\n';

function badFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'weft-entry-')), 'w.yaml');
  writeFileSync(file, BAD);
  return file;
}

describe('the built weft command (apps/cli/dist/weft.mjs, what `weft`, `pnpm weft` and Docker run)', () => {
  it('pnpm weft runs the built CLI from the repo root and returns its exit code', () => {
    const file = badFile();
    const r = spawnSync('pnpm', ['-s', 'weft', 'validate', file], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${file}:6:11: error E_UNKNOWN_BLOCK`);
  });

  it('is the package bin: runs from any folder, prints no Node warnings, lists every command', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = join(root, 'apps/cli', pkg.bin.weft ?? '');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const file = badFile();
    const r = spawnSync(process.execPath, [bin, 'validate', file], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${file}:6:11: error E_UNKNOWN_BLOCK`);
    expect(r.stderr).not.toContain('Warning');
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const c of commands) expect(help.stdout).toContain(`  ${c.name}`);
  });

  it('loads each command lazily, and each entry loads the command it names', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.help).toMatch(/^Usage: weft /);
    }
  });
});
