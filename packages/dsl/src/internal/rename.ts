import { isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import { splitTemplate } from '../template';
import { EditFailure, findPair, replaceScalar, type Splice, type Src } from './edit-ops';
import { sourceOffset } from './scalar-offset';
import type { Path } from './shape';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Offsets (in the value) of `old` in `steps.old` / `$$.steps.old` inside the expression spans. */
function occurrences(value: string, oldId: string, spans: readonly [number, number][]): number[] {
  const re = new RegExp(`(?<![\\w$.\`])((?:\\$\\$?\\.)?steps\\.)${escapeRe(oldId)}(?![\\w\`])`, 'g');
  const out: number[] = [];
  for (const m of value.matchAll(re)) {
    const at = (m.index ?? 0) + (m[1]?.length ?? 0);
    if (spans.some(([s, e]) => at >= s && at < e)) out.push(at);
  }
  return out;
}

function isAlwaysExpression(path: Path, usesOf: (i: number) => unknown): boolean {
  const [top, i, key, sub] = path;
  if (top !== 'steps' || typeof i !== 'number') return false;
  if (path.length === 3 && (key === 'if' || key === 'foreach')) return true;
  if (path.length === 4 && key === 'repeat' && sub === 'until') return true;
  const uses = usesOf(i);
  return (
    path.length === 4 &&
    key === 'with' &&
    ((uses === 'if' && sub === 'condition') || (uses === 'transform' && sub === 'expression'))
  );
}

/** The splices that rename step `oldId` to `newId` everywhere it is referred to. */
export function renameSplices(src: Src, oldId: string, newId: string): Splice[] {
  const { doc, text } = src;
  const splices: Splice[] = [];
  const steps = doc.get('steps', true);
  const usesOf = (i: number): unknown =>
    isSeq(steps) && isMap(steps.items[i])
      ? (steps.items[i] as { get(k: string): unknown }).get('uses')
      : undefined;
  if (isSeq(steps)) {
    for (const item of steps.items) {
      if (!isMap(item)) continue;
      const idNode = item.get('id', true);
      if (isScalar(idNode) && idNode.value === oldId) splices.push(replaceScalar(idNode, newId));
      const needs = item.get('needs', true);
      const list = isSeq(needs) ? needs.items : [needs];
      for (const n of list) {
        if (
          isScalar(n) &&
          typeof n.value === 'string' &&
          (n.value === oldId || n.value.startsWith(`${oldId}.`))
        )
          splices.push(replaceScalar(n, newId + n.value.slice(oldId.length)));
      }
    }
  }
  const layout = doc.get('layout', true);
  if (isMap(layout)) {
    const pair = findPair(layout, oldId);
    if (pair) splices.push(replaceScalar(pair.key, newId));
  }
  const visit = (node: unknown, path: Path): void => {
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.includes(oldId)) rewrite(node as Scalar<string>, path);
    } else if (isMap(node)) {
      for (const p of node.items)
        if (isPair(p) && isScalar(p.key)) visit(p.value, [...path, String(p.key.value)]);
    } else if (isSeq(node)) node.items.forEach((n, i) => visit(n, [...path, i]));
  };
  const rewrite = (node: Scalar<string>, path: Path): void => {
    const value = node.value;
    let spans: [number, number][];
    if (value.includes('${{')) {
      const t = splitTemplate(value);
      if (!t.ok) return;
      spans = t.parts.flatMap((p) =>
        p.kind === 'expr' ? [[p.offset, p.offset + p.source.length] as [number, number]] : [],
      );
    } else if (isAlwaysExpression(path, usesOf)) spans = [[0, value.length]];
    else return;
    const found = occurrences(value, oldId, spans);
    if (found.length === 0) return;
    const mapped = found.map((o) => sourceOffset(node, text, o));
    if (
      mapped.every(
        (s) =>
          text.slice(s, s + oldId.length) === oldId &&
          s >= (node.range?.[0] ?? 0) &&
          s < (node.range?.[1] ?? 0),
      )
    ) {
      for (const s of mapped) splices.push({ start: s, end: s + oldId.length, text: newId });
      return;
    }
    let next = value;
    for (const o of [...found].reverse()) next = next.slice(0, o) + newId + next.slice(o + oldId.length);
    try {
      splices.push(replaceScalar(node, next));
    } catch {
      throw new EditFailure(
        `cannot rewrite the expression at offset ${node.range?.[0] ?? 0}; rename it by hand`,
      );
    }
  };
  for (const top of ['steps', 'outputs', 'vars']) visit(doc.get(top, true), [top]);
  return splices;
}
