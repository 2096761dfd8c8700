import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SandboxRunner, loadBlocks } from './index';
import { writeBlocks } from './testing/fixtures';
import { makeCall } from './testing/call';

const MiB = 1024 * 1024;
let runner: SandboxRunner;

beforeAll(() => {
  runner = new SandboxRunner({
    registry: loadBlocks(writeBlocks([])),
    workers: 1,
    // A long time limit: what moves a call to a worker here is the main thread's slice (10 ms).
    code: { timeoutMs: 120_000, memoryBytes: 32 * MiB, inlineMemoryBytes: 8 * MiB },
  });
});

afterAll(async () => {
  await runner.close();
});

const run = (source: string, input?: unknown) =>
  runner.run(makeCall('code', input === undefined ? { source } : { source, input }).call);

describe('code on the main thread', () => {
  it('runs a short call on the main thread, warm once the source has run', async () => {
    const source = 'export default (input) => ({ doubled: input.n * 2 })';
    const before = { ...runner.codeStats };
    expect(await run(source, { n: 1 })).toEqual({ ok: true, output: { doubled: 2 } });
    await runner.codeIdle();
    expect(await run(source, { n: 2 })).toEqual({ ok: true, output: { doubled: 4 } });
    expect(runner.codeStats.inWorker).toBe(before.inWorker);
    expect(runner.codeStats.prepared).toBe(before.prepared + 1);
  });

  it('calls cannot see each other: globals set by one call are invisible to the next', async () => {
    const writer = `export default (input) => {
      globalThis.secret = input;
      Object.prototype.leak = input;
      JSON.stringify = () => 'hijacked';
      return typeof globalThis.secret;
    }`;
    const reader = `let calls = 0;
      export default () => [++calls, typeof globalThis.secret, ({}).leak === undefined, JSON.stringify({ a: 1 })]`;
    const before = runner.codeStats.inWorker;
    for (let i = 0; i < 3; i++) {
      // Warm and cold calls both: the second round of each source runs in a prepared context.
      expect(await run(writer, `call ${i}`)).toEqual({ ok: true, output: 'string' });
      await runner.codeIdle();
      expect(await run(reader)).toEqual({ ok: true, output: [1, 'undefined', true, '{"a":1}'] });
      await runner.codeIdle();
    }
    expect(runner.codeStats.inWorker).toBe(before);
  });

  it('calls back to back (each context made at call time, no idle turn between) cannot see each other', async () => {
    const writer = `export default (input) => {
      globalThis.secret = input;
      Object.prototype.leak = input;
      JSON.parse = () => 'hijacked';
      Promise.resolve = () => 'hijacked';
      return typeof globalThis.secret;
    }`;
    const reader = `export default async (input) => [typeof globalThis.secret, ({}).leak === undefined, input]`;
    const before = { ...runner.codeStats };
    await runner.codeIdle();
    for (let i = 0; i < 4; i++) {
      expect(await run(writer, `call ${i}`)).toEqual({ ok: true, output: 'string' });
      expect(await run(reader, { i })).toEqual({ ok: true, output: ['undefined', true, { i }] });
    }
    expect(runner.codeStats.inWorker).toBe(before.inWorker);
    // No idle turn: every call evaluated its module at call time, none was prepared.
    expect(runner.codeStats.evaluated).toBe(before.evaluated + 8);
  });

  it('reads an output with many keys after one with none, on the main thread and whole', async () => {
    // quickjs-emscripten 0.31 sized the list of an object's keys by the count of the object read
    // before it: 60 keys after `{}` wrote past the list into QuickJS's heap, the call failed there
    // ("out of memory") and went to a worker. A proxy may list other keys each time it is asked.
    const many = 'Object.fromEntries(Array.from({ length: 60 }, (_, i) => ["k" + i, i]))';
    const growing = `(() => {
      let asked = 0;
      return new Proxy({}, {
        ownKeys: () => (asked++ === 0 ? ['a'] : Array.from({ length: 500 }, (_, i) => 'k' + i)),
        getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
        get: (_, key) => (typeof key === 'string' ? 1 : undefined),
      });
    })()`;
    expect(await run('export default () => 1')).toEqual({ ok: true, output: 1 });
    const before = { ...runner.codeStats };
    for (let i = 0; i < 3; i++) {
      for (const expr of [many, `{ nested: ${many} }`]) {
        expect(await run('export default () => ({})')).toEqual({ ok: true, output: {} });
        await runner.codeIdle();
        const r = await run(`export default () => (${expr})`);
        expect(r.ok, expr).toBe(true);
        expect(JSON.stringify(r.ok && r.output).length, expr).toBeGreaterThan(400);
        await runner.codeIdle();
      }
      // A proxy is not read key by key: the output goes through JSON, which asks it once.
      expect(await run(`export default () => ({ p: ${growing} })`)).toEqual({
        ok: true,
        output: { p: { a: 1 } },
      });
      await runner.codeIdle();
    }
    expect(runner.codeStats.inWorker).toBe(before.inWorker);
    expect(runner.codeStats.mainThreadLoads).toBe(before.mainThreadLoads);
  });

  it('keeps several contexts prepared for a source run warm: calls in a row stay warm, each one fresh', async () => {
    const source = `let calls = 0;
      export default (input) => {
        const seen = [++calls, typeof globalThis.mark, ({}).mark === undefined, input];
        globalThis.mark = input;
        Object.prototype.mark = input;
        return seen;
      }`;
    const fresh = (i: number) => ({ ok: true, output: [1, 'undefined', true, i] });
    let inARow = 0;
    // Preparing can give up on a loaded machine (a module's top level gets a budget of wall time):
    // rounds are repeated until one had three warm calls in a row.
    for (let round = 0; round < 20 && inARow < 3; round++) {
      // Run warm once, then let the sandbox fill the source's stock while idle.
      expect(await run(source, 0)).toEqual(fresh(0));
      await runner.codeIdle();
      expect(await run(source, 0)).toEqual(fresh(0));
      await runner.codeIdle();
      const before = runner.codeStats.prepared;
      // Back to back: no idle turn between these calls, so each takes a context prepared earlier.
      for (let i = 1; i <= 3; i++) expect(await run(source, i)).toEqual(fresh(i));
      inARow = runner.codeStats.prepared - before;
      await runner.codeIdle();
    }
    expect(inARow).toBe(3);
  });

  it('moves a call that runs past the slice to a worker: same answer, its log lines once', async () => {
    const source = `export default (input) => {
      console.log('start', input);
      // Busy for 300 ms (QuickJS looks at the clock every few ms of such a loop).
      const until = Date.now() + 300;
      let spins = 0;
      for (;;) {
        for (let i = 0; i < 10000; i++) spins++;
        if (Date.now() >= until) break;
      }
      return spins > 0;
    }`;
    const before = runner.codeStats.inWorker;
    const { call, logs } = makeCall('code', { source, input: 'a' });
    expect(await runner.run(call)).toEqual({ ok: true, output: true });
    expect(logs).toEqual([{ level: 'info', message: 'start a' }]);
    expect(runner.codeStats.inWorker).toBe(before + 1);
  });

  it('moves a call that needs more memory than the main thread allows, or waits on a timer', async () => {
    const before = runner.codeStats.inWorker;
    // 12 MiB of string: over the main thread's 8 MiB, within the call's 32 MiB.
    expect(await run(`export default () => 'x'.repeat(12 * 1024 * 1024).length`)).toEqual({
      ok: true,
      output: 12 * MiB,
    });
    expect(
      await run(`export default async () => { await new Promise((r) => setTimeout(r, 5)); return 'later'; }`),
    ).toEqual({ ok: true, output: 'later' });
    // A timer due at once does not need a worker.
    expect(
      await run(`export default async () => { await new Promise((r) => setTimeout(r, 0)); return 'now'; }`),
    ).toEqual({ ok: true, output: 'now' });
    expect(runner.codeStats.inWorker).toBe(before + 2);
  });

  it('serves calls that waited for QuickJS to load even when the first of them drops it', async () => {
    // After a restart, a foreach's items all arrive before QuickJS has loaded on the main thread. The
    // first runs out of the main thread's memory, which drops the instance: the others, already past
    // the wait, go to a worker instead of failing with "QuickJS is not initialised".
    const fresh = new SandboxRunner({
      registry: loadBlocks(writeBlocks([])),
      workers: 1,
      code: { timeoutMs: 120_000, memoryBytes: 32 * MiB, inlineMemoryBytes: 8 * MiB },
    });
    try {
      const calls = [
        fresh.run(
          makeCall('code', { source: `export default () => 'x'.repeat(12 * 1024 * 1024).length` }).call,
        ),
        ...Array.from({ length: 4 }, (_, i) =>
          fresh.run(makeCall('code', { source: 'export default (i) => i * 10', input: i }).call),
        ),
      ];
      expect(await Promise.all(calls)).toEqual([
        { ok: true, output: 12 * MiB },
        ...Array.from({ length: 4 }, (_, i) => ({ ok: true, output: i * 10 })),
      ]);
      // And the main thread serves again afterwards.
      expect(await fresh.run(makeCall('code', { source: 'export default () => 1' }).call)).toEqual({
        ok: true,
        output: 1,
      });
    } finally {
      await fresh.close();
    }
  });

  it('ends an infinite loop with TIMEOUT in a worker while the main thread keeps serving', async () => {
    const before = runner.codeStats.inWorker;
    let spinDone = false;
    const spinning = runner
      .run(makeCall('code', { source: 'export default () => { for (;;) {} }' }, { timeoutMs: 3000 }).call)
      .then((r) => {
        spinDone = true;
        return r;
      });
    for (let i = 0; i < 20; i++)
      expect(await run('export default (i) => i + 1', i)).toEqual({ ok: true, output: i + 1 });
    expect(spinDone).toBe(false);
    expect(await spinning).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(runner.codeStats.inWorker).toBe(before + 1);
  });
});

describe('memory bombs on the main thread', () => {
  const errors = vi.spyOn(console, 'error');
  afterEach(() => errors.mockClear());

  it('end as LIMIT_EXCEEDED, the next call works, and many in a row neither grow memory nor print', async () => {
    // Memory limit = the main thread's, and a slice as long as the time limit: the bombs end on
    // the main thread, each dropping its QuickJS instance.
    const local = new SandboxRunner({
      registry: loadBlocks(writeBlocks([])),
      workers: 1,
      code: { timeoutMs: 120_000, memoryBytes: 8 * MiB, inlineMemoryBytes: 8 * MiB, inlineMs: 120_000 },
    });
    try {
      const strings = "export default () => { let s = 'x'; for (;;) s += s; }";
      const objects =
        'export default () => { const a = []; for (;;) a.push({ filler: [1, 2, 3, 4, 5, 6, 7, 8] }); }';
      expect(await local.run(makeCall('code', { source: 'export default () => 1' }).call)).toEqual({
        ok: true,
        output: 1,
      });
      const rss0 = process.memoryUsage().rss;
      const loads0 = local.codeStats.mainThreadLoads;
      for (let i = 0; i < 40; i++) {
        const source = `${i % 10 === 0 ? objects : strings}\n// ${i}`;
        const bomb = await local.run(makeCall('code', { source }).call);
        expect(bomb).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED', retryable: false } });
        expect(
          await local.run(makeCall('code', { source: 'export default (n) => n * 2', input: i }).call),
        ).toEqual({ ok: true, output: i * 2 });
      }
      // Each bomb fills an 8 MiB heap: 40 kept would be 320 MiB and more.
      expect(process.memoryUsage().rss - rss0).toBeLessThan(160 * MiB);
      expect(local.codeStats.inWorker).toBe(0);
      expect(local.codeStats.mainThreadLoads).toBe(loads0 + 40);
      const printed = errors.mock.calls.map((c) => c.map(String).join(' '));
      expect(printed.filter((line) => line.includes('Aborted'))).toEqual([]);
    } finally {
      await local.close();
    }
  });
});
