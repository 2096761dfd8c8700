/**
 * The standard blocks (blocks/*) run through the production sandbox: every example case of their
 * folders (except the canned-HTTP ones, which `weft block test` covers), and http@1 against a local
 * server with real permissions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_BLOCKS_DIR, SandboxRunner, loadBlocks } from './index';
import { makeCall } from './testing/call';
import { startServer } from './testing/server';
import type { TestServer } from './testing/server';

interface Example {
  name: string;
  with: Record<string, unknown>;
  output?: unknown;
  error?: { code: string; message?: string; retryable?: boolean };
  http?: unknown;
  host?: unknown;
}

const examples = (block: string): Example[] =>
  readdirSync(join(DEFAULT_BLOCKS_DIR, block, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parse(readFileSync(join(DEFAULT_BLOCKS_DIR, block, 'examples', f), 'utf8')) as Example[])
    .filter((e) => e.http === undefined && e.host === undefined);

let runner: SandboxRunner;
let srv: TestServer;

beforeAll(async () => {
  runner = new SandboxRunner({ registry: loadBlocks(DEFAULT_BLOCKS_DIR), workers: 2 });
  srv = await startServer('127.0.0.1');
});

afterAll(async () => {
  await runner.close();
  await srv.close();
});

describe.each(['crypto', 'csv', 'datetime', 'json', 'text'])('%s@1 in the sandbox', (block) => {
  it.each(examples(block).map((e) => [e.name, e] as const))('%s', async (_name, ex) => {
    const r = await runner.run(makeCall(`${block}@1`, ex.with).call);
    // Codes must agree; messages may differ where the sandbox checks `with` against the schema
    // before the block runs (and the examples quote message prefixes).
    if (ex.error) expect(r).toMatchObject({ ok: false, error: { code: ex.error.code } });
    else expect(r).toEqual({ ok: true, output: ex.output });
  });
});

describe('http@1 in the sandbox', () => {
  it('fetches from an allowed host', async () => {
    const r = await runner.run(
      makeCall(
        'http@1',
        { url: `${srv.origin}/echo`, method: 'POST', body: { a: 1 } },
        { network: ['127.0.0.1'] },
      ).call,
    );
    expect(r).toMatchObject({ ok: true, output: { status: 200, body: { method: 'POST', body: '{"a":1}' } } });
  });

  it('is refused a host the workflow does not list, with PERMISSION_DENIED', async () => {
    const r = await runner.run(
      makeCall('http@1', { url: `${srv.origin}/ok` }, { network: ['api.example.com'] }).call,
    );
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: expect.stringContaining('127.0.0.1') },
    });
  });

  it('fails with HTTP_ERROR on a 404', async () => {
    const r = await runner.run(
      makeCall('http@1', { url: `${srv.origin}/missing` }, { network: ['127.0.0.1'] }).call,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'HTTP_ERROR' } });
  });
});
