import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isSeq, type LineCounter } from 'yaml';
import { treeDiff } from '../__fixtures__/tree-diff';
import { clearChunkCache, parseChunked, parseYaml } from './yaml-parse';
import { MUTATION_LINES } from '../__fixtures__/mutation-lines';
import { rng } from '../__fixtures__/rng';

const fixtures = join(import.meta.dirname, '../__fixtures__');
const files = ['valid', 'edit'].flatMap((d) =>
  readdirSync(join(fixtures, d)).map((f) => readFileSync(join(fixtures, d, f), 'utf8')),
);

const starts = (lc: LineCounter): number[] => [...lc.lineStarts];

/** How deep a tree nests, as load.ts's checkStructure counts (the root 1, a pair's key and value one more). */
function depth(node: unknown, at = 1): number {
  if (node == null) return at - 1;
  if (!isMap(node) && !isSeq(node)) return at;
  let deepest = at;
  for (const it of node.items as unknown[])
    deepest = Math.max(
      deepest,
      ...(isPair(it) ? [depth(it.key, at + 1), depth(it.value, at + 1)] : [depth(it, at + 1)]),
    );
  return deepest;
}

function compare(text: string): boolean {
  const chunked = parseChunked(text);
  if (!chunked) return false;
  const full = parseYaml(text);
  expect(full.doc.errors, text).toEqual([]);
  // Read before the tree: the value and depth come from the chunks, without making moved items.
  expect(chunked.value, text).toEqual(full.doc.toJS());
  expect(chunked.depth, text).toBe(depth(full.doc.contents));
  expect(treeDiff(chunked.doc.contents, full.doc.contents), text).toEqual([]);
  expect(starts(chunked.lineCounter), text).toEqual(starts(full.lineCounter));
  expect(chunked.doc.toJS(), text).toEqual(full.doc.toJS());
  return true;
}

describe('chunked parse', () => {
  it('gives the very tree of the full parse for the fixtures', () => {
    for (const f of files) expect(compare(f)).toBe(true);
  });
  it('gives the same tree again from the cache, with ranges shifted', () => {
    clearChunkCache();
    for (const f of files) compare(f);
    for (const f of files) compare(`x-first: 1\n${f.replace(/^apiVersion/m, 'apiVersion')}`);
  });
});

const TRICKY = [
  'steps:\n- id: a\n  uses: b\n- id: c\n  uses: d\n',
  'steps:\n\n  - id: a\n\n  - id: b\n    x: 1\n\n\n  # c\n  - id: c\n',
  'steps:   # the steps\n  - id: a\n  - id: b\nlayout:   # note\n  a: [1, 2]\n  b: [3, 4]\n',
  'steps:\n  - id: a\n    with:\n      s: "one\n  - two"\n  - id: b\n',
  'steps:\n  - id: a\n    with:\n      s: |\n        - not an item\n        x: 1\n  - id: b\n',
  'steps:\n  - id: a\n    with:\n      s: plain\n        continued\n  - id: b\n',
  'layout:\n  a: [1, 2]\n  a: [3, 4]\n',
  'a: 1\na: 2\n',
  'steps:\n  - &x id: a\n  - id: b\n',
  'steps:\n  - id: a\n    v: *x\n  - id: b\n',
  'steps:\n  - !!str id: a\n  - id: b\n',
  'steps:\n  - id: a\n  x: 1\n  - id: b\n',
  'steps:\n    - id: a\n  - id: b\n',
  'steps:\n  - id: a\n      # deep comment\n  - id: b\n# top comment\n\nlayout:\n  a: [1, 2]\n\n  # c\n  b: [3, 4]\n',
  '# only a comment\n',
  '',
  'steps: [a, b]\nlayout: {a: [1, 2]}\n',
  'steps:\n  - id: a\n  - id: b\n  -\n  - id: c\n',
  'steps:\n  - id: a\n  - - nested\n    - more\n  - id: c\n',
  'steps:\n  - id: a\n  - id: b',
  'steps:\n  - id: a\n  - id: b\n# end',
  '---\nsteps:\n  - id: a\n  - id: b\n',
  'steps:\n  - id: a\n  - id: b\n---\nx: 1\n',
  'key: {\n  a: 1,\nb: 2 }\n',
  '"quoted": 1\nsteps:\n  - id: a\n  - id: b\n',
  'layout:\n  "a": [1, 2]\n  b: [3, 4]\n',
  'layout:\n  1: [1, 2]\n  "1": [3, 4]\n',
  'steps:\n  - id: a\n    uses: x\n  - id: b\n    with: {a: 1,\n  - c}\n',
];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const i = Math.floor(r() * lines.length);
    const line = lines[i] ?? '';
    const op = Math.floor(r() * 6);
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, line);
    else if (op === 2) lines[i] = r() < 0.5 ? ` ${line}` : line.replace(/^ {1,2}/, '');
    else if (op === 3) lines.splice(i, 0, MUTATION_LINES[Math.floor(r() * MUTATION_LINES.length)] as string);
    else if (op === 4) lines[i] = `${line}${r() < 0.5 ? ' # t' : ' "'}`;
    else
      lines[i] = line.replace(/: .*/, `: ${MUTATION_LINES[Math.floor(r() * MUTATION_LINES.length)] ?? ''}`);
  }
  return lines.join('\n');
}

describe('chunked parse on odd and mutated files', () => {
  it('either gives the full parse tree, or leaves the file to the full parse', () => {
    for (const t of TRICKY) {
      const chunked = parseChunked(t);
      if (parseYaml(t).doc.errors.length || parseYaml(t).doc.warnings.length)
        expect(chunked, t).toBeUndefined();
      else if (chunked) compare(t);
    }
  });
  it('3,000 mutations of the fixtures: never a different tree, never a missed error', () => {
    const r = rng(7);
    let chunkedCount = 0;
    for (let i = 0; i < 3000; i++) {
      const text = mutate(files[i % files.length] as string, r);
      const full = parseYaml(text);
      const chunked = parseChunked(text);
      if (full.doc.errors.length || full.doc.warnings.length) expect(chunked, text).toBeUndefined();
      else if (chunked) {
        compare(text);
        chunkedCount++;
      }
    }
    expect(chunkedCount).toBeGreaterThan(500);
  });
});
