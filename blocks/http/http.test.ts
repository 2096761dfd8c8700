import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock, testBlock } from '@weft/block-sdk';
import type { LoadedBlock, WeftHttpResponse } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
let block: LoadedBlock;
// The in-test `weft_http`: answers whatever the current test queued.
let answers: WeftHttpResponse[] = [];

beforeAll(async () => {
  block = await loadBlock(dir, {
    http: () => answers.shift() ?? { ok: false, error: { code: 'HTTP_ERROR', message: 'no canned answer' } },
  });
}, 180_000);
afterAll(async () => {
  await block.close();
});

async function call(input: Record<string, unknown>, ...queued: WeftHttpResponse[]) {
  answers = queued;
  const before = block.requests.length;
  const result = await block.call(input);
  return { result, sent: block.requests.slice(before) };
}

const okText = (body: string, headers: Record<string, string> = {}, status = 200): WeftHttpResponse => ({
  ok: true,
  status,
  headers,
  body,
});

describe('http@1 request building', () => {
  it('sends GET by default with the headers as given', async () => {
    const { sent } = await call(
      { url: 'https://api.example.com/a', headers: { Authorization: 'Bearer t', 'X-Count': 3 } },
      okText(''),
    );
    expect(sent).toEqual([
      {
        method: 'GET',
        url: 'https://api.example.com/a',
        headers: { Authorization: 'Bearer t', 'X-Count': '3' },
      },
    ]);
  });

  it('encodes the query like encodeURIComponent, repeats array keys, keeps an existing query and the fragment', async () => {
    const { sent } = await call(
      { url: 'https://h.example/p?x=1#top', query: { q: 'a b&c=d/é', tag: ['x', 'y'], n: 2, skip: null } },
      okText(''),
    );
    expect(sent[0]?.url).toBe(
      `https://h.example/p?x=1&q=${encodeURIComponent('a b&c=d/é')}&tag=x&tag=y&n=2#top`,
    );
  });

  it('sends an object body as JSON with a content-type, a string body as it is', async () => {
    const json = await call({ url: 'https://h.example/', method: 'post', body: { a: [1, 'é'] } }, okText(''));
    expect(json.sent[0]).toMatchObject({
      method: 'POST',
      body: '{"a":[1,"é"]}',
      headers: { 'content-type': 'application/json' },
    });
    const text = await call(
      {
        url: 'https://h.example/',
        method: 'PUT',
        body: 'a=1&b=2',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      okText(''),
    );
    expect(text.sent[0]).toEqual({
      method: 'PUT',
      url: 'https://h.example/',
      body: 'a=1&b=2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  });

  it('keeps a content-type the step set for a JSON body', async () => {
    const { sent } = await call(
      {
        url: 'https://h.example/',
        method: 'PATCH',
        body: [1],
        headers: { 'Content-Type': 'application/merge-patch+json' },
      },
      okText(''),
    );
    expect(sent[0]?.headers).toEqual({ 'Content-Type': 'application/merge-patch+json' });
  });
});

describe('http@1 response mapping', () => {
  it('parses JSON when the content-type says so (auto), text otherwise', async () => {
    const j = await call(
      { url: 'https://h.example/' },
      okText('{"n":1}', { 'content-type': 'application/json; charset=utf-8' }),
    );
    expect(j.result).toEqual({
      ok: true,
      output: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { n: 1 } },
    });
    const t = await call({ url: 'https://h.example/' }, okText('{"n":1}', { 'content-type': 'text/plain' }));
    expect(t.result).toMatchObject({ ok: true, output: { body: '{"n":1}' } });
  });

  it('responseType json parses any content-type and fails clearly on a body that is not JSON', async () => {
    const j = await call(
      { url: 'https://h.example/', responseType: 'json' },
      okText('[true]', { 'content-type': 'text/plain' }),
    );
    expect(j.result).toMatchObject({ ok: true, output: { body: [true] } });
    const bad = await call({ url: 'https://h.example/x', responseType: 'json' }, okText('<html>'));
    expect(bad.result).toMatchObject({
      ok: false,
      error: {
        code: 'HTTP_ERROR',
        retryable: false,
        message: expect.stringContaining('GET https://h.example/x answered a body that is not JSON'),
      },
    });
  });

  it('responseType text keeps a JSON body as text; auto falls back to text for broken JSON', async () => {
    const t = await call(
      { url: 'https://h.example/', responseType: 'text' },
      okText('{"n":1}', { 'content-type': 'application/json' }),
    );
    expect(t.result).toMatchObject({ ok: true, output: { body: '{"n":1}' } });
    const broken = await call(
      { url: 'https://h.example/' },
      okText('{oops', { 'content-type': 'application/json' }),
    );
    expect(broken.result).toMatchObject({ ok: true, output: { body: '{oops' } });
  });

  it('hands a binary body on as base64', async () => {
    const { result } = await call(
      { url: 'https://h.example/img' },
      { ok: true, status: 200, headers: { 'content-type': 'image/png' }, body: '', bodyBase64: 'iVBORw==' },
    );
    expect(result).toEqual({
      ok: true,
      output: {
        status: 200,
        headers: { 'content-type': 'image/png' },
        body: 'iVBORw==',
        bodyEncoding: 'base64',
      },
    });
  });

  it.each([
    [400, false],
    [404, false],
    [429, true],
    [500, true],
    [503, true],
  ])('status %i fails with HTTP_ERROR, retryable %s', async (status, retryable) => {
    const { result } = await call({ url: 'https://h.example/r' }, okText('nope', {}, status));
    expect(result).toEqual({
      ok: false,
      error: { code: 'HTTP_ERROR', message: `GET https://h.example/r answered ${status}: nope`, retryable },
    });
  });

  it('with failOnError false a 500 is an output', async () => {
    const { result } = await call({ url: 'https://h.example/', failOnError: false }, okText('down', {}, 500));
    expect(result).toEqual({ ok: true, output: { status: 500, headers: {}, body: 'down' } });
  });

  it('passes the host refusal on as PERMISSION_DENIED, not retried, and a timeout as TIMEOUT', async () => {
    const denied = await call(
      { url: 'https://evil.example/' },
      { ok: false, error: { code: 'PERMISSION_DENIED', message: 'host evil.example is not allowed' } },
    );
    expect(denied.result).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'host evil.example is not allowed', retryable: false },
    });
    const slow = await call(
      { url: 'https://slow.example/' },
      { ok: false, error: { code: 'TIMEOUT', message: 'no answer in 30s' } },
    );
    expect(slow.result).toEqual({ ok: false, error: { code: 'TIMEOUT', message: 'no answer in 30s' } });
  });
});

describe('http@1 invalid input', () => {
  it.each([
    [{}, '`url` is required'],
    [{ url: 'example.com/x' }, '`url` must be an absolute http:// or https:// URL'],
    [{ url: 'https://' }, '`url` has no host'],
    [{ url: 'https://a.example/a b' }, 'space or control character'],
    [{ url: 'https://a.example/', method: 'FETCH' }, '`method` must be one of'],
    [{ url: 'https://a.example/', headers: { a: { b: 1 } } }, '`headers.a` must be a string'],
    [{ url: 'https://a.example/', query: { a: { b: 1 } } }, '`query.a` must be a string'],
    [{ url: 'https://a.example/', responseType: 'xml' }, '`responseType` must be one of auto, json, text'],
    [{ url: 'https://a.example/', failOnError: 'yes' }, '`failOnError` must be true or false'],
  ])('%j', async (input, message) => {
    const { result, sent } = await call(input);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) },
    });
    expect(sent).toEqual([]);
  });
});

describe('http@1 examples', () => {
  it('every case in examples/ passes', async () => {
    const report = await testBlock(dir);
    expect(report.cases.filter((c) => !c.passed)).toEqual([]);
  });
});
