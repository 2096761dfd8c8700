/**
 * The SOURCE of `weft block install`: a block folder, a `.tgz` from `weft block pack`, an https URL
 * of such a `.tgz`, or an npm package name (`name`, `@scope/name`, `name@1.2.3`, `name@tag`) fetched
 * from the registry in `--registry`, `WEFT_NPM_REGISTRY` or `npm_config_registry`
 * (default https://registry.npmjs.org), its tarball checked against the registry's `integrity`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureBlockBuilt, BlockSdkError } from '@weft/block-sdk';
import { bundleFromArchive, bundleFromFolder, digestOf, packBundle, type BlockBundle } from '@weft/sandbox';
import { caFromEnv, fetchBytes } from './fetch';

export interface FetchedBlock {
  bundle: BlockBundle;
  /** The bytes to send to a server (the archive as fetched, or a pack of the folder). */
  archive: Buffer;
  /** How the source is recorded (`folder:…`, `file:…`, `https://…`, `npm:name@version`). */
  source: string;
}

export type SourceResult = { ok: true; value: FetchedBlock } | { ok: false; message: string };

const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*(@[^\s/]+)?$/;

export async function fetchSource(
  raw: string,
  opts: { cwd: string; env: Record<string, string | undefined>; registry?: string | undefined },
): Promise<SourceResult> {
  const { ca, problem } = caFromEnv(opts.env);
  if (problem) return { ok: false, message: problem };
  if (/^https?:\/\//i.test(raw)) {
    const got = await fetchBytes(raw, { ...(ca ? { ca } : {}) });
    if (!got.ok) return got;
    return fromArchive(got.bytes, raw);
  }
  const path = resolve(opts.cwd, raw);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) return fromFolder(path, raw);
    return fromArchive(readFileSync(path), `file:${raw}`);
  }
  if (raw.endsWith('.tgz') || raw.startsWith('.') || (raw.includes('/') && !raw.startsWith('@')))
    return { ok: false, message: `${raw}: no such file or folder` };
  if (!NPM_NAME.test(raw))
    return { ok: false, message: `"${raw}" is not a folder, a .tgz, an https URL or an npm package name` };
  return fromNpm(raw, opts.registry ?? opts.env.WEFT_NPM_REGISTRY ?? opts.env.npm_config_registry, ca);
}

async function fromFolder(dir: string, shown: string): Promise<SourceResult> {
  if (existsSync(resolve(dir, 'assembly'))) {
    try {
      await ensureBlockBuilt(dir);
    } catch (e) {
      if (e instanceof BlockSdkError) return { ok: false, message: `${shown}: ${e.message}` };
      throw e;
    }
  }
  const b = bundleFromFolder(dir);
  if (!b.ok) return b;
  const archive = await packBundle(b.bundle, b.bundle.digest ?? digestOf(b.bundle));
  return { ok: true, value: { bundle: b.bundle, archive, source: `folder:${dir}` } };
}

async function fromArchive(bytes: Buffer, source: string): Promise<SourceResult> {
  const b = await bundleFromArchive(bytes, source);
  if (!b.ok) return b;
  return { ok: true, value: { bundle: b.bundle, archive: bytes, source } };
}

interface Packument {
  name?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { dist?: { tarball?: string; integrity?: string; shasum?: string } }>;
}

async function fromNpm(
  spec: string,
  registryUrl: string | undefined,
  ca: string | undefined,
): Promise<SourceResult> {
  const at = spec.indexOf('@', 1);
  const name = at > 0 ? spec.slice(0, at) : spec;
  const wanted = at > 0 ? spec.slice(at + 1) : 'latest';
  const registry = (registryUrl ?? 'https://registry.npmjs.org').replace(/\/+$/, '');
  const fetchOpts = { allowHttp: true, ...(ca ? { ca } : {}) };
  const meta = await fetchBytes(`${registry}/${name.replace('/', '%2f')}`, {
    ...fetchOpts,
    accept: 'application/vnd.npm.install-v1+json, application/json',
  });
  if (!meta.ok) return { ok: false, message: `npm package ${name}: ${meta.message}` };
  let doc: Packument;
  try {
    doc = JSON.parse(meta.bytes.toString('utf8')) as Packument;
  } catch {
    return { ok: false, message: `npm package ${name}: the registry's answer is not JSON` };
  }
  const version = doc['dist-tags']?.[wanted] ?? wanted;
  const dist = doc.versions?.[version]?.dist;
  if (!dist?.tarball)
    return {
      ok: false,
      message: `npm package ${name} has no version or tag "${wanted}" (versions: ${Object.keys(doc.versions ?? {}).join(', ') || 'none'})`,
    };
  const tgz = await fetchBytes(dist.tarball, fetchOpts);
  if (!tgz.ok) return { ok: false, message: `npm package ${name}@${version}: ${tgz.message}` };
  const bad = integrityProblem(tgz.bytes, dist);
  if (bad) return { ok: false, message: `npm package ${name}@${version} refused: ${bad}` };
  return fromArchive(tgz.bytes, `npm:${name}@${version}`);
}

/** Checks the tarball against the registry's `integrity` (sha512/sha256 SRI) or `shasum` (sha1). */
function integrityProblem(bytes: Buffer, dist: { integrity?: string; shasum?: string }): string | undefined {
  if (dist.integrity) {
    for (const part of dist.integrity.trim().split(/\s+/)) {
      const m = /^(sha512|sha384|sha256)-(.+)$/.exec(part);
      if (!m?.[1] || !m[2]) continue;
      const got = createHash(m[1]).update(bytes).digest('base64');
      return got === m[2] ? undefined : `the tarball's ${m[1]} is ${got}, the registry says ${m[2]}`;
    }
  }
  if (dist.shasum) {
    const got = createHash('sha1').update(bytes).digest('hex');
    return got === dist.shasum ? undefined : `the tarball's sha1 is ${got}, the registry says ${dist.shasum}`;
  }
  return 'the registry gives no integrity for the tarball';
}
