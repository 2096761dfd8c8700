import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readdir, rename, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BlockSdkError, readBlockManifest } from './manifest';
import type { BlockManifestInfo } from './manifest';

/** Options of `buildBlock`. */
export interface BuildOptions {
  /** Write the module here instead of the manifest's `wasm` path. */
  outFile?: string;
  /** Optimize (default true). Debug builds compile faster and keep names. */
  optimize?: boolean;
}

/** What `buildBlock` produced. */
export interface BuildResult {
  manifest: BlockManifestInfo;
  /** Absolute path of the written module. */
  wasmPath: string;
  /** True when `ensureBlockBuilt` found the module newer than its sources and did not compile. */
  upToDate?: boolean;
}

/** The SDK's own AssemblyScript sources (a change there makes every block stale). */
export const SDK_ASSEMBLY_DIR = fileURLToPath(new URL('../assembly', import.meta.url));

const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * A folder holding `@weft/block-sdk` (a link to this package) for asc's `--path`, so a block
 * folder builds even before `pnpm install` has linked its own node_modules. One folder per SDK
 * location: two checkouts on one machine never build against each other's SDK, and a link left
 * by a checkout that has since moved or gone is replaced instead of failing every build.
 */
export async function ascPackagePath(): Promise<string> {
  // Outside the repository: a link back into the tree would make a directory cycle for tools.
  const tag = createHash('sha256').update(SDK_DIR).digest('hex').slice(0, 12);
  const base = join(tmpdir(), `weft-asc-path-${process.getuid?.() ?? 0}-${tag}`);
  const link = join(base, '@weft', 'block-sdk');
  if (await exists(join(link, 'package.json'))) return base;
  await mkdir(dirname(link), { recursive: true });
  // A fresh link under a name of its own, renamed over whatever is there (atomic; a concurrent
  // build renames an equal link).
  const fresh = `${link}.${process.pid}.${randomUUID()}`;
  await symlink(SDK_DIR, fresh, 'dir');
  await rename(fresh, link);
  return base;
}

/** The asc arguments used for a block: incremental GC, no abort import, a declared memory maximum. */
export function ascArgs(opts: {
  entryFile: string;
  outFile: string;
  memoryBytes: number;
  optimize: boolean;
}): string[] {
  const pages = Math.max(1, Math.floor(opts.memoryBytes / 65536));
  const args = [
    opts.entryFile,
    '--outFile',
    opts.outFile,
    '--runtime',
    'incremental',
    '--use',
    'abort=',
    '--maximumMemory',
    String(pages),
  ];
  if (opts.optimize) args.push('-O2', '--noAssert');
  else args.push('--debug');
  return args;
}

/**
 * Compiles a block folder's `assembly/index.ts` with asc into the manifest's `wasm` path
 * (for example `build/my-block.wasm`). Compile errors are thrown with asc's diagnostics.
 *
 * @example await buildBlock('blocks/csv')
 */
export async function buildBlock(dir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const root = resolve(dir);
  const manifest = await readBlockManifest(root);
  const entryFile = join(root, 'assembly', 'index.ts');
  if (!(await exists(entryFile)))
    throw new BlockSdkError(`${entryFile} is missing: a block's source starts there`);
  const wasmPath = resolve(root, options.outFile ?? manifest.wasm);
  await mkdir(dirname(wasmPath), { recursive: true });
  // Write next to the target, then rename: a concurrent reader never sees half a module.
  const tmp = `${wasmPath}.${process.pid}.${Date.now()}.tmp`;
  const asc = await loadAsc();
  const out: string[] = [];
  const sink = { write: (chunk: Uint8Array | string): void => void out.push(String(chunk)) };
  const args = ascArgs({
    entryFile: 'assembly/index.ts',
    outFile: relative(root, tmp),
    memoryBytes: manifest.memoryBytes,
    optimize: options.optimize ?? true,
  });
  // asc looks for packages (`@weft/block-sdk/assembly`) in node_modules above its base directory.
  const result = await asc.main([...args, '--baseDir', root, '--path', await ascPackagePath()], {
    stdout: sink,
    stderr: sink,
  });
  if (result.error) {
    throw new BlockSdkError(
      `building ${manifest.name} failed:\n${out.join('').trim() || result.error.message}`,
    );
  }
  await rename(tmp, wasmPath);
  return { manifest, wasmPath };
}

/** The slice of asc's API used here. */
interface Asc {
  main(argv: string[], options: { stdout: AscSink; stderr: AscSink }): Promise<{ error: Error | null }>;
}
interface AscSink {
  write(chunk: Uint8Array | string): void;
}

// Imported by a computed name so lint's import graph does not parse the 13 MB compiler bundle.
const ASC_MODULE = 'assemblyscript/asc';
async function loadAsc(): Promise<Asc> {
  const mod = (await import(ASC_MODULE)) as { default: Asc };
  return mod.default;
}

/** Newest modification time (ms) of the files under `dir`, 0 when there are none. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const s = await stat(join(e.parentPath, e.name));
    newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a block's module is built from besides its own folder: the SDK's `assembly/`, this file
 * (the asc arguments) and the compiler's package (a new asc version is a new file).
 */
async function toolchainMtime(): Promise<number> {
  const own = fileURLToPath(import.meta.url);
  let compiler = 0;
  try {
    compiler = (await stat(createRequire(own).resolve('assemblyscript/package.json'))).mtimeMs;
  } catch {
    compiler = 0;
  }
  return Math.max(await newestMtime(SDK_ASSEMBLY_DIR), (await stat(own)).mtimeMs, compiler);
}

/**
 * Builds the block unless its module is newer than its sources (its `assembly/`, its
 * `block.yaml`, the SDK's `assembly/`, the build arguments and the compiler). Returns the
 * module's path; `upToDate` says it was not compiled. Tests call this so `vitest run blocks`
 * works straight after `pnpm install`, and `weft-block build --changed` uses it.
 */
export async function ensureBlockBuilt(dir: string): Promise<BuildResult> {
  const root = resolve(dir);
  const manifest = await readBlockManifest(root);
  const wasmPath = resolve(root, manifest.wasm);
  let built = 0;
  try {
    built = (await stat(wasmPath)).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(
    await newestMtime(join(root, 'assembly')),
    (await stat(join(root, 'block.yaml'))).mtimeMs,
    await toolchainMtime(),
  );
  if (built > 0 && built >= sources) return { manifest, wasmPath, upToDate: true };
  return buildBlock(root);
}
