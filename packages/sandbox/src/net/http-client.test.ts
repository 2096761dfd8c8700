import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockFetch } from './http-client';
import type { HttpPolicy, HttpRequest } from './http-client';
import { parseEntries } from './policy';
import { startServer } from '../testing/server';
import type { TestServer } from '../testing/server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer('127.0.0.1');
});
afterAll(async () => {
  await srv.close();
});

function policy(entries: string[], more: Partial<HttpPolicy> = {}): HttpPolicy {
  return {
    entries: parseEntries(entries),
    serverDeny: [],
    resolve: (host) =>
      host === 'app.test' || host === 'other.test'
        ? Promise.resolve(['127.0.0.1'])
        : Promise.reject(new Error('ENOTFOUND')),
    maxResponseBytes: 1 << 20,
    maxRedirects: 5,
    deadline: Date.now() + 10_000,
    signal: new AbortController().signal,
    ...more,
  };
}
const fetchIt = (req: HttpRequest, p: HttpPolicy) => blockFetch(req, p);

describe('weft_http on the host', () => {
  it('sends method, headers and a text or base64 body', async () => {
    const r = await fetchIt(
      {
        method: 'post',
        url: `${srv.origin}/echo`,
        headers: { Authorization: 'Bearer t', Host: 'spoofed' },
        body: 'héllo',
      },
      policy(['127.0.0.1']),
    );
    expect(r).toMatchObject({ ok: true, status: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse((r as { body: string }).body)).toEqual({
      method: 'POST',
      body: 'héllo',
      host: `127.0.0.1:${srv.port}`,
      auth: 'Bearer t',
    });
    const b = await fetchIt(
      { method: 'PUT', url: `${srv.origin}/echo`, bodyBase64: Buffer.from('raw').toString('base64') },
      policy(['127.0.0.1']),
    );
    expect(JSON.parse((b as { body: string }).body)).toMatchObject({ method: 'PUT', body: 'raw' });
  });

  it('returns a binary body as base64', async () => {
    expect(await fetchIt({ url: `${srv.origin}/binary` }, policy(['127.0.0.1']))).toMatchObject({
      ok: true,
      body: '',
      bodyBase64: Buffer.from([0xff, 0xfe, 0, 0x80]).toString('base64'),
    });
  });

  it('drops credentials on a redirect to another origin and turns 303 into GET', async () => {
    const to = encodeURIComponent(`http://other.test:${srv.port}/echo`);
    const r = await fetchIt(
      {
        method: 'POST',
        url: `http://app.test:${srv.port}/redirect?status=303&to=${to}`,
        headers: { authorization: 'secret' },
        body: 'x',
      },
      policy(['app.test', 'other.test', '127.0.0.1']),
    );
    expect(JSON.parse((r as { body: string }).body)).toEqual({
      method: 'GET',
      body: '',
      host: `other.test:${srv.port}`,
      auth: null,
    });
    const same = await fetchIt(
      {
        url: `${srv.origin}/redirect?status=307&to=/echo`,
        method: 'POST',
        headers: { authorization: 'kept' },
        body: 'y',
      },
      policy(['127.0.0.1']),
    );
    expect(JSON.parse((same as { body: string }).body)).toEqual({
      method: 'POST',
      body: 'y',
      host: `127.0.0.1:${srv.port}`,
      auth: 'kept',
    });
  });

  it('applies the server policy on top of the step permissions', async () => {
    const denied = await fetchIt(
      { url: `${srv.origin}/ok` },
      policy(['127.0.0.1'], { serverDeny: parseEntries(['127.0.0.0/8']) }),
    );
    expect(denied).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.stringContaining("server's network policy") },
    });
    const notAllowed = await fetchIt(
      { url: `${srv.origin}/ok` },
      policy(['127.0.0.1'], { serverAllow: parseEntries(['*.example.com']) }),
    );
    expect(notAllowed).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.stringContaining("server's network policy") },
    });
    const fine = await fetchIt(
      { url: `${srv.origin}/ok` },
      policy(['127.0.0.1'], { serverAllow: parseEntries(['127.0.0.1']) }),
    );
    expect(fine).toMatchObject({ ok: true, body: 'hello' });
  });

  it('reports bad requests, unresolvable hosts, closed ports and exhausted time', async () => {
    expect(await fetchIt({ url: 'not a url' }, policy(['*']))).toMatchObject({
      ok: false,
      error: { code: 'HTTP_ERROR', message: expect.stringContaining('invalid URL') },
    });
    expect(await fetchIt({ url: 'http://nowhere.test/' }, policy(['nowhere.test']))).toMatchObject({
      ok: false,
      error: { code: 'HTTP_ERROR', message: expect.stringContaining('cannot resolve host nowhere.test') },
    });
    expect(await fetchIt({ url: 'http://127.0.0.1:1/' }, policy(['127.0.0.1']))).toMatchObject({
      ok: false,
      error: { code: 'HTTP_ERROR' },
    });
    expect(
      await fetchIt({ url: `${srv.origin}/ok` }, policy(['127.0.0.1'], { deadline: Date.now() - 1 })),
    ).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(
      await fetchIt(
        { url: `${srv.origin}/big?bytes=5000` },
        policy(['127.0.0.1'], { maxResponseBytes: 1000 }),
      ),
    ).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
  });
});
