/**
 * Test blocks for the sandbox: tiny AssemblyScript modules compiled with `asc` (from npm) into a
 * cache folder keyed by the sources' hash, plus manifests written into a temporary blocks folder.
 * The sandbox's own tests never depend on the standard blocks being built.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

const run = promisify(execFile);
const ASC = createRequire(import.meta.url).resolve('assemblyscript/bin/asc.js');

const SRC = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'as');
const SOURCES = ['weft.as', 'test-block.as', 'wasi-env.as'];

export interface Fixtures {
  /** Max memory 64 pages (4 MiB); every test entry (echo, loop, membomb, …). */
  testBlock: string;
  /** The same module built without a memory maximum. */
  noMax: string;
  /** Imports WASI (environment variables, files). */
  wasi: string;
}

interface Build {
  entry: string;
  out: string;
  args: string[];
}

/** Compiles the fixtures once per source change (shared by every test file and run). */
export async function buildFixtures(): Promise<Fixtures> {
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(SRC, f)));
  const dir = join(tmpdir(), `weft-sandbox-fixtures-${hash.digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  // asc wants .ts entry files; the sources live as .as so the repo's TS config leaves them alone.
  for (const f of SOURCES) copyFileSync(join(SRC, f), join(dir, f.replace(/\.as$/, '.ts')));
  const base = ['--runtime', 'incremental', '--use', 'abort=', '--optimizeLevel', '1'];
  const builds: Build[] = [
    { entry: 'test-block.ts', out: 'test-block.wasm', args: [...base, '--maximumMemory', '64'] },
    { entry: 'test-block.ts', out: 'test-block-nomax.wasm', args: base },
    { entry: 'wasi-env.ts', out: 'wasi-env.wasm', args: [...base, '--maximumMemory', '16'] },
  ];
  for (const b of builds) {
    const out = join(dir, b.out);
    if (existsSync(out)) continue;
    const tmp = `${out}.${process.pid}.tmp`;
    // A child process: asc (and binaryen) stay out of the test worker and out of lint's import graph.
    try {
      await run(process.execPath, [ASC, join(dir, b.entry), '--outFile', tmp, ...b.args]);
    } catch (err) {
      throw new Error(`asc failed for ${b.entry}: ${(err as { stderr?: string }).stderr ?? String(err)}`);
    }
    renameSync(tmp, out);
  }
  return {
    testBlock: join(dir, 'test-block.wasm'),
    noMax: join(dir, 'test-block-nomax.wasm'),
    wasi: join(dir, 'wasi-env.wasm'),
  };
}

export interface BlockSpec {
  name: string;
  version?: string;
  wasm: string;
  entry?: string;
  network?: boolean;
  ports?: string[];
  inputs?: Record<string, unknown>;
  limits?: Record<string, unknown>;
}

/** A fresh blocks folder with one manifest per spec (wasm paths are absolute). */
export function writeBlocks(specs: readonly BlockSpec[]): string {
  const root = mkdtempSync(join(tmpdir(), 'weft-blocks-'));
  for (const s of specs) {
    const folder = join(root, `${s.name}-${s.version ?? '1.0.0'}`);
    mkdirSync(folder, { recursive: true });
    const doc: Record<string, unknown> = {
      name: s.name,
      version: s.version ?? '1.0.0',
      title: s.name,
      description: `test block ${s.name}`,
      category: 'test',
      icon: 'box',
      wasm: s.wasm,
      entry: s.entry ?? 'run',
      inputs: s.inputs ?? { type: 'object' },
      output: {},
      capabilities: { network: s.network ?? false },
      limits: s.limits ?? { memory: '4MiB', timeout: '5s', maxOutputBytes: '64KiB' },
    };
    if (s.ports) doc.ports = s.ports;
    writeFileSync(join(folder, 'block.yaml'), stringify(doc));
  }
  return root;
}
