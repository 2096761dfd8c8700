// The AssemblyScript side of the SDK, exercised through a fixture block that echoes, parses,
// fails, logs and calls HTTP (assembly/__fixtures__/echo).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock } from './load';
import type { LoadedBlock, WeftHttpResponse } from './load';

const fixture = fileURLToPath(new URL('../assembly/__fixtures__/echo', import.meta.url));
let block: LoadedBlock;
let answer: WeftHttpResponse = { ok: true, status: 200, headers: {}, body: '' };

beforeAll(async () => {
  block = await loadBlock(fixture, { http: () => answer });
}, 180_000);
afterAll(async () => {
  await block.close();
});

async function parseInBlock(text: string) {
  return block.call({ mode: 'parse', text });
}

describe('JSON in AssemblyScript', () => {
  it('echoes values through parse and stringify unchanged', async () => {
    const values: unknown[] = [
      null,
      true,
      false,
      0,
      -0.5,
      1e-7,
      123456789012345,
      1.7976931348623157e308,
      5e-324,
      -42,
      '',
      'plain',
      'é😀\u0000\u001f"\\/\n\t\u2028',
      [],
      {},
      [1, [2, [3, { a: [] }]]],
      { 'key with "quotes"': { nested: [null, true, 'x'] }, b: 2.5 },
    ];
    for (const v of values) {
      const r = await block.call({ value: v });
      expect(r).toEqual({ ok: true, output: v });
    }
  });

  it('parses what JSON.parse parses and serializes like JSON.stringify', async () => {
    const texts = [
      '{"a":"\\u00e9\\ud83d\\ude00\\n\\/"}',
      '[0.1, 1E2, -0, 1e-3, 12.5e+1, 9007199254740993]',
      ' \n\t{ "a" : [ ] } ',
      '"\\"\\\\\\b\\f\\n\\r\\t"',
      '{"dup":1,"dup":2}',
      '123',
      '-1.5e-10',
      '1e21',
      '[1e400]',
    ];
    for (const text of texts) {
      const r = await parseInBlock(text);
      expect(r.ok, text).toBe(true);
      const { json } = (r as { output: { json: string } }).output;
      expect(json, text).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it.each([
    ['', 'unexpected end of input'],
    ['{"a":1,}', 'expected a string key at position 7'],
    ['[1,]', 'unexpected character "]"'],
    ['[1 2]', "expected ',' or ']'"],
    ['01', 'unexpected text after the JSON value'],
    ['1.', 'invalid number'],
    ['.5', 'unexpected character "."'],
    ['-', 'invalid number'],
    ['1e', 'invalid number'],
    ['"abc', 'unterminated string'],
    ['"a\nb"', 'control character in a string'],
    ['"\\x41"', 'invalid escape'],
    ['"\\u12G4"', 'invalid \\u escape'],
    ['tru', 'unexpected token'],
    ['NaN', 'unexpected character "N"'],
    ["{'a':1}", 'expected a string key'],
    ['['.repeat(600), 'nesting deeper than 512'],
  ])('rejects %j: %s', async (text, message) => {
    const r = await parseInBlock(text);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
    expect((r as { error: { message: string } }).error.message).toMatch(/^invalid JSON: .* at position \d+$/);
  });
});

describe('block ABI', () => {
  it('fails with the code, message and retryable the block chose', async () => {
    expect(
      await block.call({ mode: 'fail', code: 'HTTP_ERROR', message: 'upstream said "no"', retryable: true }),
    ).toEqual({
      ok: false,
      error: { code: 'HTTP_ERROR', message: 'upstream said "no"', retryable: true },
    });
    expect(await block.call({ mode: 'fail', message: 'bad' })).toEqual({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: 'bad', retryable: false },
    });
  });

  it('reads the step context and writes to a named port', async () => {
    const ctx = { runId: 'run_9', stepId: 'fetch', attempt: 3, idempotencyKey: 'run_9:fetch:3' };
    expect(await block.call({ mode: 'context' }, ctx)).toEqual({
      ok: true,
      output: { runId: 'run_9', stepId: 'fetch', attempt: 3, key: 'run_9:fetch:3' },
    });
    expect(await block.call({ mode: 'port', port: 'done' })).toEqual({
      ok: true,
      output: 'to port',
      port: 'done',
    });
  });

  it('logs through Extism into the run log', async () => {
    const before = block.logs.length;
    await block.call({ mode: 'log', message: 'héllo' });
    expect(block.logs.slice(before)).toEqual([
      { level: 'info', message: 'info héllo' },
      { level: 'warn', message: 'warn héllo' },
    ]);
  });

  it('turns wrong input types into INVALID_INPUT naming the input', async () => {
    expect(await block.call({ mode: 7 })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`mode` must be a string' },
    });
    expect(await block.call({ mode: 'typed', s: 'x', n: 'one' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`n` must be a number' },
    });
    expect(await block.call({ mode: 'typed', s: 'x', o: [1] })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`o` must be an object' },
    });
    expect(await block.call({ mode: 'typed', s: 'x', a: {} })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`a` must be an array' },
    });
    expect(await block.call({ mode: 'typed', s: 'x', b: 1 })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`b` must be true or false' },
    });
    expect(await block.call({ mode: 'typed', c: 'z', s: 'x' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`c` must be one of x, y (got "z")' },
    });
    expect(await block.call({ mode: 'typed' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`s` is required' },
    });
    expect(await block.call({ mode: 'typed', s: 'x', n: 1, b: true, o: {}, a: [], c: 'y' })).toEqual({
      ok: true,
      output: 'typed ok',
    });
  });

  it('sends HTTP through weft_http and reads the answer, including refusals', async () => {
    answer = { ok: true, status: 201, headers: { 'x-id': '7' }, body: 'créé' };
    const before = block.requests.length;
    expect(await block.call({ mode: 'http', url: 'https://api.example.com/x' })).toEqual({
      ok: true,
      output: { status: 201, body: 'créé', headers: { 'x-id': '7' } },
    });
    expect(block.requests.slice(before)).toEqual([
      { method: 'GET', url: 'https://api.example.com/x', headers: {} },
    ]);
    answer = {
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'api.example.com is not in permissions.network' },
    };
    expect(await block.call({ mode: 'http', url: 'https://api.example.com/x' })).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'api.example.com is not in permissions.network' },
    });
  });

  it('rejects an input that is not the ABI envelope, then keeps working', async () => {
    expect(await block.call('just a string')).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`with` must be an object' },
    });
    expect(await block.call({ value: 1 })).toEqual({ ok: true, output: 1 });
  });
});
