/**
 * Minimal text edits on a parsed YAML file. Each op returns splices over the original text that
 * touch only the lines the change needs; everything else (comments, spacing, quoting) stays
 * byte-identical. Flow collections (`[a, b]`, `{ a: 1 }`) are rewritten as a whole, on their line.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { indentRest, pairText, scalarText, stringifyNode, styleNew, valueText } from './yaml-text';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface Src {
  text: string;
  doc: Document.Parsed;
}

export type PathKey = string | number;

export class EditFailure extends Error {}

export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((a, b) => b.start - a.start);
  let out = text;
  let limit = Infinity;
  for (const s of sorted) {
    if (s.end > limit) throw new EditFailure('internal error: overlapping edits');
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

const lineStart = (text: string, off: number): number => text.lastIndexOf('\n', off - 1) + 1;
const column = (text: string, off: number): number => off - lineStart(text, off);
function lineEndIncl(text: string, off: number): number {
  const i = text.indexOf('\n', off);
  return i < 0 ? text.length : i + 1;
}

function range(node: unknown): [number, number, number] {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  if (!r) throw new EditFailure('internal error: node without a source range');
  return r;
}

/** Past the following comment lines indented at least `minCol` (they belong to what precedes). */
function extendOverComments(text: string, off: number, minCol: number): number {
  let end = off;
  let cur = off;
  while (cur < text.length) {
    const next = lineEndIncl(text, cur);
    const line = text.slice(cur, next).replace(/\r?\n$/, '');
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (line.trim() === '') {
      cur = next;
      continue;
    }
    if (line.trimStart().startsWith('#') && indent >= minCol) {
      end = next;
      cur = next;
      continue;
    }
    break;
  }
  return end;
}

/** Offset just past the line where a node's content ends (its trailing comment included). */
function nodeLineEnd(text: string, node: unknown, minCol: number): number {
  const e = range(node)[1];
  const base = e > 0 && text[e - 1] === '\n' ? e : lineEndIncl(text, e);
  return isMap(node) || isSeq(node) ? extendOverComments(text, base, minCol) : base;
}

function pairEnd(text: string, pair: Pair, keyCol: number): number {
  return nodeLineEnd(text, pair.value ?? pair.key, keyCol + 1);
}

const withNewline = (text: string, at: number): string =>
  at === text.length && !text.endsWith('\n') ? '\n' : '';

export function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function toNode(value: unknown): Node {
  const n = new Document().createNode(value) as Node;
  styleNew(n);
  return n;
}

/** Rewrite a flow collection as a whole after `mutate` changes a copy of it. */
function regenFlow(node: YAMLMap | YAMLSeq, mutate: (copy: YAMLMap | YAMLSeq) => void): Splice {
  const copy = node.clone() as YAMLMap | YAMLSeq;
  mutate(copy);
  const [start, end] = range(node);
  return { start, end, text: stringifyNode(copy) };
}

function nest(path: readonly PathKey[], value: unknown): unknown {
  return path.reduceRight<unknown>(
    (acc, k) => (typeof k === 'number' ? Object.assign([], { [k]: acc }) : { [k]: acc }),
    value,
  );
}

/** Where a new key goes: after the last existing key that comes before it in `order`. */
function predecessor(map: YAMLMap, key: string, order: readonly string[] | undefined): Pair | 'first' {
  const rank = order?.indexOf(key) ?? -1;
  if (rank < 0) return map.items[map.items.length - 1] as Pair;
  let best: Pair | undefined;
  for (const p of map.items) {
    const r = order?.indexOf(String((p.key as { value?: unknown }).value)) ?? -1;
    if (r >= 0 && r < rank) best = p;
  }
  return best ?? 'first';
}

export function insertPair(
  src: Src,
  map: YAMLMap,
  key: string,
  value: unknown,
  order?: readonly string[],
): Splice[] {
  if (map.flow || map.items.length === 0)
    return [regenFlow(map, (c) => (c as YAMLMap).set(key, toNode(value)))];
  const { text } = src;
  const first = map.items[0] as Pair;
  const col = column(text, range(first.key)[0]);
  const body = ' '.repeat(col) + indentRest(pairText(key, value), col);
  let after = predecessor(map, key, order);
  if (after === 'first') {
    const ks = range(first.key)[0];
    if (text.slice(lineStart(text, ks), ks).trim() === '')
      return [{ start: lineStart(text, ks), end: lineStart(text, ks), text: `${body}\n` }];
    after = first;
  }
  const at = pairEnd(text, after, col);
  return [{ start: at, end: at, text: `${withNewline(text, at)}${body}\n` }];
}

export function replacePairValue(src: Src, pair: Pair, value: unknown): Splice[] {
  const { text } = src;
  const v = pair.value;
  const isScalarValue = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (isScalar(v) && isScalarValue && v.type !== 'BLOCK_LITERAL' && v.type !== 'BLOCK_FOLDED' && v.range) {
    const t = scalarText(value, v);
    if (t !== undefined) return [{ start: v.range[0], end: v.range[1], text: t }];
  }
  if ((isMap(v) || isSeq(v)) && v.flow && v.range && Array.isArray(value) === isSeq(v)) {
    const t = valueText(value);
    if (!t.includes('\n')) return [{ start: v.range[0], end: v.range[1], text: t }];
  }
  const ks = range(pair.key)[0];
  const col = column(text, ks);
  const end = pairEnd(text, pair, col);
  const nl = text.slice(ks, end).endsWith('\n') ? '\n' : '';
  return [
    {
      start: ks,
      end,
      text: indentRest(pairText(String((pair.key as { value?: unknown }).value), value), col) + nl,
    },
  ];
}

/** Set `path` under a map to `value`, creating what is missing. */
export function setIn(
  src: Src,
  map: YAMLMap,
  path: readonly PathKey[],
  value: unknown,
  order?: readonly string[],
): Splice[] {
  const [k, ...rest] = path;
  if (typeof k !== 'string') throw new EditFailure(`cannot set index ${String(k)} on a map`);
  if (map.flow) return [regenFlow(map, (c) => c.setIn(path, toNode(value)))];
  const pair = findPair(map, k);
  if (!pair) return insertPair(src, map, k, rest.length ? nest(rest, value) : value, order);
  if (rest.length === 0) return replacePairValue(src, pair, value);
  const v = pair.value;
  if (isMap(v) && typeof rest[0] === 'string') return setIn(src, v, rest, value);
  if (isSeq(v) && typeof rest[0] === 'number') {
    // A field of a block map inside a block list (`triggers[0].cron`): edit that map in place, so
    // the list's other items and comments stay as written.
    const item = v.items[rest[0]];
    if (!v.flow && isMap(item) && typeof rest[1] === 'string') return setIn(src, item, rest.slice(1), value);
    // One more item at the end of a block list: written below the last one.
    if (!v.flow && rest.length === 1 && rest[0] === v.items.length && v.items.length > 0)
      return insertItem(src, v, undefined, value);
    const copy = v.clone() as YAMLSeq;
    copy.setIn(rest, toNode(value));
    return replacePairValue(src, pair, copy.toJSON());
  }
  return replacePairValue(src, pair, nest(rest, value));
}

export function removePair(src: Src, map: YAMLMap, pair: Pair): Splice[] {
  if (map.flow) return [regenFlow(map, (c) => (c as YAMLMap).delete(pair.key))];
  const { text } = src;
  const ks = range(pair.key)[0];
  const ls = lineStart(text, ks);
  const end = pairEnd(text, pair, column(text, ks));
  if (text.slice(ls, ks).trim() === '') return [{ start: ls, end, text: '' }];
  // The key shares its line with a list dash (`- id: a`): pull the next key up onto that line.
  const next = map.items[map.items.indexOf(pair) + 1];
  if (next) return [{ start: ks, end: range(next.key)[0], text: '' }];
  return [{ start: ks, end, text: '{}\n' }];
}

/**
 * Remove `path` under a map. Maps left empty by the removal are removed too, so unsetting
 * `retry.jitter` when it is the only key removes `retry`. Returns [] when nothing is there.
 */
export function unsetIn(src: Src, map: YAMLMap, path: readonly PathKey[]): Splice[] {
  const [k, ...rest] = path;
  if (typeof k !== 'string') throw new EditFailure(`cannot unset index ${String(k)} on a map`);
  if (map.flow) return map.hasIn(path) ? [regenFlow(map, (c) => c.deleteIn(path))] : [];
  const pair = findPair(map, k);
  if (!pair) return [];
  if (rest.length === 0) return removePair(src, map, pair);
  const v = pair.value;
  if (!(isMap(v) || isSeq(v)) || !v.hasIn(rest)) return [];
  if (isSeq(v) && !v.flow && typeof rest[0] === 'number' && rest.length > 1) {
    const item = v.items[rest[0]];
    if (isMap(item) && !item.flow) {
      const left = item.clone() as YAMLMap;
      left.deleteIn(rest.slice(1));
      if (left.items.length > 0) return unsetIn(src, item, rest.slice(1));
    }
  }
  if (isMap(v)) {
    // Only removing a map's one key leaves it empty (a deeper removal keeps its keys): no copy of a
    // large map (a 500-entry `layout` when a step is removed) just to count what is left.
    if (rest.length === 1 && v.items.length === 1) return removePair(src, map, pair);
    return unsetIn(src, v, rest);
  }
  const copy = v.clone() as YAMLSeq;
  copy.deleteIn(rest);
  if (copy.items.length === 0) return removePair(src, map, pair);
  return replacePairValue(src, pair, copy.toJSON());
}

function dashOf(text: string, item: unknown): number {
  const start = range(item)[0];
  const ls = lineStart(text, start);
  const dash = text.lastIndexOf('-', start);
  if (dash < ls || text.slice(ls, dash).trim() !== '')
    throw new EditFailure('cannot edit a list item that shares its line with another');
  return dash;
}

/** Insert `value` as a new item after item `index` (or at the end) of a list. */
export function insertItem(
  src: Src,
  seq: YAMLSeq,
  index: number | undefined,
  value: unknown,
  blankLine = false,
): Splice[] {
  const at = index ?? seq.items.length - 1;
  if (seq.flow || seq.items.length === 0)
    return [regenFlow(seq, (c) => c.items.splice(at + 1, 0, toNode(value)))];
  const { text } = src;
  const ref = seq.items[at];
  const dash = dashOf(text, ref);
  const dashCol = column(text, dash);
  const end = nodeLineEnd(text, ref, column(text, range(ref)[0]));
  const body = ' '.repeat(dashCol) + indentRest(`- ${indentRest(valueText(value), 2)}`, dashCol);
  return [{ start: end, end, text: `${withNewline(text, end)}${blankLine ? '\n' : ''}${body}\n` }];
}

/** Remove item `index` of a list (with the comment lines inside it). */
export function removeItem(src: Src, seq: YAMLSeq, index: number): Splice[] {
  if (seq.flow) return [regenFlow(seq, (c) => c.items.splice(index, 1))];
  const { text } = src;
  const item = seq.items[index];
  const dash = dashOf(text, item);
  const end = nodeLineEnd(text, item, column(text, range(item)[0]));
  if (seq.items.length === 1) return [{ start: dash, end, text: '[]\n' }];
  const start = lineStart(text, dash);
  // Steps separated by blank lines: take one blank line along, so two do not end up together.
  const blankBefore = start >= 2 && text[start - 1] === '\n' && text[start - 2] === '\n';
  const blankAfter = text[end] === '\n' || text.startsWith('\r\n', end);
  return [{ start, end: blankBefore && blankAfter ? lineEndIncl(text, end) : end, text: '' }];
}

/** Remove the items at `indexes` of a list at once (a flow list is rewritten once). */
export function removeItems(src: Src, seq: YAMLSeq, indexes: readonly number[]): Splice[] {
  if (seq.flow) return [regenFlow(seq, (c) => (c.items = c.items.filter((_, i) => !indexes.includes(i))))];
  return indexes.flatMap((i) => removeItem(src, seq, i));
}

/** Replace one scalar in place, keeping its quoting style. */
export function replaceScalar(node: unknown, value: string): Splice {
  const [start, end] = range(node);
  const t = scalarText(value, node);
  if (t === undefined) throw new EditFailure('cannot write a multi-line value in place');
  return { start, end, text: t };
}
