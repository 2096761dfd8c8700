import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadYaml } from './load';
import { coreScalar, plainYamlValue } from './plain-value';
import { MUTATION_LINES } from '../__fixtures__/mutation-lines';
import { rng } from '../__fixtures__/rng';

const fixtures = join(import.meta.dirname, '../__fixtures__');
const templates = join(import.meta.dirname, '../../../../templates');
const files = [
  ...['valid', 'edit'].flatMap((d) =>
    readdirSync(join(fixtures, d)).map((f) => readFileSync(join(fixtures, d, f), 'utf8')),
  ),
  ...readdirSync(templates)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(templates, f), 'utf8')),
];

/** A value and the order of every map's keys, NaN and -0 told apart. */
function exact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(exact);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
  if (value && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, exact(v)]);
  return value;
}

/** What the reader must agree with: loadYaml's value when it finds nothing wrong. */
function check(text: string): boolean {
  const fast = plainYamlValue(text);
  if (!fast) return false;
  const loaded = loadYaml(text);
  expect(loaded.diags.list, text).toEqual([]);
  expect(loaded.fatal, text).toBe(false);
  expect(exact(fast.value), text).toEqual(exact(loaded.value));
  const whole = parseDocument(text, { schema: 'core', version: '1.2', strict: true, uniqueKeys: true });
  expect(whole.errors, text).toEqual([]);
  expect(exact(fast.value), text).toEqual(exact(whole.toJS()));
  return true;
}

/** The reader answers nothing for a file yaml finds a problem in, and agrees where it answers. */
function checkOrLeave(text: string): boolean {
  const loaded = loadYaml(text);
  if (loaded.fatal || loaded.diags.list.length > 0) {
    expect(plainYamlValue(text), text).toBeUndefined();
    return false;
  }
  return check(text);
}

const SCALARS = [
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'yes',
  'no',
  'on',
  'y',
  'false',
  '0',
  '-0',
  '+0',
  '007',
  '0o17',
  '0o8',
  '0x1F',
  '0X1F',
  '-0x1',
  '1_000',
  '12345678901234567890',
  '1.',
  '.5',
  '-.5',
  '1.50',
  '1e3',
  '1E-3',
  '+1.5e+3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '-.nan',
  '1:2',
  '12:30:00',
  '2024-01-01',
  '0b101',
  'a b',
  ' x',
  '#x',
  'x#y',
  'x #y',
  '-',
  '-x',
  '- x',
  '?',
  '?x',
  ':x',
  ': x',
  'a:b',
  'a: b',
  'a:',
  '@x',
  '`x',
  '%x',
  '!x',
  '&x',
  '*x',
  '|',
  '>',
  '"q"',
  "'q'",
  '"a\\"b"',
  '"a\\nb\\t\\u00e9\\/"',
  '"\\x41"',
  '"\\U0001F600"',
  '"\\e"',
  '"unclosed',
  "'it''s'",
  "'a\\nb'",
  '"a"b',
  '[]',
  '{}',
  '[a, b]',
  '[a,b]',
  '[ a , b ]',
  '[a, [b, [c]]]',
  '[a, ]',
  '[, a]',
  '[a b, c]',
  '[a: b]',
  '["a": b]',
  '[a, {b: c}]',
  '{a: 1, b: [2, 3]}',
  '{a: 1, a: 2}',
  '{a:1}',
  '{"a":1}',
  '{"a": 1}',
  '{a: }',
  '{a}',
  '{1: a}',
  '{null: a}',
  '{a: b: c}',
  '{a: http://x}',
  '[http://x]',
  '[a #c]',
  '[a] #c',
  '[a]#c',
  '{a: 1} x',
  '${{ steps.a.output }}',
  '"${{ steps.a.output }}"',
  'a, b',
  'a]',
  'a}',
  'x: y: z',
  'é',
  '"é\\u00e9"',
  "''",
  '""',
  '"\\\\"',
  '"\\"',
  'a  ',
  '1 # one',
  '"a" # q',
  "'a' #q",
  '"a"#q',
];

describe('plainYamlValue', () => {
  it('resolves plain scalars as yaml core schema does', () => {
    for (const s of SCALARS) {
      const doc = parseDocument(`k: ${s}`, { schema: 'core', version: '1.2', strict: true });
      const fast = plainYamlValue(`k: ${s}`);
      if (doc.errors.length || doc.warnings.length) expect(fast, s).toBeUndefined();
      else if (fast) expect(exact(fast.value), s).toEqual(exact(doc.toJS()));
    }
    expect(coreScalar('0x10')).toBe(16);
    expect(coreScalar('yes')).toBe('yes');
  });

  it('reads every fixture and template as yaml does', () => {
    let read = 0;
    for (const f of files) if (checkOrLeave(f)) read++;
    // The plain files are read (templates with block scalars are left to yaml).
    expect(read).toBeGreaterThan(files.length / 3);
  });

  it('reads a 500-step file', () => {
    const lines = ['apiVersion: weft/v1', 'kind: Workflow', 'id: big', 'steps:'];
    for (let i = 0; i < 500; i++)
      lines.push(
        `  - id: s${i}`,
        '    uses: transform',
        ...(i ? [`    needs: [s${i - 1}]`] : []),
        '    retry: { attempts: 3, delay: 1s }',
        `    with: { expression: "$count(steps.s${i}.output) + ${i}" }`,
      );
    expect(check(lines.join('\n'))).toBe(true);
  });

  it('leaves what it is not sure of to yaml', () => {
    const left = [
      '',
      '# only a comment\n',
      '- a\n- b\n',
      'plain\n',
      '  a: 1\n',
      '---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |+\n  text\n\n',
      'a: |2\n   text\n',
      'a: >\n  text',
      'a: |\n\n  text\n',
      'a: |\n  text\n   \n',
      'a: |\nb: 1\n',
      'a: | x\n  text\n',
      'a: plain\n  continued\n',
      'a: "two\n  lines"\n',
      'a: [1,\n  2]\n',
      '? a\n: 1\n',
      'a: 1\na: 2\n',
      'a: 1\n"a": 2\n',
      '__proto__: 1\n',
      '<<: {a: 1}\n',
      '1: a\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      '\uFEFFa: 1\n',
      'a:\n  - - x\n',
      'a:\n  b\n',
      'a: 1\n  b: 2\n',
      'a:\n    - x\n  - y\n',
      'a: "\\x41"\n',
      `${'a:\n'.repeat(1)}${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`,
      'a: b\u0001\n',
    ];
    for (const t of left) expect(plainYamlValue(t), JSON.stringify(t)).toBeUndefined();
  });

  it('agrees with yaml on odd layouts it reads', () => {
    const odd = [
      'a:\n- 1\n- 2\nb: 3\n',
      'a:\n  - x: 1\n    y:\n    - 2\n    z: 3\n  -\n    w: 4\n  - \n  - # c\n    v: 5\nb:\n',
      "a: 1 # c\n# c\n   # deeper\nb:   # c\n  c: \"x # y\"\n  d: 'it''s'\n",
      'k:\n  - [a, [b, {c: d}], "e, f"]\n  - {a: x:y, b: http://h/p?q=1}\n',
      'a: ${{ steps.x.output }}\nb: "${{ a }}"\nc: a, b]\n',
      '"quoted key": 1\n\'single\': 2\n"": 3\n',
      'url: http://x:80/a\nkey with spaces: v\n-x: 1\n',
      'a: -1\nb: +.inf\nc: 0o17\nd: 0x1f\ne: 1e3\nf: .5\ng: 1_0\nh: 007\n',
      'a: |\n  one\n\n  # not a comment\n    deeper\n  two\n\n\nb: |-\n  x\n  y\n',
      'a: >\n  one\n  two\n\n  three\n    deeper\n  four\n\n\n\n  five\nb: >- # c\n  x\n  y\n',
      'a:\n  - |\n    in a list\n  - >-\n    folded\n    item\n  - k: |\n      v\n    j: 1\n',
    ];
    for (const t of odd) expect(check(t), t).toBe(true);
  });

  it('6,000 mutations of the fixtures: never a different value, never a file yaml finds wrong', () => {
    const r = rng(11);
    const inserts = [
      ...MUTATION_LINES,
      '---',
      '  -',
      '    -',
      '  x:',
      '  k: |',
      '  k: >-',
      '      text',
      '        deeper',
      ...SCALARS.map((s) => `  k: ${s}`),
    ];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    let read = 0;
    for (let i = 0; i < 6_000; i++) {
      const lines = (files[i % files.length] as string).split('\n');
      for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
        const at = Math.floor(r() * lines.length);
        const line = lines[at] ?? '';
        const op = Math.floor(r() * 7);
        if (op === 0) lines.splice(at, 1);
        else if (op === 1) lines.splice(at, 0, line);
        else if (op === 2) lines[at] = r() < 0.5 ? ` ${line}` : line.replace(/^ {1,2}/, '');
        else if (op === 3) lines.splice(at, 0, pick(inserts));
        else if (op === 4) lines[at] = `${line}${pick([' # t', ' "', '#t', ' x', ':', ' [', ']', ', a'])}`;
        else if (op === 5) lines[at] = line.replace(/: .*/, `: ${pick(SCALARS)}`);
        else lines[at] = line.replace(/^( *)(- )?/, `$1$2${pick(['', '- ', '"k": ', 'k: '])}`);
      }
      if (checkOrLeave(lines.join('\n'))) read++;
    }
    expect(read).toBeGreaterThan(1500);
  });
});
