/**
 * storage@1's side of `weft_storage`: the requests it makes and how answers become outputs. Quota,
 * isolation between workflows and key checks are the host's, tested with this block in
 * packages/sandbox/src/storage/storage.test.ts.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock } from '@weft/block-sdk';
import type { LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
const asked: unknown[] = [];
let answer: unknown = null;
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir, {
    storage: (req) => {
      asked.push(req);
      return answer;
    },
  });
}, 180_000);
afterAll(async () => {
  await block.close();
});

describe('storage@1 (block side)', () => {
  it('stores a JSON value as JSON text and gives it back as a value', async () => {
    answer = {
      ok: true,
      key: 'a.json',
      size: 7,
      contentType: 'application/json',
      updatedAt: 't',
      usedBytes: 7,
      quotaBytes: 9,
    };
    expect(await block.call({ op: 'put', key: 'a.json', value: { a: [1] } })).toEqual({
      ok: true,
      output: {
        key: 'a.json',
        size: 7,
        contentType: 'application/json',
        updatedAt: 't',
        usedBytes: 7,
        quotaBytes: 9,
      },
    });
    expect(asked.at(-1)).toEqual({
      op: 'put',
      key: 'a.json',
      text: '{"a":[1]}',
      contentType: 'application/json',
    });
    answer = {
      ok: true,
      found: true,
      key: 'a.json',
      text: '{"a":[1]}',
      contentType: 'application/json',
      size: 9,
      updatedAt: 't',
    };
    expect(await block.call({ op: 'get', key: 'a.json' })).toEqual({
      ok: true,
      output: { found: true, value: { a: [1] }, contentType: 'application/json', size: 9, updatedAt: 't' },
    });
  });

  it('sends text and base64 with their content types, and lists by prefix', async () => {
    answer = { ok: true };
    await block.call({ op: 'put', key: 'n.txt', text: 'hi' });
    expect(asked.at(-1)).toEqual({
      op: 'put',
      key: 'n.txt',
      text: 'hi',
      contentType: 'text/plain; charset=utf-8',
    });
    await block.call({ op: 'put', key: 'b', base64: 'AAE=', contentType: 'image/png' });
    expect(asked.at(-1)).toEqual({ op: 'put', key: 'b', base64: 'AAE=', contentType: 'image/png' });
    answer = { ok: true, objects: [], truncated: false, usedBytes: 0, quotaBytes: 9 };
    expect(await block.call({ op: 'list', prefix: 'x/' })).toEqual({
      ok: true,
      output: { objects: [], truncated: false, usedBytes: 0, quotaBytes: 9 },
    });
    expect(asked.at(-1)).toEqual({ op: 'list', prefix: 'x/', limit: 1000 });
  });

  it('maps refusals to their codes and checks inputs first', async () => {
    answer = { ok: false, error: { code: 'LIMIT_EXCEEDED', message: 'over its quota of 9' } };
    expect(await block.call({ op: 'put', key: 'k', text: 'too long' })).toEqual({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED', message: 'over its quota of 9', retryable: false },
    });
    const before = asked.length;
    expect(await block.call({ op: 'put', key: 'k', text: 'a', base64: 'AA==' })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'put needs exactly one of `value` (JSON), `text` or `base64`',
      },
    });
    expect(await block.call({ op: 'get' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(asked.length).toBe(before);
  });
});
