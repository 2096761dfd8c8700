/**
 * Checked manifests kept beside the blocks, in `<dir>/.weft-manifests.json`, keyed by each
 * block.yaml's path, size and modification time: parsing the YAML of every block took a fifth of a
 * `weft run`. A manifest whose file changed (or a cache that is missing, stale or unreadable) is
 * parsed again; only valid manifests are kept, so problems are always reported from the file itself.
 * The cache lives in the blocks' own folder — as trusted as the manifests it copies (it decides a
 * block's capabilities), never in a shared temp dir. Writing it is best effort: a read-only folder
 * simply has none.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockManifest } from './manifest';

export const MANIFEST_CACHE_FILE = '.weft-manifests.json';
/** Bump when `BlockManifest` or the checks of `parseManifest` change. */
const VERSION = 1;

interface CachedManifest {
  size: number;
  mtimeMs: number;
  manifest: BlockManifest;
}

interface CacheFile {
  version: number;
  /** By block.yaml's absolute path. */
  entries: Record<string, CachedManifest>;
}

/** The manifests of one blocks folder: what the cache holds, and what this load found. */
export class ManifestCache {
  private readonly old: Record<string, CachedManifest>;
  private readonly now: Record<string, CachedManifest> = {};
  private changed = false;

  constructor(private readonly dir: string) {
    this.old = readCache(join(dir, MANIFEST_CACHE_FILE));
  }

  /** The cached manifest of `file` if the file is unchanged since it was cached. */
  get(file: string, stat: { size: number; mtimeMs: number }): BlockManifest | undefined {
    const hit = this.old[file];
    if (!hit || hit.size !== stat.size || hit.mtimeMs !== stat.mtimeMs) return undefined;
    this.now[file] = hit;
    return hit.manifest;
  }

  set(file: string, stat: { size: number; mtimeMs: number }, manifest: BlockManifest): void {
    this.now[file] = { size: stat.size, mtimeMs: stat.mtimeMs, manifest };
    this.changed = true;
  }

  /** Writes the cache if a manifest was parsed or one went away. */
  save(): void {
    if (!this.changed && Object.keys(this.old).length === Object.keys(this.now).length) return;
    const path = join(this.dir, MANIFEST_CACHE_FILE);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify({ version: VERSION, entries: this.now } satisfies CacheFile));
      renameSync(tmp, path); // readers see the old file or the new one, never half of one
    } catch {
      rmSync(tmp, { force: true });
      // read-only folder (an image, a system install): every load parses, as without a cache
    }
  }
}

function readCache(path: string): Record<string, CachedManifest> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
    return data.version === VERSION && data.entries && typeof data.entries === 'object' ? data.entries : {};
  } catch {
    return {};
  }
}
