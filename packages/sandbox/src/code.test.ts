import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SandboxRunner, loadBlocks } from './index';
import { writeBlocks } from './testing/fixtures';
import { makeCall } from './testing/call';

let runner: SandboxRunner;

beforeAll(() => {
  runner = new SandboxRunner({
    registry: loadBlocks(writeBlocks([])),
    workers: 1,
    code: { timeoutMs: 2000, memoryBytes: 16 * 1024 * 1024 },
  });
});

afterAll(async () => {
  await runner.close();
});

const run = (source: unknown, input?: unknown) =>
  runner.run(makeCall('code', input === undefined ? { source } : { source, input }).call);

describe('the code built-in', () => {
  it('calls the default export with the input and returns its result', async () => {
    expect(
      await run('export default (input) => ({ sum: input.a + input.b, list: [1, "two", null] })', {
        a: 2,
        b: 3,
      }),
    ).toEqual({
      ok: true,
      output: { sum: 5, list: [1, 'two', null] },
    });
    expect(await run('export default function (input) { return input; }')).toEqual({
      ok: true,
      output: null,
    });
    expect(await run('export default () => {}')).toEqual({ ok: true, output: null });
  });

  it('awaits a promise, with setTimeout and clearTimeout', async () => {
    const source = `
      export default async (input) => {
        const order = [];
        const t = setTimeout(() => order.push('cancelled'), 5);
        clearTimeout(t);
        await new Promise((r) => setTimeout(() => { order.push('late'); r(); }, 20));
        await new Promise((r) => setTimeout(() => { order.push('soon'); r(); }, 1));
        return { order, input };
      };`;
    expect(await run(source, 'x')).toEqual({ ok: true, output: { order: ['late', 'soon'], input: 'x' } });
  });

  it('sends console output to the step log', async () => {
    const { call, logs } = makeCall('code', {
      source:
        'export default () => { console.log("hello", { a: 1 }, 2); console.warn("careful"); console.error(new Error("bad").message); return 1; }',
    });
    expect(await runner.run(call)).toEqual({ ok: true, output: 1 });
    expect(logs).toEqual([
      { level: 'info', message: 'hello {"a":1} 2' },
      { level: 'warn', message: 'careful' },
      { level: 'error', message: 'bad' },
    ]);
  });

  it('fails with BLOCK_ERROR and the message of a thrown error', async () => {
    expect(await run('export default () => { throw new Error("the invoice has no total"); }')).toEqual({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: 'the invoice has no total' },
    });
    expect(await run('export default async () => Promise.reject(new TypeError("nope"))')).toEqual({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: 'nope' },
    });
    expect(await run('export default () => { throw "plain text"; }')).toEqual({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: 'plain text' },
    });
  });

  it('explains a syntax error, a missing default export and a non-JSON result', async () => {
    const syntax = await run('export default () => {');
    expect(syntax).toMatchObject({ ok: false, error: { code: 'BLOCK_ERROR' } });
    expect(await run('export const x = 1;')).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: expect.stringContaining('no default export') },
    });
    expect(await run('export default () => () => 1')).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: expect.stringContaining('not JSON') },
    });
    expect(await run('export default () => 10n')).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_ERROR' },
    });
    expect(await run('export default () => new Promise(() => {})')).toMatchObject({
      ok: false,
      error: { code: 'BLOCK_ERROR', message: expect.stringContaining('never settles') },
    });
  });

  it('rejects a missing source as INVALID_INPUT', async () => {
    expect(await run(undefined)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await run(42)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('starts every call with fresh globals', async () => {
    expect(
      await run('export default () => { globalThis.leak = "secret"; Array.prototype.evil = 1; return 1; }'),
    ).toEqual({ ok: true, output: 1 });
    expect(await run('export default () => [typeof globalThis.leak, [].evil === undefined]')).toEqual({
      ok: true,
      output: ['undefined', true],
    });
  });

  it('calls cannot see each other: globals, module state, prototypes and host functions are fresh', async () => {
    // One QuickJS runtime is reused and each call's context prepared in advance: every call still
    // gets a context no earlier call has touched, even when the source is the same.
    const counter =
      'let n = 0; export default () => { n += 1; globalThis.count = (globalThis.count ?? 0) + 1; return [n, globalThis.count]; }';
    for (let i = 0; i < 3; i++) expect(await run(counter)).toEqual({ ok: true, output: [1, 1] });
    const tamper = `export default () => {
      Object.prototype.polluted = 'yes';
      JSON.parse = () => 'hijacked';
      console.log = () => { throw new Error('replaced'); };
      globalThis.setTimeout = undefined;
      Math.random = () => 4;
      globalThis.secret = 'from call A';
      return 'tampered';
    }`;
    expect(await run(tamper)).toEqual({ ok: true, output: 'tampered' });
    const { call, logs } = makeCall('code', {
      source: `export default async () => {
        console.log('still mine');
        await new Promise((r) => setTimeout(r, 1));
        return [({}).polluted === undefined, JSON.parse('{"a":1}'), Math.random() < 1, typeof globalThis.secret];
      }`,
    });
    expect(await runner.run(call)).toEqual({ ok: true, output: [true, { a: 1 }, true, 'undefined'] });
    expect(logs.map((l) => l.message)).toEqual(['still mine']);
  });

  it('a prepared (warm) call is as fresh as a cold one: module state, globals and prototypes', async () => {
    // After answering, the sandbox evaluates the module just run into a new context for the next call
    // with the same source. Each call below must not see anything an earlier call did, whether it
    // ran in such a prepared context or not; calls are repeated until several were prepared ones.
    const source = `
      let calls = 0;
      const before = [typeof globalThis.mark, ({}).mark, [].mark, typeof Array.prototype.push];
      export default (input) => {
        calls += 1;
        const seen = [calls, ...before, typeof globalThis.mark, ({}).mark, [].mark, String.prototype.trim.name];
        globalThis.mark = input;
        Object.prototype.mark = input;
        Array.prototype.mark = input;
        Array.prototype.push = null;
        String.prototype.trim = function hijacked() {};
        return seen;
      };`;
    const fresh = [1, 'undefined', null, null, 'function', 'undefined', null, null, 'trim']; // JSON: undefined → null
    const start = runner.codeStats.prepared;
    for (let i = 0; i < 400 && runner.codeStats.prepared - start < 3; i++) {
      expect(await run(source, `call ${i}`)).toEqual({ ok: true, output: fresh });
      // Let the sandbox prepare the next context (on the main thread: once the event loop is idle).
      await runner.codeIdle();
    }
    expect(runner.codeStats.prepared - start).toBeGreaterThanOrEqual(3);
    // A different source after those: nothing of theirs either.
    expect(
      await run('export default () => [typeof globalThis.mark, ({}).mark, typeof [].push, "x ".trim()]'),
    ).toEqual({ ok: true, output: ['undefined', null, 'function', 'x'] });
  });

  it('a warm call still logs, awaits timers, reports errors and keeps its limits', async () => {
    const source = `export default async (input) => {
      console.log('call', input.n);
      await new Promise((r) => setTimeout(r, 1));
      if (input.fail) throw new Error('asked to fail ' + input.n);
      if (input.spin) for (;;) {}
      return input.n * 2;
    };`;
    const start = runner.codeStats.prepared;
    for (let n = 0; n < 400 && runner.codeStats.prepared - start < 2; n++) {
      const { call, logs } = makeCall('code', { source, input: { n } });
      expect(await runner.run(call)).toEqual({ ok: true, output: n * 2 });
      expect(logs).toEqual([{ level: 'info', message: `call ${n}` }]);
      await new Promise((r) => setTimeout(r, 5 + n));
    }
    expect(runner.codeStats.prepared - start).toBeGreaterThanOrEqual(2);
    const warmBefore = runner.codeStats.prepared;
    let failed;
    for (let i = 0; i < 400 && runner.codeStats.prepared === warmBefore; i++) {
      await new Promise((r) => setTimeout(r, 5 + i));
      failed = await run(source, { n: 7, fail: true });
    }
    expect(runner.codeStats.prepared).toBeGreaterThan(warmBefore);
    expect(failed).toEqual({ ok: false, error: { code: 'BLOCK_ERROR', message: 'asked to fail 7' } });
    const spun = await runner.run(
      makeCall('code', { source, input: { n: 8, spin: true } }, { timeoutMs: 100 }).call,
    );
    expect(spun).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('carries inputs and outputs larger than the shared buffer', async () => {
    const big = 'é'.repeat(700_000); // 1.4 MB of UTF-8 each way
    const r = await run('export default (s) => s.toUpperCase()', big);
    expect(r.ok && (r.output as string).length).toBe(700_000);
    expect(r.ok && (r.output as string).slice(0, 3)).toBe('ÉÉÉ');
  });

  it('carries non-ASCII text both ways, cold and warm (UTF-8 through the WebAssembly heap)', async () => {
    const source = "export default (s) => ({ s: s + ' € 😀', n: [...s].length })";
    const input = 'ü 😀 \u0000 "q" \\ \u2028';
    const expected = { ok: true, output: { s: `${input} € 😀`, n: 13 } };
    expect(await run(source, input)).toEqual(expected);
    await runner.codeIdle();
    const prepared = runner.codeStats.prepared;
    expect(await run(source, input)).toEqual(expected);
    expect(runner.codeStats.prepared).toBe(prepared + 1);
  });

  it('carries ASCII text of every length around the short-text copy both ways', async () => {
    // Short ASCII text is copied by a loop, the rest by TextEncoder/TextDecoder (code-direct.mjs).
    const source = "export default (s) => s + '|' + s.length";
    for (const n of [0, 1, 253, 254, 255, 256, 257, 1000]) {
      const input = 'a"b\\'.repeat(Math.ceil(n / 4)).slice(0, n);
      expect(await run(source, input)).toEqual({ ok: true, output: `${input}|${n}` });
      await runner.codeIdle();
    }
    expect(await run(source, 'abc é')).toEqual({ ok: true, output: 'abc é|5' });
  });

  it('returns every output as JSON.parse of its JSON text would give, cold and warm, sync and async', async () => {
    // A small plain output comes back value by value, the rest as JSON text (RUN in code-host.mjs):
    // either way, the output is what JSON.stringify in QuickJS then JSON.parse here would give.
    const outputs = [
      `{ a: 1, b: -0, c: NaN, d: -Infinity, e: undefined, f: null, g: true, h: 'x\\u0000y\\ud800z é € 😀',
         n: { m: { k: 1.5, big: 2 ** 53, tiny: 5e-324 } }, 1: 'one', '': 'empty', 'é€😀': 'key' }`,
      '{}',
      '{ d: new Date(0) }',
      '{ a: [1, undefined, () => 1], b: { c: [] } }',
      'JSON.parse(\'{"__proto__": 1, "x": 2}\')',
      'Object.assign(Object.create({ inherited: 1 }), { own: 2 })',
      'Object.assign(Object.create(null), { bare: 1 })',
      '{ get g() { return 5; }, h: 1 }',
      '{ toJSON() { return "custom"; } }',
      '{ s: Symbol("x"), f() {}, b: 1 }',
      'Object.fromEntries(Array.from({ length: 100 }, (_, i) => ["k" + i, i]))',
      'Object.defineProperty({ a: 1 }, "hidden", { value: 2, enumerable: false })',
      '(() => { Object.prototype.toJSON = function () { return "patched"; }; return { a: 1 }; })()',
      '(() => { Object.prototype.extra = 1; return { a: 1 }; })()',
      '{ long: "é".repeat(5000) + "a".repeat(300) }',
      // Objects that are not ordinary (their keys are not all in their shape) come back through JSON.
      'new Proxy({ a: 1, b: { c: 2 } }, {})',
      '{ p: new Proxy({ x: 1, y: "z" }, {}), q: 1 }',
      '(function () { return arguments; })(1, "2")',
      '{ args: (function () { return arguments; })(3), arr: Object.setPrototypeOf([1, 2], Object.prototype) }',
      '{ m: Object.setPrototypeOf(new Map([[1, 2]]), Object.prototype), k: 1 }',
      // Told apart by the host as it reads the output (the driver no longer checks it first).
      'Object.defineProperty({ a: 1 }, "toJSON", { value() { return "hidden toJSON"; } })',
      '{ a: { b: Object.create(null), c: Object.create({ inherited: 1 }) } }',
      '{ x: JSON.parse(\'{"__proto__": 1, "y": 2}\') }',
      '(() => { let n = 0; return { get once() { return ++n; }, n: { get twice() { return ++n; } } }; })()',
      '{ deep: { s: "é", n: 2.5, t: true, z: null, u: undefined, i: -7, big: 1e300 } }',
    ];
    // QuickJS's own assertions print `Aborted(…)` and throw; the host then drops the instance and the
    // call still answers right, so only the print shows a fault in QuickJS's heap.
    const errors = vi.spyOn(console, 'error');
    const aborts = () =>
      errors.mock.calls.map((c) => c.map(String).join(' ')).filter((m) => m.includes('Aborted('));
    for (const expr of outputs) {
      const json = await run(`export default () => JSON.stringify(${expr})`);
      expect(json.ok, expr).toBe(true);
      const expected = {
        ok: true,
        output: JSON.parse((json.ok && (json.output as string)) || 'null') as unknown,
      };
      for (const source of [`export default () => (${expr})`, `export default async () => (${expr})`]) {
        expect(await run(source), `${source} (cold)`).toEqual(expected);
        await runner.codeIdle();
        const result = await run(source);
        expect(result, `${source} (warm)`).toEqual(expected);
        if (result.ok && Object.prototype.hasOwnProperty.call(result.output, 'b'))
          expect(Object.is((result.output as { b: unknown }).b, -0)).toBe(false);
      }
    }
    expect(aborts()).toEqual([]);
    errors.mockRestore();
  });

  it('refuses an input that is not JSON as INVALID_INPUT, on the main thread and in a worker', async () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const workerOnly = new SandboxRunner({
      registry: loadBlocks(writeBlocks([])),
      workers: 1,
      code: { inlineMs: 0 },
    });
    try {
      for (const r of [runner, workerOnly])
        for (const input of [cyclic, { big: 10n }, [cyclic]]) {
          const result = await r.run(makeCall('code', { source: 'export default (i) => 1', input }).call);
          expect(result).toEqual({
            ok: false,
            error: {
              code: 'INVALID_INPUT',
              message: 'code: `with.input` is not JSON (a cycle or a BigInt)',
              retryable: false,
            },
          });
        }
    } finally {
      await workerOnly.close();
    }
  });

  it('reads thousands of outputs value by value without wearing QuickJS down', async () => {
    // Each read frees QuickJS's list of the output's keys: freed through the wrong allocator, QuickJS's
    // count of the memory in use drifted call after call until it failed and was dropped.
    const source = 'export default (input) => ({ a: input, b: { c: "x", d: { g: 1 } }, e: { f: null } })';
    // A slice as long as the time limit: on a loaded machine a call descheduled past the usual 10 ms
    // slice is interrupted, which drops QuickJS too (by design), and this test counts only wear.
    const own = new SandboxRunner({
      registry: loadBlocks(writeBlocks([])),
      workers: 1,
      code: { timeoutMs: 120_000, inlineMs: 120_000 },
    });
    const ownRun = (input: number) => own.run(makeCall('code', { source, input }).call);
    try {
      await ownRun(0);
      const loads = own.codeStats.mainThreadLoads;
      expect(loads).toBe(1);
      for (let i = 0; i < 3000; i++) {
        const r = await ownRun(i);
        if (!r.ok) expect(r).toMatchObject({ ok: true });
      }
      expect(await ownRun(7)).toEqual({
        ok: true,
        output: { a: 7, b: { c: 'x', d: { g: 1 } }, e: { f: null } },
      });
      expect(own.codeStats.mainThreadLoads).toBe(loads);
      expect(own.codeStats.inWorker).toBe(0);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('measures an output read value by value against its limit as JSON text', async () => {
    const small = new SandboxRunner({
      registry: loadBlocks(writeBlocks([])),
      workers: 1,
      code: { maxOutputBytes: 1000 },
    });
    try {
      // 20 + 4 bytes as JSON, though each character might have taken 6 (\u001f): under the limit.
      const fits = await small.run(
        makeCall('code', { source: 'export default () => ({ s: "é".repeat(490) })' }).call,
      );
      expect(fits).toEqual({ ok: true, output: { s: 'é'.repeat(490) } });
      const over = await small.run(
        makeCall('code', { source: 'export default () => ({ s: "é".repeat(500) })' }).call,
      );
      expect(over).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED', message: /1008 bytes/ } });
    } finally {
      await small.close();
    }
  });

  it('honours the step timeout when it is tighter', async () => {
    const r = await runner.run(
      makeCall('code', { source: 'export default () => { for (;;) {} }' }, { timeoutMs: 100 }).call,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });
});
