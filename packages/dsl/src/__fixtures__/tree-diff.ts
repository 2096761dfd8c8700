import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';

/**
 * Every difference between two yaml trees that validation, positions or edits could see: node
 * kinds, values, scalar styles, flow style, `spaceBefore`, and ranges up to the value's end
 * (`range[2]`, the end of a trailing comment, is not compared).
 */
export function treeDiff(a: unknown, b: unknown, path = '$'): string[] {
  if (isPair(a) || isPair(b)) {
    if (!isPair(a) || !isPair(b)) return [`${path}: pair vs not`];
    return [...treeDiff(a.key, b.key, `${path}.key`), ...treeDiff(a.value, b.value, `${path}.value`)];
  }
  if (!isNode(a) || !isNode(b)) return a == null && b == null ? [] : [`${path}: ${String(a)} vs ${String(b)}`];
  const out: string[] = [];
  if (a.constructor !== b.constructor) return [`${path}: ${a.constructor.name} vs ${b.constructor.name}`];
  if (JSON.stringify(a.range?.slice(0, 2)) !== JSON.stringify(b.range?.slice(0, 2))) out.push(`${path}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`);
  if (!!a.spaceBefore !== !!b.spaceBefore) out.push(`${path}: spaceBefore ${String(a.spaceBefore)} vs ${String(b.spaceBefore)}`);
  if (isScalar(a) && isScalar(b)) {
    if (a.value !== b.value && !(Number.isNaN(a.value) && Number.isNaN(b.value))) out.push(`${path}: value ${String(a.value)} vs ${String(b.value)}`);
    if (a.type !== b.type) out.push(`${path}: type ${String(a.type)} vs ${String(b.type)}`);
  }
  if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
    if (!!a.flow !== !!b.flow) out.push(`${path}: flow`);
    if (a.items.length !== b.items.length) return [...out, `${path}: ${a.items.length} items vs ${b.items.length}`];
    a.items.forEach((it: unknown, i: number) => out.push(...treeDiff(it, (b.items as unknown[])[i], `${path}[${i}]`)));
  }
  return out;
}
