/**
 * The block registry: every `blocks/<folder>/block.yaml`, checked, indexed by name and version, and
 * exposed as the `BlockCatalog` that packages/dsl validates workflows against.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockCatalog, BlockInfo } from '@weft/dsl';
import { parseManifest } from './manifest';
import { ManifestCache } from './manifest-cache';
import type { BlockManifest, ManifestProblem } from './manifest';
import { compareSemver, matchesRef, parseBlockRef, parseSemver } from './semver';
import type { SemVer } from './semver';

/** `<repo>/blocks`, where the standard blocks live. */
export const DEFAULT_BLOCKS_DIR = fileURLToPath(new URL('../../../blocks', import.meta.url));

/** Thrown by `loadBlocks` when a manifest is invalid; `problems` lists every one found. */
export class BlockManifestError extends Error {
  readonly code = 'BLOCK_MANIFEST_INVALID';
  constructor(readonly problems: readonly ManifestProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('\n'));
    this.name = 'BlockManifestError';
  }
}

interface Entry {
  manifest: BlockManifest;
  semver: SemVer;
  info: BlockInfo;
}

/** All blocks found in some folders. A `BlockCatalog`, plus the manifests the runner needs. */
export class BlockRegistry implements BlockCatalog {
  private byName = new Map<string, Entry[]>();

  constructor(manifests: readonly BlockManifest[]) {
    this.byName = index(manifests);
  }

  /**
   * Swaps in another set of manifests (blocks installed or removed while the server runs). Throws
   * `BlockManifestError` and keeps the current set when the new one is inconsistent.
   */
  replace(manifests: readonly BlockManifest[]): void {
    this.byName = index(manifests);
  }

  /** Resolves `name@major`, `name@major.minor` or `name@x.y.z` to the highest matching version. */
  resolve(uses: string): BlockInfo | undefined {
    return this.find(uses)?.info;
  }

  /** The manifest behind a `uses` value, or undefined. */
  manifest(uses: string): BlockManifest | undefined {
    return this.find(uses)?.manifest;
  }

  /** The latest version of every block, by name. */
  list(): readonly BlockInfo[] {
    return [...this.byName.values()]
      .map((l) => (l[0] as Entry).info)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every version of every block. */
  manifests(): readonly BlockManifest[] {
    return [...this.byName.values()].flatMap((l) => l.map((e) => e.manifest));
  }

  private find(uses: string): Entry | undefined {
    const ref = parseBlockRef(uses);
    if (!ref) return undefined;
    return this.byName.get(ref.name)?.find((e) => matchesRef(e.manifest.version, ref));
  }
}

/**
 * Reads every `<dir>/<folder>/block.yaml` (folders without one are skipped) and checks them; an
 * unchanged manifest comes from `<dir>/.weft-manifests.json` (see manifest-cache.ts).
 * Throws `BlockManifestError` naming each bad file and field. A missing directory gives an empty
 * registry. The `.wasm` files are not read here (validation does not need them); the runner reports
 * a missing one as `BLOCK_NOT_FOUND` when the block is used.
 *
 * @example
 * const blocks = loadBlocks();            // <repo>/blocks
 * blocks.resolve('http@1')?.capabilities  // { network: true }
 */
export function loadBlocks(dirs: string | readonly string[] = DEFAULT_BLOCKS_DIR): BlockRegistry {
  const manifests: BlockManifest[] = [];
  const problems: ManifestProblem[] = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    if (!existsSync(dir)) continue;
    const cache = new ManifestCache(dir);
    for (const folder of readdirSync(dir).sort()) {
      if (folder.startsWith('.') || folder === 'node_modules') continue;
      const file = join(dir, folder, 'block.yaml');
      const stat = fileStat(file);
      if (!stat) continue;
      const key = resolve(file);
      const cached = cache.get(key, stat);
      if (cached) {
        manifests.push(cached);
        continue;
      }
      const shown = relative(process.cwd(), file) || file;
      const r = parseManifest(readFileSync(file, 'utf8'), file, { compileSchemas: false });
      if (r.ok) {
        manifests.push(r.manifest);
        cache.set(key, stat, r.manifest);
      } else problems.push(...r.problems.map((p) => ({ ...p, file: shown })));
    }
    cache.save();
  }
  if (problems.length > 0) throw new BlockManifestError(problems);
  return new BlockRegistry(manifests);
}

/** The file's stat, or undefined when it is not a file (or `dir/<folder>` is no folder). */
function fileStat(file: string): Stats | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

function toInfo(m: BlockManifest): BlockInfo {
  const info: BlockInfo = {
    name: m.name,
    version: m.version,
    title: m.title,
    description: m.description,
    category: m.category,
    icon: m.icon,
    builtin: false,
    inputs: m.inputs,
    capabilities: { ...m.capabilities },
  };
  if (m.output) info.output = m.output;
  if (m.ports) info.ports = m.ports;
  return info;
}

function index(manifests: readonly BlockManifest[]): Map<string, Entry[]> {
  const byName = new Map<string, Entry[]>();
  const problems: ManifestProblem[] = [];
  for (const m of manifests) {
    const semver = parseSemver(m.version);
    if (!semver) {
      problems.push({
        file: m.file,
        field: 'version',
        message: `must be a semver version (got "${m.version}")`,
      });
      continue;
    }
    const list = byName.get(m.name) ?? [];
    const dup = list.find((e) => e.manifest.version === m.version);
    if (dup) {
      problems.push({
        file: m.file,
        field: 'version',
        message: `${m.name}@${m.version} is also defined in ${dup.manifest.file}`,
      });
      continue;
    }
    list.push({ manifest: m, semver, info: toInfo(m) });
    list.sort((a, b) => compareSemver(b.semver, a.semver));
    byName.set(m.name, list);
  }
  if (problems.length > 0) throw new BlockManifestError(problems);
  return byName;
}
