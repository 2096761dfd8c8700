import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import { parseChunked, parseYaml } from './src/internal/yaml-parse';
const fixtures = 'src/__fixtures__';
const files = ['valid', 'edit'].flatMap((d) => readdirSync(join(fixtures, d)).map((f) => readFileSync(join(fixtures, d, f), 'utf8')));
function treeDiff(a: any, b: any, path = '$'): string[] {
  if (isPair(a) || isPair(b)) { if (!isPair(a) || !isPair(b)) return [`${path}: pair`]; return [...treeDiff(a.key, b.key, `${path}.key`), ...treeDiff(a.value, b.value, `${path}.value`)]; }
  if (!isNode(a) || !isNode(b)) return a == null && b == null ? [] : [`${path}: ${a} vs ${b}`];
  const out: string[] = [];
  if (a.constructor !== b.constructor) return [`${path}: class`];
  if (JSON.stringify(a.range?.slice(0, 2)) !== JSON.stringify(b.range?.slice(0, 2))) out.push(`${path}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`);
  if (!!a.spaceBefore !== !!b.spaceBefore) out.push(`${path}: spaceBefore ${a.spaceBefore} vs ${b.spaceBefore}`);
  if (isScalar(a) && isScalar(b) && (a.value !== b.value && !(Number.isNaN(a.value) && Number.isNaN(b.value)) || a.type !== b.type)) out.push(`${path}: value`);
  if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) { if (a.items.length !== b.items.length) return [...out, `${path}: n`]; a.items.forEach((it: any, i: number) => out.push(...treeDiff(it, b.items[i], `${path}[${i}]`))); }
  return out;
}
function rng(seed: number) { let a = seed; return () => { a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const INSERTS = ['', '# c', '  # c', '      # c', '  - id: z', '- id: z', 'x: 1', '  x: 1', '    "q', '  - "a', ' |', '    - y', 'layout:', '  s: [1, 2]', '  ? k', '&a', '*a'];
function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const i = Math.floor(r() * lines.length); const line = lines[i] ?? ''; const op = Math.floor(r() * 6);
    if (op === 0) lines.splice(i, 1); else if (op === 1) lines.splice(i, 0, line);
    else if (op === 2) lines[i] = r() < 0.5 ? ` ${line}` : line.replace(/^ {1,2}/, '');
    else if (op === 3) lines.splice(i, 0, INSERTS[Math.floor(r() * INSERTS.length)] as string);
    else if (op === 4) lines[i] = `${line}${r() < 0.5 ? ' # t' : ' "'}`;
    else lines[i] = line.replace(/: .*/, `: ${INSERTS[Math.floor(r() * INSERTS.length)] ?? ''}`);
  }
  return lines.join('\n');
}
let bad = 0, chunked = 0, n = Number(process.argv[3] ?? 20000);
const r = rng(Number(process.argv[2] ?? 1));
for (let i = 0; i < n && bad < 3; i++) {
  const text = mutate(files[i % files.length] as string, r);
  const full = parseYaml(text); const c = parseChunked(text);
  if (full.doc.errors.length || full.doc.warnings.length) { if (c) { bad++; console.log('MISSED ERROR\n' + text); } continue; }
  if (!c) continue; chunked++;
  const d = treeDiff(c.doc.contents, full.doc.contents);
  if (d.length) { bad++; console.log('-----\n' + d.join('\n')); const first = Number(/\[(\d+),/.exec(d[0]!)?.[1] ?? 0); console.log(JSON.stringify(text.slice(Math.max(0, first - 150), first + 200))); if (process.argv[4]) console.log(text); }
}
console.log('chunked', chunked, 'bad', bad);
