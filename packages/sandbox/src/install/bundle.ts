/**
 * A block bundle: manifest text + wasm bytes (+ the digest file `weft-block.json` a pack writes),
 * read from a folder or from a `.tgz` (the npm layout: every file under `package/`), and written
 * as a `.tgz` by `packBundle`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { parse as parseYaml } from 'yaml';
import { parseManifest } from '../manifest';
import type { BlockManifest } from '../manifest';
import { sha256 } from './digest';
import type { BlockSignature } from './digest';

/** `weft-block.json`: what `weft block pack` records beside the manifest and the wasm. */
export interface DigestFile {
  format: 'weft-block/1';
  name: string;
  version: string;
  manifest: 'block.yaml';
  wasm: string;
  manifestSha256: string;
  wasmSha256: string;
  signature?: BlockSignature;
}

export interface BlockBundle {
  name: string;
  version: string;
  manifestText: string;
  manifest: BlockManifest;
  /** The manifest's `wasm`, relative to the manifest's folder (checked: no `..`, not absolute). */
  wasmPath: string;
  wasm: Buffer;
  manifestSha256: string;
  wasmSha256: string;
  /** From `weft-block.json`, when the bundle has one. */
  digest?: DigestFile;
  /** Other files kept with the block (README.md, package.json, icon…), path → bytes. */
  extras: Map<string, Buffer>;
}

export type BundleResult = { ok: true; bundle: BlockBundle } | { ok: false; message: string };

export const DIGEST_FILE = 'weft-block.json';
const EXTRA_FILES = ['README.md', 'LICENSE', 'package.json', 'CHANGELOG.md'];
const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

/** Builds a bundle from the files of a block (paths relative to its root). */
export function bundleFromFiles(files: Map<string, Buffer>, where: string): BundleResult {
  const text = files.get('block.yaml');
  if (!text) return { ok: false, message: `${where} has no block.yaml` };
  const manifestText = text.toString('utf8');
  let doc: unknown;
  try {
    doc = parseYaml(manifestText);
  } catch (e) {
    return { ok: false, message: `${where}: block.yaml is not YAML: ${(e as Error).message}` };
  }
  const wasmField = (doc as { wasm?: unknown } | null)?.wasm;
  if (typeof wasmField !== 'string')
    return { ok: false, message: `${where}: block.yaml has no \`wasm\` path` };
  const wasmPath = safeRelative(wasmField);
  if (!wasmPath)
    return {
      ok: false,
      message: `${where}: block.yaml's wasm "${wasmField}" must be a path inside the block (no "..", not absolute)`,
    };
  // Resolved against a virtual folder: the manifest checks shape only here.
  const parsed = parseManifest(manifestText, join('/block', 'block.yaml'));
  if (!parsed.ok)
    return {
      ok: false,
      message: `${where}: invalid block.yaml: ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    };
  const wasm = files.get(wasmPath);
  if (!wasm)
    return {
      ok: false,
      message: `${where}: ${wasmPath} (the manifest's wasm) is missing${where.endsWith('.tgz') ? '' : '; build it first (weft block build)'}`,
    };
  if (!WebAssembly.validate(new Uint8Array(wasm)))
    return { ok: false, message: `${where}: ${wasmPath} is not a valid WebAssembly module` };
  const m = parsed.manifest;
  const bundle: BlockBundle = {
    name: m.name,
    version: m.version,
    manifestText,
    manifest: m,
    wasmPath,
    wasm,
    manifestSha256: sha256(text),
    wasmSha256: sha256(wasm),
    extras: new Map(),
  };
  const digestText = files.get(DIGEST_FILE);
  if (digestText) {
    try {
      bundle.digest = JSON.parse(digestText.toString('utf8')) as DigestFile;
    } catch {
      return { ok: false, message: `${where}: ${DIGEST_FILE} is not JSON` };
    }
  }
  for (const f of EXTRA_FILES) {
    const b = files.get(f);
    if (b) bundle.extras.set(f, b);
  }
  return { ok: true, bundle };
}

/** Reads a block folder (its block.yaml, the wasm it names, weft-block.json and a few doc files). */
export function bundleFromFolder(dir: string): BundleResult {
  const root = resolve(dir);
  if (!existsSync(join(root, 'block.yaml'))) return { ok: false, message: `${dir} has no block.yaml` };
  const files = new Map<string, Buffer>();
  files.set('block.yaml', readFileSync(join(root, 'block.yaml')));
  const w = /^\s*wasm:\s*['"]?([^'"\s#]+)/m.exec(files.get('block.yaml')?.toString('utf8') ?? '');
  const rel = w?.[1] ? safeRelative(w[1]) : undefined;
  if (rel && existsSync(join(root, rel))) files.set(rel, readFileSync(join(root, rel)));
  for (const f of [DIGEST_FILE, ...EXTRA_FILES])
    if (existsSync(join(root, f))) files.set(f, readFileSync(join(root, f)));
  return bundleFromFiles(files, dir);
}

/** Reads a `.tgz` (files under `package/`, as npm packs them, or at the root). */
export async function bundleFromArchive(bytes: Uint8Array, where: string): Promise<BundleResult> {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes, { maxOutputLength: MAX_ARCHIVE_BYTES });
  } catch (e) {
    return { ok: false, message: `${where} is not a gzip archive (.tgz): ${(e as Error).message}` };
  }
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<string | undefined>((res) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') {
          const name = safeRelative(header.name.replace(/^package\//, ''));
          if (name) files.set(name, Buffer.concat(chunks));
        }
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => res(undefined));
    extract.on('error', (e: Error) => res(e.message));
  });
  Readable.from([raw]).pipe(extract);
  const problem = await done;
  if (problem) return { ok: false, message: `${where} is not a tar archive: ${problem}` };
  return bundleFromFiles(files, where);
}

/** The `weft-block.json` of a bundle (with its signature, if given). */
export function digestOf(b: BlockBundle, signature?: BlockSignature): DigestFile {
  return {
    format: 'weft-block/1',
    name: b.name,
    version: b.version,
    manifest: 'block.yaml',
    wasm: b.wasmPath,
    manifestSha256: b.manifestSha256,
    wasmSha256: b.wasmSha256,
    ...(signature ? { signature } : {}),
  };
}

/** Writes the bundle as a `.tgz` with everything under `package/` (so npm can publish it as is). */
export async function packBundle(b: BlockBundle, digest: DigestFile): Promise<Buffer> {
  const pack = tar.pack();
  const entries: [string, Buffer][] = [
    ['block.yaml', Buffer.from(b.manifestText)],
    [b.wasmPath, b.wasm],
    [DIGEST_FILE, Buffer.from(`${JSON.stringify(digest, null, 2)}\n`)],
    ...b.extras,
  ];
  const mtime = new Date(0);
  for (const [name, data] of entries) pack.entry({ name: `package/${name}`, mode: 0o644, mtime }, data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return gzipSync(Buffer.concat(chunks));
}

/** A relative path inside a folder (forward slashes), or undefined when it would leave it. */
export function safeRelative(p: string): string | undefined {
  if (p === '' || isAbsolute(p) || p.includes('\0')) return undefined;
  const n = normalize(p).split(sep).join('/');
  if (n === '..' || n.startsWith('../') || n.startsWith('/')) return undefined;
  return n.replace(/^\.\//, '');
}

/** `relative` with forward slashes. */
export const relPath = (from: string, to: string): string => relative(from, to).split(sep).join('/');
