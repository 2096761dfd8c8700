// The newcomer's path: init a block, test it (which builds it), break an example, see it fail.
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli';
import { initBlock } from './init';
import { testBlock } from './test-block';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('init → build → test', () => {
  it('scaffolds a block whose examples pass, and reports a broken example', async () => {
    const root = await mkdtemp(join(tmpdir(), 'weft-init-'));
    const dir = join(root, 'blocks', 'greeter');
    const made = await initBlock('greeter', dir);
    expect(made.files).toEqual(
      expect.arrayContaining(['block.yaml', 'assembly/index.ts', 'examples/basic.yaml', 'package.json']),
    );

    const c = capture();
    expect(await main(['test', dir], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('3 passed, 0 failed');

    // `build --changed` leaves a module newer than its sources alone and builds a stale one.
    const fresh = capture();
    expect(await main(['build', '--changed', dir], fresh.io)).toBe(0);
    expect(fresh.out.join('\n')).toMatch(/^up to date greeter@1\.0\.0 → /);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, 'build', 'greeter.wasm'), hourAgo, hourAgo);
    const stale = capture();
    expect(await main(['build', '--changed', dir], stale.io)).toBe(0);
    expect(stale.out.join('\n')).toMatch(/^built greeter@1\.0\.0 → .* ms\)$/);

    const examples = join(dir, 'examples', 'basic.yaml');
    await writeFile(examples, (await readFile(examples, 'utf8')).replace("'Hello, Ada!'", "'Hi, Ada!'"));
    const report = await testBlock(dir);
    expect(report.failed).toBe(1);
    expect(report.cases.find((x) => !x.passed)?.problem).toContain('"Hello, Ada!"');

    await expect(initBlock('greeter', dir)).rejects.toThrow('already exists and is not empty');
  }, 240_000);

  it('reports a compile error with the file and line, without a stack trace', async () => {
    const root = await mkdtemp(join(tmpdir(), 'weft-broken-'));
    const dir = join(root, 'broken');
    await initBlock('broken', dir);
    await writeFile(join(dir, 'assembly', 'index.ts'), 'export function run(): i32 { return notDefined; }\n');
    const c = capture();
    expect(await main(['build', dir], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(
      /error: building broken failed:[\s\S]*notDefined[\s\S]*assembly\/index\.ts/,
    );
  }, 240_000);

  it('rejects bad names and unknown commands clearly', async () => {
    await expect(initBlock('My Block')).rejects.toThrow('"My Block" is not a block name');
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('usage: weft-block');
    const o = capture();
    expect(await main(['build', '--chnaged'], o.io)).toBe(2);
    expect(o.err.join('\n')).toMatch(/^error: unknown option --chnaged\nusage: weft-block/);
    const d = capture();
    expect(await main(['test', join(tmpdir(), 'no-such-block-folder')], d.io)).toBe(1);
    expect(d.err.join('\n')).toMatch(/^error: no block.yaml in /);
  });
});
