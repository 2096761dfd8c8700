/**
 * `weft.lock`: beside a folder of workflows, pins each block they use to `name@version` + the
 * sha256 of its wasm. `weft apply` and `weft run` refuse a block the lock does not pin or whose
 * bytes differ (like `npm ci` with package-lock.json).
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_NAMES, compareSemver, matchesRef, parseBlockRef, parseSemver } from '@weft/sandbox';

export const LOCK_FILE = 'weft.lock';

export interface LockFile {
  lockfileVersion: 1;
  blocks: Record<string, { sha256: string }>;
}

/** A block the target (server or local registry) has. */
export interface AvailableBlock {
  name: string;
  version: string;
  sha256: string | null;
}

export type LockRead = { ok: true; lock: LockFile | undefined } | { ok: false; message: string };

export function readLock(dir: string): LockRead {
  const file = join(dir, LOCK_FILE);
  if (!existsSync(file)) return { ok: true, lock: undefined };
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockFile>;
    if (doc.lockfileVersion !== 1 || typeof doc.blocks !== 'object' || doc.blocks === null)
      return { ok: false, message: `${file}: not a weft.lock (lockfileVersion 1 with "blocks")` };
    return { ok: true, lock: doc as LockFile };
  } catch (e) {
    return { ok: false, message: `${file}: not JSON: ${(e as Error).message}` };
  }
}

export function writeLock(dir: string, lock: LockFile): string {
  const file = join(dir, LOCK_FILE);
  const sorted = Object.fromEntries(Object.entries(lock.blocks).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ lockfileVersion: 1, blocks: sorted }, null, 2)}\n`);
  return file;
}

/** The WASM blocks (`uses` values) that workflow texts name (read from the YAML, no validation). */
export function blockUses(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch {
      continue;
    }
    const steps = (doc as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) continue;
    for (const s of steps) {
      const uses = (s as { uses?: unknown } | null)?.uses;
      if (typeof uses === 'string' && !BUILTIN_NAMES.has(uses) && uses.includes('@')) out.add(uses);
    }
  }
  return [...out].sort();
}

/** The weft/v1 workflow files under a folder (hidden folders and node_modules skipped). */
export function workflowTexts(path: string): { file: string; text: string }[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return [];
  if (!st.isDirectory()) return [{ file: path, text: readFileSync(path, 'utf8') }];
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(path, name);
    if (statSync(full).isDirectory()) out.push(...workflowTexts(full));
    else if (['.yaml', '.yml'].includes(extname(name))) {
      const text = readFileSync(full, 'utf8');
      if (/^apiVersion:\s*["']?weft\//m.test(text)) out.push({ file: full, text });
    }
  }
  return out;
}

/**
 * Checks workflow files against the weft.lock of their folders (a folder without one is not
 * checked). Returns the problems, each naming the block and why.
 */
export function checkLocks(
  files: readonly { file: string; text: string }[],
  /** The blocks to check against, or how to list them (only called when a folder has a weft.lock). */
  available: readonly AvailableBlock[] | (() => readonly AvailableBlock[]),
  where: string,
): string[] {
  let blocks = typeof available === 'function' ? undefined : available;
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirname(f.file), [...(byDir.get(dirname(f.file)) ?? []), f.text]);
  const problems: string[] = [];
  for (const [dir, texts] of byDir) {
    const r = readLock(dir);
    if (!r.ok) problems.push(r.message);
    else if (r.lock) {
      blocks ??= (available as () => readonly AvailableBlock[])();
      problems.push(...lockProblems(r.lock, blockUses(texts), blocks, where));
    }
  }
  return problems;
}

/** The highest available version that `uses` resolves to. */
export function resolveUses(uses: string, available: readonly AvailableBlock[]): AvailableBlock | undefined {
  const ref = parseBlockRef(uses);
  if (!ref) return undefined;
  let best: AvailableBlock | undefined;
  for (const b of available) {
    if (b.name !== ref.name || !matchesRef(b.version, ref)) continue;
    const v = parseSemver(b.version);
    const w = best ? parseSemver(best.version) : undefined;
    if (!best || (v && w && compareSemver(v, w) > 0)) best = b;
  }
  return best;
}

/** Every way the available blocks differ from the lock, for the blocks the workflows use. */
export function lockProblems(
  lock: LockFile,
  uses: readonly string[],
  available: readonly AvailableBlock[],
  where: string,
): string[] {
  const problems: string[] = [];
  for (const u of uses) {
    const got = resolveUses(u, available);
    if (!got) continue; // an unknown block is the validator's error
    const id = `${got.name}@${got.version}`;
    const pinned = lock.blocks[id];
    if (!pinned) {
      const other = Object.keys(lock.blocks).find((k) => k.startsWith(`${got.name}@`));
      problems.push(
        other
          ? `weft.lock: ${u} resolves to ${id} on ${where}, but the lock pins ${other} (run weft block lock to update it)`
          : `weft.lock: ${u} (${id}) is not in the lock (run weft block lock to add it)`,
      );
      continue;
    }
    if (got.sha256 !== pinned.sha256)
      problems.push(
        `weft.lock: block ${id} on ${where} has sha256 ${got.sha256 ?? '(no wasm)'}, but the lock pins ${pinned.sha256}: its bytes differ from the locked ones`,
      );
  }
  return problems;
}
