/**
 * Webhooks over real HTTP: `weft serve` answers `/hooks/…` on Node's server itself, ahead of Hono
 * (webhooks/node-listener.ts): body with its size limit, headers, signatures, query, the answers'
 * status and headers — the same answers the `app.request()` tests get through Hono.
 */
import { mkdtempSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCatalog } from '@weft/dsl';
import { ScriptedRunner } from '@weft/engine';
import { openStore } from '@weft/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config';
import { createServer, type WeftServer } from '../server';
import { hmacHex } from './signature';

let server: WeftServer;
let port = 0;

const HOOKS = `apiVersion: weft/v1
kind: Workflow
id: real
triggers:
  - webhook: { path: sync, mode: sync }
  - webhook: { path: signed, mode: sync, secret: "s3cret", signature: hmac-sha256 }
  - webhook: { path: queued }
  - webhook: { path: only-put, method: PUT, mode: sync }
steps:
  - id: echo
    uses: transform
    with: { expression: "{ 'body': trigger.body, 'h': trigger.headers.\`x-test\`, 'auth': trigger.headers.authorization, 'q': trigger.query }" }
outputs:
  got: "\${{ steps.echo.output }}"
`;

/** POST with a body sent in the given chunks (chunked transfer when there is no content-length). */
function post(
  path: string,
  chunks: readonly string[],
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-node-request-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: { WEFT_LOG_LEVEL: 'silent', WEFT_DATA_DIR: dataDir, WEFT_WEBHOOK_BODY_LIMIT: '1KiB' },
    flags: { db: 'sqlite::memory:', port: '0', host: '127.0.0.1' },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const store = await openStore('sqlite::memory:');
  server = await createServer(cfg.value, {
    store,
    blocks: { runner: new ScriptedRunner(), catalog: builtinCatalog() },
  });
  port = (await server.start()).port;
  const res = await server.app.request('http://weft.test/api/trpc/workflows.save', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ yaml: HOOKS }),
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await server.stop();
});

describe('webhooks over a real connection', () => {
  it('reads a JSON body sent in several chunks, and the headers, but never the credentials', async () => {
    const res = await post('/hooks/real/sync', ['{"a":', '[1,2', ',3]}'], {
      'content-type': 'application/json',
      'x-test': 'yes',
      authorization: 'Bearer not-for-the-run',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-weft-run-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toEqual({ got: { body: { a: [1, 2, 3] }, h: 'yes', q: {} } });
  });

  it('passes the query string to the run and answers an async hook 202 with the run id', async () => {
    const sync = await post('/hooks/real/sync/?a=1&b=two%20words', ['{}'], {
      'content-type': 'application/json',
    });
    expect(JSON.parse(sync.body)).toEqual({ got: { body: {}, q: { a: '1', b: 'two words' } } });
    const queued = await post('/hooks/real/queued', ['{"n":1}'], { 'content-type': 'application/json' });
    expect(queued.status).toBe(202);
    const { runId } = JSON.parse(queued.body) as { runId: string };
    const run = await server.store.repos.runs.get(runId as never);
    expect(run?.run.workflowId).toBe('real');
  });

  it('replays a delivery with the same idempotency key instead of starting a second run', async () => {
    const send = (): ReturnType<typeof post> =>
      post('/hooks/real/queued', ['{}'], { 'content-type': 'application/json', 'idempotency-key': 'k-1' });
    const first = await send();
    const again = await send();
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('answers unknown workflows and paths 404, and a wrong method 405 with Allow', async () => {
    const none = await post('/hooks/nope/sync', ['{}']);
    expect(none.status).toBe(404);
    expect(JSON.parse(none.body)).toEqual({ error: 'no workflow "nope"' });
    const encoded = await post('/hooks/%72eal/elsewhere', ['{}']);
    expect(JSON.parse(encoded.body)).toEqual({ error: 'workflow "real" has no webhook at path "elsewhere"' });
    const wrong = await post('/hooks/real/only-put', ['{}']);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('PUT');
    const right = await post('/hooks/real/only-put', ['{}'], { 'content-type': 'application/json' }, 'PUT');
    expect(right.status).toBe(200);
  });

  it('hands every other path to the app', async () => {
    const health = await post('/healthz', [], {}, 'GET');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const bare = await post('/hooks/', ['{}']);
    expect(bare.status).not.toBe(500);
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const declared = await post('/hooks/real/sync', ['x'.repeat(2048)], {
      'content-type': 'text/plain',
      'content-length': '2048',
    });
    expect(declared.status).toBe(413);
    const streamed = await post('/hooks/real/sync', ['x'.repeat(700), 'y'.repeat(700)], {
      'content-type': 'text/plain',
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toMatch(/larger than the limit of 1024 bytes/);
  });

  it('checks the signature on the exact bytes received', async () => {
    const body = '{"n":1}';
    const good = await post('/hooks/real/signed', [body], {
      'content-type': 'application/json',
      'x-weft-signature': `sha256=${hmacHex('s3cret', body)}`,
    });
    expect(good.status).toBe(200);
    const bad = await post('/hooks/real/signed', [body], {
      'content-type': 'application/json',
      'x-weft-signature': `sha256=${hmacHex('wrong', body)}`,
    });
    expect(bad.status).toBe(401);
  });
});
