/** The weft.lock checks of `weft apply` (against the server's blocks) and `weft run` (local blocks). */
import type { BlockCatalog, BlockInfo } from '@weft/dsl';
import { matchesRef, parseBlockRef, wasmSha256, type BlockRegistry } from '@weft/sandbox';
import type { Connection } from '../server-client';
import { checkLocks } from './lock';
import type { AvailableBlock } from './lock';

export async function checkServerLocks(
  conn: Connection,
  files: readonly { file: string; yaml: string }[],
): Promise<string[]> {
  // The tRPC client is loaded here, not at import: `weft run` imports this file for its local check.
  const { call } = await import('../server-client');
  const { blocks } = await call('apply', conn, (c) => c.blocks.list.query());
  return checkLocks(
    files.map((f) => ({ file: f.file, text: f.yaml })),
    blocks,
    `server ${conn.url}`,
  );
}

export function checkLocalLocks(file: string, text: string, registry: BlockRegistry): string[] {
  // Every block's wasm is hashed only when the folder has a weft.lock to compare with.
  const available = (): AvailableBlock[] =>
    registry.manifests().map((m) => ({ name: m.name, version: m.version, sha256: wasmSha256(m) ?? null }));
  return checkLocks([{ file, text }], available, 'this machine');
}

/** A catalog over the block list a server answers (for validating before apply). */
export function listCatalog(list: readonly BlockInfo[]): BlockCatalog {
  return {
    resolve(uses) {
      const ref = parseBlockRef(uses);
      if (!ref) return list.find((b) => b.builtin && b.name === uses);
      return list.find((b) => !b.builtin && b.name === ref.name && matchesRef(b.version, ref));
    },
    list: () => list,
  };
}
