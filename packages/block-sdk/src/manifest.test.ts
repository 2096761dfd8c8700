import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascArgs } from './build';
import { DEFAULT_MEMORY_BYTES, parseSize, readBlockManifest } from './manifest';

async function folderWith(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'weft-manifest-'));
  await writeFile(join(dir, 'block.yaml'), yaml);
  return dir;
}

describe('block.yaml for build and test', () => {
  it('reads name, version, wasm, entry, memory and network', async () => {
    const dir = await folderWith(
      'name: x\nversion: 1.2.3\nwasm: build/x.wasm\nlimits: { memory: 8MiB }\ncapabilities: { network: true }\n',
    );
    expect(await readBlockManifest(dir)).toEqual({
      name: 'x',
      version: '1.2.3',
      wasm: 'build/x.wasm',
      entry: 'run',
      memoryBytes: 8 * 1024 * 1024,
      network: true,
    });
  });

  it('defaults the memory cap and declares it to asc as a page maximum', async () => {
    const dir = await folderWith('name: x\nversion: 1.0.0\nwasm: build/x.wasm\n');
    const m = await readBlockManifest(dir);
    expect(m.memoryBytes).toBe(DEFAULT_MEMORY_BYTES);
    const args = ascArgs({
      entryFile: 'assembly/index.ts',
      outFile: 'o.wasm',
      memoryBytes: m.memoryBytes,
      optimize: true,
    });
    expect(args.join(' ')).toContain('--maximumMemory 512');
    expect(args.join(' ')).toContain('--runtime incremental --use abort=');
  });

  it.each([
    ['name: x\nversion: 1.0.0\n', '`wasm` must be a non-empty string'],
    ['name: x\nversion: 1.0.0\nwasm: a.wasm\nlimits: { memory: lots }\n', '`limits.memory` must be a size'],
    ['- a\n- b\n', 'must be a mapping'],
    ['name: [unclosed\n', 'is not valid YAML'],
  ])('names the problem in %j', async (yaml, message) => {
    await expect(readBlockManifest(await folderWith(yaml))).rejects.toThrow(message);
  });

  it('says when a folder is not a block', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weft-empty-'));
    await expect(readBlockManifest(dir)).rejects.toThrow(/no block.yaml in .*weft block init/);
  });

  it('parses sizes', () => {
    expect(parseSize('32MiB')).toBe(33554432);
    expect(parseSize('64 MB')).toBe(64_000_000);
    expect(parseSize('512KiB')).toBe(524288);
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('12 parsecs')).toBeNull();
    expect(parseSize(-1)).toBeNull();
  });
});
