import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockManifestError, DEFAULT_BLOCKS_DIR, SandboxRunner, loadBlocks, parseManifest } from './index';
import { makeCall } from './testing/call';
import { writeBlocks } from './testing/fixtures';

const GOOD = `
name: greet
version: 1.2.3
title: Greet
description: Says hello
category: text
icon: hand
wasm: build/greet.wasm
inputs:
  type: object
  properties: { name: { type: string } }
ports: [ok, empty]
capabilities: { network: true }
limits: { memory: 16MiB, timeout: 10s, maxOutputBytes: 65536 }
`;

function blocksDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'weft-reg-'));
  for (const [folder, text] of Object.entries(files)) {
    mkdirSync(join(root, folder));
    writeFileSync(join(root, folder, 'block.yaml'), text);
  }
  return root;
}

describe('block manifests', () => {
  it('parses every field, with wasm resolved next to the manifest', () => {
    const r = parseManifest(GOOD, '/repo/blocks/greet/block.yaml');
    expect(r).toEqual({
      ok: true,
      manifest: expect.objectContaining({
        name: 'greet',
        version: '1.2.3',
        wasm: '/repo/blocks/greet/build/greet.wasm',
        entry: 'run',
        ports: ['ok', 'empty'],
        capabilities: { network: true, sql: false, storage: false },
        limits: { memoryBytes: 16 * 1024 * 1024, timeoutMs: 10_000, maxOutputBytes: 65536 },
      }),
    });
  });

  it('names the file and the field of every problem', () => {
    const r = parseManifest(
      'name: If\nversion: 1.0\nwasm: 3\ninputs: { type: string }\nports: [a, a]\ncapabilities: { network: yes }\nlimits: { memory: lots, timeout: 5 parsecs }\n',
      'blocks/x/block.yaml',
    );
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.problems.map((p) => `${p.file} ${p.field}`);
    expect(fields).toEqual(
      [
        'name',
        'version',
        'wasm',
        'inputs.type',
        'ports',
        'capabilities.network',
        'limits.memory',
        'limits.timeout',
      ].map((f) => `blocks/x/block.yaml ${f}`),
    );
    expect(parseManifest('name: if\nversion: 1.0.0\nwasm: a.wasm\ninputs: {}\n', 'f')).toMatchObject({
      ok: false,
      problems: [{ field: 'name', message: expect.stringContaining('built-in') }],
    });
    expect(parseManifest('a: [', 'f')).toMatchObject({ ok: false, problems: [{ field: '(yaml)' }] });
    expect(
      parseManifest(
        'name: x\nversion: 1.0.0\nwasm: a.wasm\ninputs: { type: object, properties: { a: { type: 12 } } }\n',
        'f',
      ),
    ).toMatchObject({
      ok: false,
      problems: [{ field: 'inputs', message: expect.stringContaining('not a valid JSON Schema') }],
    });
  });

  it('refuses a folder of blocks with a bad manifest, naming the file', () => {
    const dir = blocksDir({ good: GOOD, bad: 'name: bad\nversion: one\nwasm: a.wasm\ninputs: {}\n' });
    expect(() => loadBlocks(dir)).toThrow(BlockManifestError);
    expect(() => loadBlocks(dir)).toThrow(/bad[/\\]block\.yaml: version: must be a semver/);
  });

  it("loads without compiling schemas; a malformed inputs schema fails the block's call, naming the file", async () => {
    const broken = GOOD.replace(
      'properties: { name: { type: string } }',
      'properties: { name: { type: 12 } }',
    );
    const dir = blocksDir({ good: GOOD.replace('name: greet', 'name: other'), broken });
    const reg = loadBlocks(dir);
    expect(reg.resolve('greet@1')?.version).toBe('1.2.3');
    const runner = new SandboxRunner({ registry: reg, workers: 1 });
    try {
      const r = await runner.run(makeCall('greet@1', { name: 'x' }).call);
      expect(r).toMatchObject({
        ok: false,
        error: {
          code: 'BLOCK_ERROR',
          message: expect.stringMatching(
            /greet@1\.2\.3: the `inputs` of .*broken[/\\]block\.yaml is not a valid JSON Schema/,
          ),
        },
      });
    } finally {
      await runner.close();
    }
  });

  it('refuses the same name and version twice', () => {
    const dir = blocksDir({ a: GOOD, b: GOOD });
    expect(() => loadBlocks(dir)).toThrow(/greet@1\.2\.3 is also defined in/);
  });
});

describe('the manifest cache', () => {
  const cacheOf = (dir: string): { entries: Record<string, { manifest: { title: string } }> } =>
    JSON.parse(readFileSync(join(dir, '.weft-manifests.json'), 'utf8')) as {
      entries: Record<string, { manifest: { title: string } }>;
    };

  it('keeps checked manifests beside the blocks and reads an edited or new block.yaml again', () => {
    const dir = blocksDir({ greet: GOOD });
    const first = loadBlocks(dir).manifests();
    expect(Object.values(cacheOf(dir).entries).map((e) => e.manifest.title)).toEqual(['Greet']);
    // Unchanged: the same manifest, now from the cache.
    expect(loadBlocks(dir).manifests()).toEqual(first);
    // Edited (other size and time): parsed again, and the cache follows.
    const file = join(dir, 'greet', 'block.yaml');
    writeFileSync(file, GOOD.replace('title: Greet', 'title: Greetings'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(loadBlocks(dir).resolve('greet@1')?.title).toBe('Greetings');
    expect(Object.values(cacheOf(dir).entries).map((e) => e.manifest.title)).toEqual(['Greetings']);
    // A new block, and a block made invalid: the bad one is reported from its file, never cached.
    mkdirSync(join(dir, 'hi'));
    writeFileSync(join(dir, 'hi', 'block.yaml'), GOOD.replace('name: greet', 'name: hi'));
    expect(loadBlocks(dir).resolve('hi@1')?.name).toBe('hi');
    writeFileSync(file, GOOD.replace('version: 1.2.3', 'version: 1.2.3\nicon: 3'));
    expect(() => loadBlocks(dir)).toThrow(BlockManifestError);
  });

  it('ignores a damaged cache, and loads without one where it cannot be written', () => {
    const dir = blocksDir({ greet: GOOD });
    writeFileSync(join(dir, '.weft-manifests.json'), '{"version": 1, "entries": ');
    expect(loadBlocks(dir).resolve('greet@1')?.title).toBe('Greet');
    expect(cacheOf(dir).entries).not.toEqual({});
    // A cache that cannot be read or written (here a folder in its place, which stops root too).
    rmSync(join(dir, '.weft-manifests.json'));
    mkdirSync(join(dir, '.weft-manifests.json', 'x'), { recursive: true });
    expect(loadBlocks(dir).resolve('greet@1')?.title).toBe('Greet');
    expect(loadBlocks(dir).resolve('greet@1')?.title).toBe('Greet');
    expect(readdirSync(dir).sort()).toEqual(['.weft-manifests.json', 'greet']);
  });
});

describe('resolving uses', () => {
  const reg = loadBlocks(
    writeBlocks([
      { name: 'kv', version: '1.0.0', wasm: 'x.wasm' },
      { name: 'kv', version: '1.4.2', wasm: 'x.wasm' },
      { name: 'kv', version: '1.10.0', wasm: 'x.wasm' },
      { name: 'kv', version: '2.0.0-rc.1', wasm: 'x.wasm' },
      { name: 'kv', version: '2.1.0', wasm: 'x.wasm', ports: ['hit', 'miss'] },
    ]),
  );

  it('picks the highest matching version', () => {
    expect(reg.resolve('kv@1')?.version).toBe('1.10.0');
    expect(reg.resolve('kv@1.4')?.version).toBe('1.4.2');
    expect(reg.resolve('kv@1.0.0')?.version).toBe('1.0.0');
    expect(reg.resolve('kv@2')?.version).toBe('2.1.0');
    expect(reg.resolve('kv@2.0.0-rc.1')?.version).toBe('2.0.0-rc.1');
  });

  it('returns undefined for what does not exist', () => {
    for (const u of ['kv', 'kv@3', 'kv@1.2.3', 'nope@1', 'kv@x', '@1'])
      expect(reg.resolve(u)).toBeUndefined();
  });

  it('lists the latest version of each block as the palette shows it', () => {
    expect(reg.list()).toEqual([
      expect.objectContaining({
        name: 'kv',
        version: '2.1.0',
        builtin: false,
        ports: ['hit', 'miss'],
        capabilities: { network: false, sql: false, storage: false },
      }),
    ]);
  });

  it('gives an empty registry for a folder that does not exist', () => {
    expect(loadBlocks(join(tmpdir(), 'weft-no-such-dir')).list()).toEqual([]);
  });
});

describe('the standard blocks', () => {
  it('load from <repo>/blocks with their interfaces', () => {
    const reg = loadBlocks(DEFAULT_BLOCKS_DIR);
    expect(reg.list().map((b) => b.name)).toEqual(
      expect.arrayContaining(['crypto', 'csv', 'datetime', 'http', 'json', 'sql', 'storage', 'text']),
    );
    const none = { network: false, sql: false, storage: false };
    expect(reg.resolve('http@1')?.capabilities).toEqual({ ...none, network: true });
    expect(reg.resolve('sql@1')?.capabilities).toEqual({ ...none, sql: true });
    expect(reg.resolve('storage@1')?.capabilities).toEqual({ ...none, storage: true });
    for (const name of ['crypto@1', 'csv@1', 'datetime@1', 'json@1', 'text@1'])
      expect(reg.resolve(name)?.capabilities).toEqual(none);
  });
});
