import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxRunner, loadBlocks } from './index';
import { discardEarlyWorker, earlyWorkerWaiting, startEarlyWorker } from './early';
import { buildFixtures, writeBlocks } from './testing/fixtures';
import type { Fixtures } from './testing/fixtures';
import { makeCall } from './testing/call';

let fx: Fixtures;
let runner: SandboxRunner;
let dir: string;

beforeAll(async () => {
  fx = await buildFixtures();
  dir = writeBlocks([
    {
      name: 'echo',
      wasm: fx.testBlock,
      entry: 'echo',
      inputs: { type: 'object', properties: { n: { type: 'number' } }, additionalProperties: false },
    },
    { name: 'echo', version: '1.2.0', wasm: fx.testBlock, entry: 'echo' },
    { name: 'echo', version: '2.0.0', wasm: fx.testBlock, entry: 'noop' },
    { name: 'logs', wasm: fx.testBlock, entry: 'logs' },
    { name: 'ports', wasm: fx.testBlock, entry: 'port', ports: ['a', 'b'] },
    { name: 'badport', wasm: fx.testBlock, entry: 'port', ports: ['a'] },
    { name: 'coded', wasm: fx.testBlock, entry: 'failCoded' },
    { name: 'texterr', wasm: fx.testBlock, entry: 'failText' },
    { name: 'trap', wasm: fx.testBlock, entry: 'trap' },
    { name: 'missing', wasm: '/nonexistent/missing.wasm' },
    { name: 'noentry', wasm: fx.testBlock, entry: 'nope' },
    { name: 'random', wasm: fx.testBlock, entry: 'random' },
  ]);
  runner = new SandboxRunner({ registry: loadBlocks(dir), workers: 2 });
});

afterAll(async () => {
  await runner.close();
});

describe('SandboxRunner with WASM blocks', () => {
  it('runs a block and returns its output', async () => {
    const { call } = makeCall('echo@1.2.0', { n: 1, s: 'héllo' });
    expect(await runner.run(call)).toEqual({ ok: true, output: { n: 1, s: 'héllo' } });
  });

  it('resolves name@major to the highest matching version', async () => {
    const { call } = makeCall('echo@2', {});
    expect(await runner.run(call)).toEqual({ ok: true, output: null });
    expect(runner.catalog.resolve('echo@1')?.version).toBe('1.2.0');
    expect(runner.catalog.resolve('echo@1.0.0')?.version).toBe('1.0.0');
  });

  it('checks inputs against the manifest schema', async () => {
    const { call } = makeCall('echo@1.0.0', { n: 'one' });
    const r = await runner.run(call);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!r.ok && r.error.message).toContain('with.n');
  });

  it('passes block logs into the step log', async () => {
    const { call, logs } = makeCall('logs@1', {});
    expect(await runner.run(call)).toEqual({ ok: true, output: 'logged' });
    expect(logs).toEqual([
      { level: 'info', message: 'hello from the block' },
      { level: 'warn', message: 'careful' },
    ]);
  });

  it('returns the port a block chose, and refuses an undeclared one', async () => {
    expect(await runner.run(makeCall('ports@1', {}).call)).toEqual({
      ok: true,
      output: { picked: 'b' },
      port: 'b',
    });
    const r = await runner.run(makeCall('badport@1', {}).call);
    expect(r).toMatchObject({ ok: false, error: { code: 'BLOCK_ERROR' } });
    expect(!r.ok && r.error.message).toContain('port "b"');
  });

  it('maps a block error with a code, and one without', async () => {
    expect(await runner.run(makeCall('coded@1', {}).call)).toEqual({
      ok: false,
      error: { code: 'HTTP_ERROR', message: 'upstream said 503', retryable: true },
    });
    expect(await runner.run(makeCall('texterr@1', {}).call)).toEqual({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: 'something broke' },
    });
  });

  it('maps a trap to BLOCK_ERROR and the next call works', async () => {
    const r = await runner.run(makeCall('trap@1', {}).call);
    expect(r).toMatchObject({ ok: false, error: { code: 'BLOCK_ERROR' } });
    expect(!r.ok && r.error.message).toMatch(/crashed.*unreachable/);
    expect(await runner.run(makeCall('trap@1', {}).call)).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_ERROR' },
    });
    expect(await runner.run(makeCall('echo@1', { n: 2 }).call)).toEqual({ ok: true, output: { n: 2 } });
  });

  it('reports unknown blocks, missing modules and missing entries clearly', async () => {
    expect(await runner.run(makeCall('nosuch@1', {}).call)).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_NOT_FOUND', message: 'unknown block "nosuch@1"' },
    });
    const missing = await runner.run(makeCall('missing@1', {}).call);
    expect(missing).toMatchObject({ ok: false, error: { code: 'BLOCK_NOT_FOUND' } });
    expect(!missing.ok && missing.error.message).toContain('run pnpm build:blocks');
    const noentry = await runner.run(makeCall('noentry@1', {}).call);
    expect(!noentry.ok && noentry.error.message).toContain('does not export a function named "nope"');
  });

  it('gives blocks random bytes through weft_random', async () => {
    const r = await runner.run(makeCall('random@1', {}).call);
    const [a, b] = r.ok ? (r.output as string[]) : [];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });

  it('checks blocks ahead of use with warm()', async () => {
    const problems = await runner.warm(['echo@1', 'missing@1', 'noentry@1', 'ghost@1']);
    expect(problems.map((p) => [p.uses, p.code])).toEqual([
      ['missing@1', 'BLOCK_NOT_FOUND'],
      ['noentry@1', 'BLOCK_ERROR'],
      ['ghost@1', 'BLOCK_NOT_FOUND'],
    ]);
  });

  it('starts a worker on warm() that the first call then uses', async () => {
    const fresh = new SandboxRunner({ registry: loadBlocks(dir), workers: 2 });
    try {
      await fresh.warm(['transform', 'ghost@1']);
      expect(fresh.workers).toBe(0);
      const warming = fresh.warm(['echo@1']);
      expect(fresh.workers).toBe(1);
      expect(await warming).toEqual([]);
      const { call } = makeCall('echo@1.2.0', { n: 2 });
      expect(await fresh.run(call)).toEqual({ ok: true, output: { n: 2 } });
      expect(fresh.workers).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('adopts the worker `weft run` started early instead of starting its own', async () => {
    startEarlyWorker();
    expect(earlyWorkerWaiting()).toBe(true);
    const fresh = new SandboxRunner({ registry: loadBlocks(dir), workers: 2 });
    try {
      const { call } = makeCall('echo@1.2.0', { n: 3 });
      expect(await fresh.run(call)).toEqual({ ok: true, output: { n: 3 } });
      expect(earlyWorkerWaiting()).toBe(false);
      expect(fresh.workers).toBe(1);
    } finally {
      await fresh.close();
    }
    startEarlyWorker();
    discardEarlyWorker();
    expect(earlyWorkerWaiting()).toBe(false);
  });

  it('refuses inputs that are not JSON', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await runner.run(makeCall('echo@1.2.0', { cyclic }).call)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('runs many calls concurrently across workers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => runner.run(makeCall('echo@1', { n: i }).call)),
    );
    expect(results.map((r) => (r.ok ? (r.output as { n: number }).n : -1))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
