/** The block catalog the studio validates and draws with: the DSL's built-ins plus server blocks. */
import {
  builtinCatalog,
  combineCatalogs,
  createCatalog,
  portsOf,
  type BlockCatalog,
  type BlockInfo,
  type Step,
} from '@weft/dsl';

/** The ports a step's node shows as named handles (`if`: then/else, `switch`: its cases + default). */
export function stepPorts(step: Step, catalog: BlockCatalog): readonly string[] {
  const block = catalog.resolve(step.uses);
  return block ? (portsOf(block, step.with) ?? []) : [];
}

/** Built-ins plus the blocks the server knows (WASM blocks from `blocks/`). */
export function studioCatalog(extra: readonly BlockInfo[] = []): BlockCatalog {
  const base = builtinCatalog();
  return extra.length === 0 ? base : combineCatalogs(base, createCatalog(extra));
}

/** Palette groups: blocks by category, categories and blocks sorted by title. */
export function groupBlocks(
  blocks: readonly BlockInfo[],
  query: string,
): { category: string; blocks: BlockInfo[] }[] {
  const q = query.trim().toLowerCase();
  const match = (b: BlockInfo): boolean =>
    q === '' || [b.name, b.title, b.description, b.category].some((s) => s.toLowerCase().includes(q));
  const groups = new Map<string, BlockInfo[]>();
  for (const b of blocks) {
    if (!match(b)) continue;
    const list = groups.get(b.category) ?? [];
    list.push(b);
    groups.set(b.category, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([category, list]) => ({ category, blocks: list.sort((a, b) => byText(a.title, b.title)) }));
}

/**
 * Case-insensitive order of names and titles. Not `localeCompare`: its first call sets up the
 * browser's collator (~30 ms), which opening the editor waited for, to order thirty English names.
 */
function byText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What `uses:` says for a block picked from the palette: `http@1` for a WASM block, `if` for a built-in. */
export function usesFor(block: BlockInfo): string {
  if (block.builtin) return block.name;
  const major = block.version.split('.')[0] ?? '1';
  return `${block.name}@${major}`;
}
