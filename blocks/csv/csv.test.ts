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

async function output(input: Record<string, unknown>): Promise<unknown> {
  const r = await block.call(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.output;
}

describe('csv@1 parse (RFC 4180)', () => {
  it('reads embedded commas, doubled quotes and CRLF inside quoted fields', async () => {
    const text = 'id,comment\r\n1,"Hello, world"\r\n2,"She said ""yes"""\r\n3,"line one\r\nline two"\r\n';
    expect(await output({ op: 'parse', text })).toEqual([
      { id: '1', comment: 'Hello, world' },
      { id: '2', comment: 'She said "yes"' },
      { id: '3', comment: 'line one\r\nline two' },
    ]);
  });

  it('returns arrays without a header, keeps empty fields, accepts LF and a missing final line break', async () => {
    expect(await output({ op: 'parse', header: false, text: 'a,,c\n,"",\nlast' })).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['last'],
    ]);
  });

  it('uses another delimiter, skips blank lines and a BOM, fills short rows with empty strings', async () => {
    expect(await output({ op: 'parse', delimiter: '\t', text: '\ufeffa\tb\n\n1\t2\n3\n' })).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '' },
    ]);
  });

  it('keeps non-ASCII text intact', async () => {
    expect(await output({ op: 'parse', text: 'ville,note\nZürich,"😀, ok"\n' })).toEqual([
      { ville: 'Zürich', note: '😀, ok' },
    ]);
  });

  it.each([
    ['a,b\n"x,1\n', 'unterminated quoted field starting on line 2'],
    ['a,b\n"x"y,1\n', 'unexpected character after a closing quote on line 2'],
    ['a,b\n1,2,3\n', 'line 2 has 3 fields but the header has 2'],
    ['a,a\n1,2\n', 'the header names column "a" twice'],
  ])('rejects %j', async (text, message) => {
    expect(await block.call({ op: 'parse', text })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
  });
});

describe('csv@1 format (RFC 4180)', () => {
  it('quotes fields with the delimiter, quotes or line breaks, and ends records with CRLF', async () => {
    const rows = [
      { name: 'Smith, J', quote: 'say "hi"', note: 'a\nb' },
      { name: 'Lee', quote: 'plain', note: '' },
    ];
    expect(await output({ op: 'format', rows })).toEqual({
      text: 'name,quote,note\r\n"Smith, J","say ""hi""","a\nb"\r\nLee,plain,\r\n',
    });
  });

  it('writes arrays as they are, numbers and booleans as text, null as empty, objects as JSON', async () => {
    const rows = [['x', 1.5, true, null, { a: 1 }]];
    expect(await output({ op: 'format', rows, delimiter: ';' })).toEqual({
      text: 'x;1.5;true;;"{""a"":1}"\r\n',
    });
  });

  it('collects columns from every object in first-seen order; header false leaves out the header line', async () => {
    expect(await output({ op: 'format', header: false, rows: [{ a: 1 }, { b: 2, a: 3 }] })).toEqual({
      text: '1,\r\n3,2\r\n',
    });
  });

  it('round-trips tricky values through format then parse', async () => {
    const rows = [
      { k: '"', v: ',,,' },
      { k: ' spaced ', v: 'multi\r\nline "quoted"' },
      { k: '', v: 'émoji 😀' },
    ];
    const { text } = (await output({ op: 'format', rows })) as { text: string };
    expect(await output({ op: 'parse', text })).toEqual(rows);
  });

  it.each([
    [{ op: 'format', rows: [1, 2] }, '`rows[0]` must be an object or an array'],
    [{ op: 'format', rows: [{ a: 1 }, [1]] }, '`rows` mixes objects and arrays'],
    [{ op: 'format' }, '`rows` is required for format'],
    [{ op: 'format', rows: 'a,b' }, '`rows` must be an array'],
    [{ op: 'parse' }, '`text` is required'],
    [{ op: 'parse', text: 'a', delimiter: '"' }, '`delimiter` cannot be a quote'],
    [{ op: 'parse', text: 'a', delimiter: '::' }, '`delimiter` must be exactly one character'],
    [{ op: 'convert', text: 'a' }, '`op` must be one of parse, format'],
  ])('rejects %j', async (input, message) => {
    expect(await block.call(input)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
  });
});

describe('csv@1 examples', () => {
  it('every case in examples/ passes', async () => {
    const report = await testBlock(dir);
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
  });
});
