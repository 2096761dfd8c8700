import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock, testBlock } from '@weft/block-sdk';
import type { LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir);
}, 180_000);
afterAll(async () => {
  await block.close();
});

async function value(input: Record<string, unknown>): Promise<unknown> {
  const r = await block.call(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return (r.output as { value: unknown }).value;
}

/** What JavaScript's own RegExp answers, in the block's match shape. */
function jsMatches(pattern: string, flags: string, text: string) {
  const re = new RegExp(pattern, flags);
  const found = flags.includes('g')
    ? [...text.matchAll(re)]
    : [text.match(re)].filter((m): m is RegExpMatchArray => m !== null);
  return found.map((m) => ({
    match: m[0],
    index: m.index,
    groups: m.slice(1).map((g) => g ?? null),
    named: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v ?? null])),
  }));
}

// Patterns over the supported syntax; each is checked against JavaScript's RegExp on its text.
const CASES: Array<[string, string, string]> = [
  ['(\\w+)@(\\w+)\\.com', 'g', 'a@b.com, cc@dd.com x@y.org'],
  ['a*', 'g', 'baaac'],
  ['^\\s*(?<key>[a-z]+)\\s*=\\s*(?<val>.*?)\\s*$', 'gm', ' a = 1 \nbb=two\n#c'],
  ['colou?r', 'gi', 'Color COLOUR colr'],
  ['(a|ab)(c|bcd)(d*)', '', 'abcd'],
  ['\\bfoo\\b', 'g', 'foo foobar foo.'],
  ['\\Bo\\B', 'g', 'foo boo o'],
  ['(?=\\d{3})\\d', 'g', '12345'],
  ['x(?!y)', 'g', 'xy xz x'],
  ['(\\w)\\1', 'g', 'aabbcd'],
  ['(?<q>[\'"]).*?\\k<q>', 'g', `say "hi" and 'bye'`],
  ['[^a-c\\d]+', 'g', 'abc123def-ghi'],
  ['[\\w.-]+', 'g', 'a.b-c d_e'],
  ['(a*)*b', '', 'aaaaab'],
  ['(a*)+$', '', 'aaa'],
  ['(a|)+', 'g', 'aab'],
  ['.+', 's', 'a\nb'],
  ['.+', 'g', 'a\nb'],
  ['^b', 'gm', 'a\nb\r\nb'],
  ['a$', 'gm', 'a\na\r\nb'],
  ['\\u00e9|\\x41|\\t', 'g', 'éA\t'],
  ['a{2,3}?', 'g', 'aaaaaaa'],
  ['a{2}', 'g', 'aaaaa'],
  ['a{2,}', 'g', 'a aa aaaa'],
  ['a{,2}', 'g', 'a{,2}'],
  ['[\\s\\S]', 'g', ' x'],
  ['(?:ab)+', 'g', 'ababab ab'],
  ['É', 'i', 'café é'],
  ['[A-Z]+', 'gi', 'abc DEF'],
  ['(\\d+)-(\\d+)?', 'g', '1-2 3-'],
  ['\\d+(?:\\.\\d+)?', 'g', 'pi 3.14 e 2. 7'],
  ['[\\]\\-]', 'g', 'a]b-c'],
  ['\\$\\d+\\.\\d{2}', 'g', 'cost $12.50 or $3.99'],
  ['', 'g', 'ab'],
];

describe('text@1 regular expressions agree with JavaScript', () => {
  it.each(CASES)('match /%s/%s', async (pattern, flags, text) => {
    expect(await value({ op: 'match', text, pattern, flags })).toEqual(jsMatches(pattern, flags, text));
  });

  it.each(CASES)('replace /%s/%s', async (pattern, flags, text) => {
    for (const replacement of ['[$&]', '<$1|$2>', '$$', '$<key>', "$`|$'", '']) {
      expect(await value({ op: 'replace', text, pattern, flags, replacement })).toBe(
        text.replace(new RegExp(pattern, flags), replacement),
      );
    }
  });

  it.each(CASES)('split /%s/%s', async (pattern, flags, text) => {
    const expected = text.split(new RegExp(pattern, flags.replace('g', ''))).map((s) => s ?? null);
    expect(await value({ op: 'split', text, pattern, flags })).toEqual(expected);
  });
});

describe('text@1 other operations', () => {
  it('upper and lower follow Unicode casing', async () => {
    expect(await value({ op: 'upper', text: 'straße café' })).toBe('STRASSE CAFÉ');
    expect(await value({ op: 'lower', text: 'ÀÉÎ ΑΒΓ Ǆ' })).toBe('àéî αβγ ǆ');
  });

  it('trim removes the same white space as JavaScript', async () => {
    const text = ' \t\n\u00a0\u2003 x y \r\n\ufeff';
    expect(await value({ op: 'trim', text })).toBe(text.trim());
  });

  it('slugify lower-cases, strips accents, joins words with the separator', async () => {
    expect(await value({ op: 'slugify', text: "  Héllo, Wörld! Don't  stop — ß Æon 東京 " })).toBe(
      'hello-world-dont-stop-ss-aeon-東京',
    );
    expect(await value({ op: 'slugify', text: 'Release Notes 2.0', separator: '_' })).toBe(
      'release_notes_2_0',
    );
    expect(await value({ op: 'slugify', text: '!!!' })).toBe('');
  });

  it('split with a literal separator keeps empty pieces; an empty separator splits characters', async () => {
    expect(await value({ op: 'split', text: 'a.b..c', separator: '.' })).toEqual(['a', 'b', '', 'c']);
    expect(await value({ op: 'split', text: 'abc', separator: '' })).toEqual(['a', 'b', 'c']);
  });
});

describe('text@1 invalid input', () => {
  it.each([
    [{ op: 'match', text: 'x', pattern: '(' }, 'invalid pattern: missing ) at position 1'],
    [{ op: 'match', text: 'x', pattern: 'a)' }, 'invalid pattern: unmatched )'],
    [{ op: 'match', text: 'x', pattern: '[a-' }, 'unterminated character class'],
    [{ op: 'match', text: 'x', pattern: '[z-a]' }, 'range out of order'],
    [{ op: 'match', text: 'x', pattern: '*a' }, 'nothing to repeat'],
    [{ op: 'match', text: 'x', pattern: 'a**' }, 'nothing to repeat'],
    [{ op: 'match', text: 'x', pattern: 'a{3,1}' }, 'numbers out of order'],
    [{ op: 'match', text: 'x', pattern: '(?<=a)b' }, 'lookbehind (?<= ) is not supported'],
    [{ op: 'match', text: 'x', pattern: '\\p{L}' }, 'Unicode property escapes'],
    [{ op: 'match', text: 'x', pattern: '\\2(a)' }, 'refers to a group that does not exist'],
    [{ op: 'match', text: 'x', pattern: 'a', flags: 'gy' }, 'unsupported regex flag "y"'],
    [{ op: 'match', text: 'x' }, '`pattern` is required'],
    [{ op: 'replace', text: 'x', pattern: 'x' }, '`replacement` is required'],
    [{ op: 'split', text: 'x' }, 'split needs `separator`'],
    [{ op: 'upper' }, '`text` is required'],
    [{ op: 'reverse', text: 'x' }, '`op` must be one of match, replace, split'],
  ])('%j', async (input, message) => {
    expect(await block.call(input)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
  });

  it('stops a pattern that backtracks exponentially with a clear error, and the next call works', async () => {
    const r = await block.call({ op: 'match', text: `${'a'.repeat(40)}!`, pattern: '(a+)+$' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('too many steps') },
    });
    expect(await value({ op: 'upper', text: 'ok' })).toBe('OK');
  });
});

describe('text@1 examples', () => {
  it('every case in examples/ passes', async () => {
    const report = await testBlock(dir);
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
  });
});
