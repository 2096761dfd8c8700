/**
 * The escape suite: every way out of the sandbox we know of is denied or stopped with the right
 * code, and the very next call runs normally in the same process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockResult, ErrorCode } from '@weft/engine';
import { SandboxRunner, loadBlocks } from './index';
import { buildFixtures, writeBlocks } from './testing/fixtures';
import { makeCall } from './testing/call';
import { startServer } from './testing/server';
import type { TestServer } from './testing/server';

let runner: SandboxRunner;
let v4: TestServer;
let v6: TestServer;
const resolved: string[] = [];
/** The per-call time limit of the tests that are about time limits. */
const SHORT = { timeoutMs: 1000 };

beforeAll(async () => {
  const fx = await buildFixtures();
  const dir = writeBlocks([
    { name: 'echo', wasm: fx.testBlock, entry: 'echo' },
    { name: 'net', wasm: fx.testBlock, entry: 'fetch', network: true },
    { name: 'netfail', wasm: fx.testBlock, entry: 'fetchOrFail', network: true },
    { name: 'nonet', wasm: fx.testBlock, entry: 'fetchOrFail' },
    { name: 'loop', wasm: fx.testBlock, entry: 'loop', limits: { memory: '4MiB', timeout: '1s' } },
    // Spins for 20 s: far longer than 20 echo calls take even on a busy machine.
    { name: 'spin', wasm: fx.testBlock, entry: 'loop', limits: { memory: '4MiB', timeout: '20s' } },
    { name: 'membomb', wasm: fx.testBlock, entry: 'membomb' },
    { name: 'huge', wasm: fx.testBlock, entry: 'huge', limits: { memory: '4MiB', maxOutputBytes: '64KiB' } },
    { name: 'recurse', wasm: fx.testBlock, entry: 'recurse' },
    { name: 'badjson', wasm: fx.testBlock, entry: 'badjson' },
    { name: 'snoop', wasm: fx.testBlock, entry: 'snoop' },
    { name: 'wasi', wasm: fx.wasi, entry: 'run', limits: { memory: '1MiB' } },
    { name: 'nomax', wasm: fx.noMax, entry: 'echo' },
    { name: 'toobig', wasm: fx.testBlock, entry: 'echo', limits: { memory: '1MiB' } },
  ]);
  [v4, v6] = await Promise.all([startServer('127.0.0.1'), startServer('::1')]);
  // Tests resolve names themselves: the machine has no DNS, and this proves which address is used.
  const names: Record<string, string[]> = {
    'app.test': ['127.0.0.1'],
    'internal.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'mixed.test': ['93.184.216.34', '10.0.0.7'],
    'v6.test': ['::1'],
  };
  runner = new SandboxRunner({
    registry: loadBlocks(dir),
    workers: 2,
    // A long default time limit, so memory limits are what stops memory bombs even at load 10+;
    // the tests about time limits pass a short one per call (`SHORT`).
    code: { memoryBytes: 16 * 1024 * 1024, timeoutMs: 300_000, maxOutputBytes: 64 * 1024 },
    network: {
      maxResponseBytes: 64 * 1024,
      resolve: async (host) => {
        resolved.push(host);
        const found = names[host];
        if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
        return found;
      },
    },
  });
});

afterAll(async () => {
  await runner.close();
  await Promise.all([v4.close(), v6.close()]);
});

/** Runs a call and checks the code; then proves the process still runs blocks and code normally. */
async function expectStopped(
  result: Promise<BlockResult>,
  code: ErrorCode,
  message?: RegExp,
): Promise<string> {
  const r = await result;
  expect(r).toMatchObject({ ok: false, error: { code } });
  const text = r.ok ? '' : r.error.message;
  if (message) expect(text).toMatch(message);
  expect(await runner.run(makeCall('echo@1', { still: 'fine' }).call)).toEqual({
    ok: true,
    output: { still: 'fine' },
  });
  expect(
    await runner.run(makeCall('code', { source: 'export default (i) => i * 2', input: 21 }).call),
  ).toEqual({ ok: true, output: 42 });
  return text;
}

function fetchCall(url: string, network: readonly string[], block = 'netfail@1') {
  return runner.run(makeCall(block, { request: { method: 'GET', url } }, { network }).call);
}

describe('network escapes', () => {
  it('denies a host that is not listed', async () => {
    await expectStopped(
      fetchCall('http://evil.test/steal', ['api.example.com']),
      'PERMISSION_DENIED',
      /evil\.test/,
    );
    expect(resolved).not.toContain('evil.test'); // refused before any DNS query
    expect(
      await runner.run(
        makeCall('netfail@1', { request: { url: `${v4.origin}/ok` } }, { network: ['api.example.com'] }).call,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED', retryable: false },
    });
  });

  it('denies a block whose manifest does not declare the network, whatever the workflow allows', async () => {
    await expectStopped(
      fetchCall(`${v4.origin}/ok`, ['127.0.0.1'], 'nonet@1'),
      'PERMISSION_DENIED',
      /no network capability/,
    );
  });

  it.each([
    ['127.0.0.1', () => `${v4.origin}/ok`],
    ['::1', () => `${v6.origin}/ok`],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped 127.0.0.1', () => `http://[::ffff:127.0.0.1]:${v4.port}/ok`],
    ['decimal 127.0.0.1', () => `http://2130706433:${v4.port}/ok`],
    ['fc00::/7', () => 'http://[fd00::1]/'],
    ['fe80::/10', () => 'http://[fe80::1]/'],
  ])('denies %s without an explicit entry, even with "*"', async (_label, url) => {
    const before = v4.seen.length + v6.seen.length;
    await expectStopped(fetchCall(url(), ['*']), 'PERMISSION_DENIED', /address.*explicit IP or CIDR entry/);
    expect(v4.seen.length + v6.seen.length).toBe(before);
  });

  it('denies a listed name that resolves to a private or metadata address (DNS rebinding)', async () => {
    await expectStopped(
      fetchCall(`http://internal.test:${v4.port}/ok`, ['internal.test']),
      'PERMISSION_DENIED',
      /internal\.test resolved to 127\.0\.0\.1/,
    );
    await expectStopped(
      fetchCall('http://metadata.test/', ['*.test']),
      'PERMISSION_DENIED',
      /169\.254\.169\.254/,
    );
    // Every address counts, not just the first.
    await expectStopped(fetchCall('http://mixed.test/', ['mixed.test']), 'PERMISSION_DENIED', /10\.0\.0\.7/);
  });

  it('reaches loopback with an explicit entry, connecting to the address it checked', async () => {
    const ok = await fetchCall(`${v4.origin}/ok`, ['127.0.0.1']);
    expect(ok).toMatchObject({
      ok: true,
      output: { ok: true, status: 200, body: 'hello', headers: { 'x-test': 'yes' } },
    });
    const v6ok = await fetchCall(`${v6.origin}/ok`, ['::1']);
    expect(v6ok).toMatchObject({ ok: true, output: { ok: true, status: 200, body: 'hello' } });
    // app.test exists only in the test resolver: the request could only succeed by connecting to the
    // checked address, and the server still sees the name in Host.
    const named = await fetchCall(`http://app.test:${v4.port}/echo`, ['app.test', '127.0.0.1/32']);
    expect(named).toMatchObject({ ok: true, output: { ok: true, status: 200 } });
    expect(JSON.parse((named as { output: { body: string } }).output.body)).toMatchObject({
      host: `app.test:${v4.port}`,
    });
  });

  it('re-checks every redirect and refuses one to a forbidden host', async () => {
    const toMeta = `${v4.origin}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`;
    await expectStopped(
      fetchCall(toMeta, ['127.0.0.1']),
      'PERMISSION_DENIED',
      /169\.254\.169\.254.*redirect target/,
    );
    const toUnlisted = `${v4.origin}/redirect?to=${encodeURIComponent('http://evil.test/')}`;
    await expectStopped(
      fetchCall(toUnlisted, ['127.0.0.1']),
      'PERMISSION_DENIED',
      /evil\.test.*redirect target/,
    );
    const toV6 = `${v4.origin}/redirect?to=${encodeURIComponent(`${v6.origin}/ok`)}`;
    await expectStopped(fetchCall(toV6, ['127.0.0.1']), 'PERMISSION_DENIED', /::1/);
    // An allowed redirect is followed.
    const fine = await fetchCall(`${v4.origin}/redirect?to=/ok`, ['127.0.0.1']);
    expect(fine).toMatchObject({ ok: true, output: { ok: true, status: 200, body: 'hello' } });
  });

  it('stops redirect loops after 5 hops', async () => {
    const r = await runner.run(
      makeCall('net@1', { request: { url: `${v4.origin}/loop` } }, { network: ['127.0.0.1'] }).call,
    );
    expect(r).toMatchObject({ ok: true, output: { ok: false, error: { code: 'HTTP_ERROR' } } });
    expect((r as { output: { error: { message: string } } }).output.error.message).toMatch(
      /too many redirects/,
    );
  });

  it('bounds the response size', async () => {
    const r = await runner.run(
      makeCall('net@1', { request: { url: `${v4.origin}/big?bytes=200000` } }, { network: ['127.0.0.1'] })
        .call,
    );
    expect(r).toMatchObject({ ok: true, output: { ok: false, error: { code: 'LIMIT_EXCEEDED' } } });
  });

  it('refuses schemes other than http and https', async () => {
    await expectStopped(fetchCall('file:///etc/passwd', ['*']), 'PERMISSION_DENIED', /file:/);
  });
});

describe('host escapes', () => {
  it('refuses a module that imports WASI (files, environment)', async () => {
    await expectStopped(
      runner.run(makeCall('wasi@1', {}).call),
      'PERMISSION_DENIED',
      /wasi_snapshot_preview1.*files, environment/,
    );
  });

  it("gives Extism's own HTTP, config and variables nothing", async () => {
    const { call, logs } = makeCall('snoop@1', {});
    expect(await runner.run(call)).toEqual({ ok: true, output: { extismHttp: 0, config: '', var: '' } });
    expect(logs.some((l) => l.message.includes('http_request is not enabled'))).toBe(true);
  });

  it('gives code no process, require, fetch or modules', async () => {
    const probe = `export default () => [typeof process, typeof require, typeof fetch, typeof XMLHttpRequest, typeof std, typeof os]`;
    expect(await runner.run(makeCall('code', { source: probe }).call)).toEqual({
      ok: true,
      output: Array(6).fill('undefined'),
    });
    await expectStopped(
      runner.run(
        makeCall('code', {
          source: `import fs from 'fs'; export default () => fs.readFileSync('/etc/passwd')`,
        }).call,
      ),
      'BLOCK_ERROR',
    );
    await expectStopped(
      runner.run(
        makeCall('code', { source: `export default async () => (await import('os')).getenv('HOME')` }).call,
      ),
      'BLOCK_ERROR',
    );
  });
});

describe('resource escapes', () => {
  it('stops an infinite loop with TIMEOUT', async () => {
    await expectStopped(runner.run(makeCall('loop@1', {}).call), 'TIMEOUT', /time limit of 1000 ms/);
    await expectStopped(
      runner.run(makeCall('code', { source: 'export default () => { for (;;) {} }' }, SHORT).call),
      'TIMEOUT',
    );
    await expectStopped(
      runner.run(
        makeCall(
          'code',
          { source: 'export default () => new Promise(() => setTimeout(() => {}, 60000))' },
          SHORT,
        ).call,
      ),
      'TIMEOUT',
    );
  });

  it('keeps serving other steps while a block spins', async () => {
    let loopDone = false;
    const spinning = runner.run(makeCall('spin@1', {}).call).then((r) => {
      loopDone = true;
      return r;
    });
    for (let i = 0; i < 20; i++)
      expect(await runner.run(makeCall('echo@1', { i }).call)).toEqual({ ok: true, output: { i } });
    expect(loopDone).toBe(false);
    expect(await spinning).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('stops memory bombs with LIMIT_EXCEEDED', async () => {
    await expectStopped(runner.run(makeCall('membomb@1', {}).call), 'LIMIT_EXCEEDED', /memory/);
    await expectStopped(
      runner.run(
        makeCall('code', {
          source:
            'export default () => { const a = []; for (;;) a.push(Array.from({ length: 10000 }, (_, i) => ({ i }))); }',
        }).call,
      ),
      'LIMIT_EXCEEDED',
      /memory/,
    );
    await expectStopped(
      runner.run(makeCall('code', { source: "export default () => { let s = 'x'; for (;;) s += s; }" }).call),
      'LIMIT_EXCEEDED',
      /memory/,
    );
  });

  it('refuses modules that could grow past their memory limit', async () => {
    await expectStopped(
      runner.run(makeCall('nomax@1', {}).call),
      'BLOCK_ERROR',
      /declares no maximum memory.*--maximumMemory 64/,
    );
    await expectStopped(
      runner.run(makeCall('toobig@1', {}).call),
      'LIMIT_EXCEEDED',
      /4 MiB, above its limit of 1 MiB/,
    );
  });

  it('stops huge outputs with LIMIT_EXCEEDED', async () => {
    await expectStopped(
      runner.run(makeCall('huge@1', {}).call),
      'LIMIT_EXCEEDED',
      /over its limit of 65536 bytes/,
    );
    await expectStopped(
      runner.run(makeCall('code', { source: "export default () => 'x'.repeat(200000)" }).call),
      'LIMIT_EXCEEDED',
      /over its limit/,
    );
  });

  it('stops deep recursion with BLOCK_ERROR', async () => {
    await expectStopped(runner.run(makeCall('recurse@1', {}).call), 'BLOCK_ERROR', /stack/i);
    await expectStopped(
      runner.run(
        makeCall('code', { source: 'const f = (n) => f(n + 1) + 1; export default () => f(0)' }).call,
      ),
      'BLOCK_ERROR',
      /stack/i,
    );
  });

  it('reports invalid JSON output as BLOCK_ERROR', async () => {
    await expectStopped(runner.run(makeCall('badjson@1', {}).call), 'BLOCK_ERROR', /invalid JSON output/);
  });

  it('stops a call that waits for a busy worker, by cancel or by its time limit', async () => {
    // One worker, held by a block that spins for 20 s: the calls below wait for it.
    const one = new SandboxRunner({ registry: runner.catalog, workers: 1 });
    try {
      // Both compiled ahead, so the spin (asked first) takes the worker first.
      expect(await one.warm(['spin@1', 'echo@1'])).toEqual([]);
      const holder = new AbortController();
      const spinning = one.run(makeCall('spin@1', {}, { signal: holder.signal }).call);
      // Cancelled before it reached the pool (while its module was made ready), and while it waits.
      const early = new AbortController();
      const cancelledEarly = one.run(makeCall('echo@1', {}, { signal: early.signal }).call);
      early.abort();
      const waiting = new AbortController();
      const cancelledWaiting = one.run(makeCall('echo@1', {}, { signal: waiting.signal }).call);
      const late = one.run(makeCall('echo@1', {}, { timeoutMs: 300 }).call);
      await new Promise((r) => setImmediate(r));
      waiting.abort();
      expect(await cancelledEarly).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await cancelledWaiting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      expect(await late).toMatchObject({
        ok: false,
        error: {
          code: 'TIMEOUT',
          message: expect.stringMatching(/did not start within 300 ms: every sandbox worker was busy/),
        },
      });
      holder.abort();
      expect(await spinning).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
      // The worker the spin held was stopped; a fresh one answers.
      expect(await one.run(makeCall('echo@1', { after: 1 }).call)).toEqual({
        ok: true,
        output: { after: 1 },
      });
    } finally {
      await one.close();
    }
  });

  it('cancels a running block when the step is aborted', async () => {
    const ctl = new AbortController();
    const running = runner.run(makeCall('spin@1', {}, { signal: ctl.signal }).call);
    setTimeout(() => ctl.abort(), 50);
    await expectStopped(running, 'CANCELLED');
  });
});
