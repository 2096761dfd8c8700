/**
 * The yaml parse behind every WorkflowDocument, in two forms that give the same tree:
 *
 * - `parseYaml`: one `parseDocument` of the whole text (what `weft fmt` prints from);
 * - `parseChunked`: the text cut into top-level keys and the items of top-level block lists and
 *   maps (each step, each `layout` entry), each chunk parsed alone and cached by its text, then
 *   put together with its ranges shifted. A 500-step file where one step changed re-parses one
 *   step. It answers `undefined` (the caller then does the full parse) whenever the file is not
 *   plainly cut: anchors, aliases or tags, directives, `---`, CR or tab, explicit `?` keys,
 *   unusual top-level keys, duplicate keys, any syntax error or warning, and the few layouts where
 *   yaml stretches a node over the blank and comment lines after it (an empty value at the end of
 *   an item, a deeper comment next to a blank line, an empty or `|+` block scalar before a blank).
 *
 * Node types, values, styles, `range[0..1]` and `spaceBefore` are those of the full parse (the
 * tests compare every node). Where a comment is *attached* in the tree, and `range[2]`, may differ,
 * so a chunked Document must never be printed with `toString()`; edits splice the text instead.
 * Nodes are shared (cache, previous Document): nothing may change them after parsing.
 */
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
  parseDocument,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type Document,
  type Node,
} from 'yaml';

const OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  schema: 'core',
  resolveKnownTags: false,
  version: '1.2',
  strict: true,
} as const;

export function parseYaml(text: string): { doc: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...OPTIONS });
  return { doc, lineCounter };
}

type Kind = 'map' | 'seq';
type Item = Pair | Node;

/** A chunk parsed alone, ranges relative to the chunk's start. Never handed out: always cloned. */
interface Fragment {
  /** The one pair (map chunk) or item (seq chunk); undefined when the chunk is not plainly one. */
  item?: Item;
  /**
   * Where `item`'s ranges start: the chunk's offset in the file that parsed it first. The item is
   * shared with that file's Document (nodes are never changed after parsing) and copied, moved,
   * for a file where the chunk sits elsewhere.
   */
  base?: number;
  /** Whether `item` carries `spaceBefore`. */
  space?: boolean;
  /** The collection's own range in the chunk, for the assembled collection's range. */
  range?: [number, number, number];
  /**
   * The plain value of the chunk (`toJS()` of its collection: a one-item list or a one-key map),
   * frozen: shared by every Document the chunk is in, as the nodes are.
   */
  js?: unknown;
  /** How deep `item` nests, itself counting 1 (for a pair: its key or value). */
  depth?: number;
}

const CACHE_LIMIT = 5000;
const cache = new Map<string, Fragment>();

// A plain key that starts a line: `apiVersion:`, `x-owner:`, `s12:`; anything fancier takes the full parse.
const KEY_LINE = /^[A-Za-z0-9_][\w.$/-]*[ ]*:(?:[ ]|$)/;
const EMPTY_VALUE = /^(?:-[ ]*$|(?:-[ ]+)*(?:[^#]*:)?[ ]*(?:#.*)?$)/;
const BLOCK_HEADER = /^(?:(?:-[ ]+)+|(?:-[ ]+)*[^#\s-][^#]*?:[ ]+)[|>][-+]?[0-9]?[-+]?[ ]*(?:#.*)?$/;
const EXPLICIT_KEY = /^(?:-[ ]+)*[?:](?:[ ]|$)/;
const HEADER_LINE = /^[A-Za-z0-9_][\w.$/-]*[ ]*:[ ]*(?:#.*)?$/;

interface Line {
  start: number;
  /** Offset just past the line's newline (or the text's end). */
  end: number;
  indent: number;
  /** Content: not blank, not only a comment. */
  content: boolean;
  body: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    const raw = text.slice(start, nl < 0 ? text.length : nl);
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const body = raw.slice(indent);
    lines.push({ start, end, indent, content: body !== '' && body[0] !== '#', body });
    start = end;
  }
  return lines;
}

/** Past `last`, the comment lines right after it indented deeper than `col`: yaml counts them in. */
function extendOverComments(lines: readonly Line[], last: number, limit: number, col: number): number {
  let end = last;
  for (let i = last + 1; i <= limit; i++) {
    const l = lines[i] as Line;
    if (l.content || l.body === '' || l.indent <= col) break;
    end = i;
  }
  return end;
}

function endsInBlockScalar(lines: readonly Line[], header: number, last: number): boolean {
  const col = (lines[header] as Line).indent;
  for (let i = header + 1; i <= last; i++) {
    const l = lines[i] as Line;
    if (l.body !== '' && l.indent <= col) return false;
  }
  return true;
}

/** yaml's `spaceBefore`: a blank line among the lines before the first content, ahead of any comment. */
function blankBefore(lines: readonly Line[], from: number, head: number): boolean {
  for (let i = from; i < head; i++) {
    const l = lines[i] as Line;
    if (l.body === '') return true;
    if (!l.content) return false;
  }
  return false;
}

interface Unit {
  /** First line of the chunk (leading blank and comment lines included). */
  from: number;
  /** The line where the item starts. */
  head: number;
  /** Last line of the chunk. */
  last: number;
}

/** Cut lines `from..limit` into units starting at the lines `isHead` picks; other content lines at `col` or deeper continue a unit. */
function units(
  lines: readonly Line[],
  range: { from: number; limit: number; col: number },
  isHead: (l: Line) => boolean | undefined,
): Unit[] | undefined {
  const out: Unit[] = [];
  let lastContent = -1;
  let blockHeader = -1;
  let odd = false;
  const close = (final: boolean): void => {
    const u = out[out.length - 1];
    if (!u) return;
    u.last = extendOverComments(lines, lastContent, range.limit, range.col);
    // yaml then stretches the item's end into the next item's indentation; leave that to the full parse.
    if (u.last > lastContent && !final && range.col > 0) odd = true;
    // Where yaml puts blank lines around a deeper comment depends on the blocks it finds open; too subtle to cut here.
    let blank = false;
    let deeper = false;
    for (let i = lastContent + 1; i <= range.limit && !(lines[i] as Line).content; i++) {
      const l = lines[i] as Line;
      if (l.body === '') blank = true;
      else if (l.indent > range.col) deeper = true;
    }
    if (blank && deeper) odd = true;
    const header = lines[blockHeader];
    // An empty block scalar, or one that keeps its trailing newlines (`|+`), takes some of the blank lines after it.
    const next = lines[u.last + 1];
    if (
      header &&
      next?.body === '' &&
      endsInBlockScalar(lines, blockHeader, u.last) &&
      (blockHeader === lastContent || /[|>][0-9]?\+/.test(header.body))
    )
      odd = true;
    // yaml stretches an empty value (`key:`, `key:   # note`) over the blank and comment lines after it; leave such files to the full parse.
    if (EMPTY_VALUE.test((lines[lastContent] as Line).body)) odd = true;
  };
  for (let i = range.from; i <= range.limit; i++) {
    const l = lines[i] as Line;
    if (!l.content) continue;
    if (l.indent < range.col) return undefined;
    const head = l.indent === range.col ? isHead(l) : false;
    if (head === undefined) return undefined;
    if (head) {
      close(false);
      blockHeader = -1;
      const prev = out[out.length - 1];
      out.push({ from: prev ? prev.last + 1 : range.from, head: i, last: i });
    } else if (out.length === 0) return undefined;
    lastContent = i;
    if (BLOCK_HEADER.test(l.body)) blockHeader = i;
  }
  close(true);
  const u = out[out.length - 1];
  if (u) u.last = range.limit;
  return odd ? undefined : out;
}

/**
 * The items of a chunked Document by chunk text and offset, so that the next parse after an edit
 * takes every unchanged, unmoved item as it is (nodes are never changed after parsing, so two
 * Documents may share them) and copies only the rest from the cache.
 */
export type ChunkPool = ReadonlyMap<number, PoolEntry>;

interface PoolEntry {
  chunk: string;
  kind: Kind;
  space: boolean;
  /** Where the chunk starts in the file. */
  offset: number;
  frag: Fragment & { item: Item; range: [number, number, number] };
  /** The item with this file's ranges, made on first use (`itemOf`). */
  item?: Item;
  range: [number, number, number];
}

/**
 * The item of a chunk with this file's ranges. A chunk that moved (a step inserted above it) is a
 * copy with shifted ranges: made only when something reads the tree, not while the new text is
 * drawn (that reads the plain value), so an edit high in a large file costs its changed chunks.
 */
function itemOf(entry: PoolEntry): Item {
  if (entry.item) return entry.item;
  const frag = entry.frag;
  let item = frag.item;
  if (frag.base === undefined) {
    // Parsed just now: moved into place once; it is the cache's copy from now on.
    shiftInPlace(item, entry.offset);
    if (entry.space) markSpaceBefore(item);
    frag.base = entry.offset;
    frag.space = entry.space;
  } else if (frag.base !== entry.offset || frag.space !== entry.space) {
    item = shiftedClone(item, entry.offset - frag.base);
    setSpaceBefore(item, entry.space);
  }
  entry.item = item;
  return item;
}

/** `coll.items` made from `entries` when first read (then a plain property again). */
function lazyItems(coll: YAMLMap | YAMLSeq, entries: readonly PoolEntry[]): void {
  const settle = (target: object, items: unknown[]): void => {
    Object.defineProperty(target, 'items', {
      value: items,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  };
  Object.defineProperty(coll, 'items', {
    enumerable: true,
    configurable: true,
    get(this: object): unknown[] {
      const items = entries.map(itemOf);
      settle(this, items);
      return items;
    },
    set(this: object, items: unknown[]) {
      settle(this, items);
    },
  });
}

interface Build {
  text: string;
  lines: readonly Line[];
  previous: ChunkPool | undefined;
  pool: Map<number, PoolEntry>;
}

export interface Chunked {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  pool: ChunkPool;
  /** `doc.toJS()`, put together from the chunks' values (no aliases in a chunked file). */
  value: Record<string, unknown>;
  /** How deep the tree nests (the root map counting 1), as `checkStructure` in load.ts counts. */
  depth: number;
}

/** Parse the text in cached chunks, or `undefined` when it must be parsed whole. */
export function parseChunked(text: string, previous?: ChunkPool): Chunked | undefined {
  if (text.includes('\r') || text.includes('\t') || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines = splitLines(text);
  // Explicit keys (`? k` / `: v`) are rare enough to leave to the full parse.
  if (lines.some((l) => l.content && EXPLICIT_KEY.test(l.body))) return undefined;
  const tops = units(lines, { from: 0, limit: lines.length - 1, col: 0 }, (l) =>
    l.body.startsWith('-')
      ? false
      : KEY_LINE.test(l.body) && !/^(?:---|\.\.\.|%)/.test(l.body)
        ? true
        : undefined,
  );
  if (!tops || tops.length === 0) return undefined;

  const build: Build = { text, lines, previous, pool: new Map() };
  const pairs: Pair[] = [];
  const seen = new Set<unknown>();
  const value: Record<string, unknown> = {};
  let depth = 1;
  for (let t = 0; t < tops.length; t++) {
    const top = tops[t] as Unit;
    const got = topPair(build, top, t > 0 && blankBefore(lines, top.from, top.head));
    if (!got || !isScalar(got.pair.key)) return undefined;
    if (seen.has(got.pair.key.value)) return undefined;
    seen.add(got.pair.key.value);
    pairs.push(got.pair);
    setKey(value, got.key, got.value);
    depth = Math.max(depth, got.depth);
  }

  const { doc } = parseYaml('');
  const root = new YAMLMap(doc.schema);
  root.items = pairs;
  const first = pairs[0] as Pair;
  const last = pairs[pairs.length - 1] as Pair;
  const end = ((last.value as Node | null)?.range ?? (last.key as Node).range)?.[2] ?? text.length;
  root.range = [(first.key as Node).range?.[0] ?? 0, end, end];
  doc.contents = root as unknown as Document.Parsed['contents'];
  doc.range = [0, text.length, text.length];
  const lineCounter = new LineCounter();
  for (const l of lines) lineCounter.addNewLine(l.start);
  if (text.endsWith('\n') || text.length === 0) lineCounter.addNewLine(text.length);
  return { doc, lineCounter, pool: build.pool, value, depth };
}

/** The chunk at lines `from..to`: the previous Document's when unchanged and unmoved, else from the cache. */
function take(b: Build, at: { from: number; to: number; kind: Kind; space: boolean }): PoolEntry | undefined {
  const offset = (b.lines[at.from] as Line).start;
  const chunk = b.text.slice(offset, (b.lines[at.to] as Line).end);
  const old = b.previous?.get(offset);
  if (old && old.kind === at.kind && old.space === at.space && old.chunk === chunk) {
    b.pool.set(offset, old);
    return old;
  }
  const frag = fragment(chunk, at.kind);
  if (!frag.item || !frag.range) return undefined;
  const entry: PoolEntry = {
    chunk,
    kind: at.kind,
    space: at.space,
    offset,
    frag: frag as PoolEntry['frag'],
    range: [frag.range[0] + offset, frag.range[1] + offset, frag.range[2] + offset],
  };
  b.pool.set(offset, entry);
  return entry;
}

/** The one key and value of a map chunk's plain value. */
function entryOf(js: unknown): [string, unknown] | undefined {
  if (!js || typeof js !== 'object') return undefined;
  const keys = Object.keys(js);
  return keys.length === 1
    ? [keys[0] as string, (js as Record<string, unknown>)[keys[0] as string]]
    : undefined;
}

/** As yaml's toJS sets a key (`__proto__` is an own property, not the prototype). */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/**
 * One top-level key with its value (and the plain value and depth of that value); a block list or
 * map under it is assembled item by item, its items made when first read (`lazyItems`).
 */
function topPair(
  b: Build,
  at: Unit,
  space: boolean,
): { pair: Pair; key: string; value: unknown; depth: number } | undefined {
  const head = b.lines[at.head] as Line;
  const items = HEADER_LINE.test(head.body) ? collectionUnits(b.lines, at.head + 1, at.last) : undefined;
  if (!items || items.units.length < 2) {
    const whole = take(b, { from: at.from, to: at.last, kind: 'map', space });
    const kv = whole && entryOf(whole.frag.js);
    if (!whole || !kv || !isPair(whole.frag.item)) return undefined;
    // The root map is depth 1: a top-level key and its value are 2.
    return { pair: itemOf(whole) as Pair, key: kv[0], value: kv[1], depth: 1 + (whole.frag.depth ?? 1) };
  }
  // The key's pair gets the assembled value: a fresh copy, never a shared one.
  const header = take(b, { from: at.from, to: at.head, kind: 'map', space });
  const headKey = header && entryOf(header.frag.js);
  if (!header || !headKey || !isPair(header.frag.item)) return undefined;
  const pair = new Pair((itemOf(header) as Pair).key, null as unknown);
  const coll = items.kind === 'seq' ? new YAMLSeq() : new YAMLMap();
  const keys = new Set<unknown>();
  const entries: PoolEntry[] = [];
  const list: unknown[] = [];
  const map: Record<string, unknown> = {};
  let depth = 2;
  let range: [number, number, number] | undefined;
  for (let k = 0; k < items.units.length; k++) {
    const u = items.units[k] as Unit;
    const blank = blankBefore(b.lines, u.from, u.head) && (k > 0 || !head.body.includes('#'));
    const got = take(b, { from: u.from, to: u.last, kind: items.kind, space: blank && k > 0 });
    if (!got) return undefined;
    // The parsed fragment answers what is the same wherever the chunk sits (keys, values, depth).
    const item = got.frag.item;
    if (items.kind === 'map') {
      const kv = entryOf(got.frag.js);
      if (!kv || !isPair(item) || !isScalar(item.key) || keys.has(item.key.value)) return undefined;
      keys.add(item.key.value);
      setKey(map, kv[0], kv[1]);
    } else {
      if (!Array.isArray(got.frag.js) || got.frag.js.length !== 1) return undefined;
      list.push(got.frag.js[0]);
    }
    // An item of the collection (depth 2) is 3.
    depth = Math.max(depth, 2 + (got.frag.depth ?? 1));
    if (blank && k === 0) coll.spaceBefore = true;
    entries.push(got);
    range = range ? [range[0], got.range[1], got.range[2]] : got.range;
  }
  coll.range = range;
  lazyItems(coll, entries);
  pair.value = coll;
  return { pair, key: headKey[0], value: items.kind === 'seq' ? list : map, depth };
}

/** The items of a block list or map that starts after a `key:` line, if it is plainly one. */
function collectionUnits(
  lines: readonly Line[],
  from: number,
  limit: number,
): { kind: Kind; units: Unit[] } | undefined {
  let first: Line | undefined;
  for (let i = from; i <= limit && !first; i++) if ((lines[i] as Line).content) first = lines[i];
  if (!first || (first.indent === 0 && !first.body.startsWith('-'))) return undefined;
  const isSeqItem = (l: Line): boolean => l.body === '-' || l.body.startsWith('- ');
  const kind: Kind = isSeqItem(first) ? 'seq' : 'map';
  const found = units(
    lines,
    { from, limit, col: first.indent },
    (l) => (kind === 'seq' ? isSeqItem(l) : KEY_LINE.test(l.body)) || undefined,
  );
  return found && { kind, units: found };
}

function fragment(chunk: string, kind: Kind): Fragment {
  const key = `${kind}\u0000${chunk}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const f = parseFragment(chunk, kind);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, f);
  return f;
}

function parseFragment(chunk: string, kind: Kind): Fragment {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(chunk, OPTIONS);
  } catch {
    return {};
  }
  const contents: unknown = doc.contents;
  const c =
    kind === 'seq' ? (isSeq(contents) ? contents : undefined) : isMap(contents) ? contents : undefined;
  if (
    doc.errors.length ||
    doc.warnings.length ||
    !c ||
    c.flow ||
    c.items.length !== 1 ||
    !c.range ||
    !plain(c)
  )
    return {};
  const item = c.items[0] as Item;
  return { item, range: c.range, js: deepFreeze(doc.toJS()), depth: depthOf(item) };
}

/** How deep `node` nests, itself counting 1; a pair's key and value are at its own depth. */
function depthOf(node: unknown): number {
  if (isPair(node)) return Math.max(depthOf(node.key), depthOf(node.value));
  if (isMap(node) || isSeq(node)) {
    let deepest = 0;
    for (const it of node.items as unknown[]) deepest = Math.max(deepest, depthOf(it));
    return 1 + deepest;
  }
  return node == null ? 0 : 1;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** No anchors, aliases or tags: those can reach across chunks, so such files are parsed whole. */
function plain(node: unknown): boolean {
  if (isPair(node)) return plain(node.key) && plain(node.value);
  if (!isNode(node)) return node == null;
  if (node.anchor || node.tag || !(isScalar(node) || isMap(node) || isSeq(node))) return false;
  if (isScalar(node)) return true;
  return (node.items as unknown[]).every(plain);
}

function setSpaceBefore(item: Item, space: boolean): void {
  const node = (isPair(item) ? item.key : item) as Node;
  if (space) node.spaceBefore = true;
  else delete node.spaceBefore;
}

function shiftInPlace(node: unknown, by: number): void {
  if (isPair(node)) {
    shiftInPlace(node.key, by);
    shiftInPlace(node.value, by);
    return;
  }
  if (!isNode(node)) return;
  const r = node.range;
  if (r) node.range = [r[0] + by, r[1] + by, r[2] + by];
  if (isMap(node) || isSeq(node)) for (const it of node.items as unknown[]) shiftInPlace(it, by);
}

function markSpaceBefore(item: Item): void {
  if (isPair(item)) (item.key as Node).spaceBefore = true;
  else item.spaceBefore = true;
}

/**
 * A deep copy with every range moved by `by`. yaml's own `clone()` copies property descriptors and
 * is several times slower; this builds each node with its constructor and copies its fields.
 */
function shiftedClone<T extends Item>(item: T, by: number): T {
  return copy(item, by) as T;
}

function copy(node: unknown, by: number): unknown {
  if (isPair(node)) return new Pair(copy(node.key, by), copy(node.value, by));
  if (!isNode(node)) return node;
  let out: Node;
  if (isScalar(node)) out = Object.assign(new Scalar(node.value), node);
  else if (isMap(node)) {
    out = Object.assign(new YAMLMap(node.schema), node);
    (out as YAMLMap).items = node.items.map((p) => copy(p, by) as Pair);
  } else if (isSeq(node)) {
    out = Object.assign(new YAMLSeq(node.schema), node);
    (out as YAMLSeq).items = node.items.map((n) => copy(n, by));
  } else return node;
  const r = node.range;
  if (r) out.range = [r[0] + by, r[1] + by, r[2] + by];
  return out;
}

/** @internal for tests: forget every cached chunk. */
export function clearChunkCache(): void {
  cache.clear();
}
