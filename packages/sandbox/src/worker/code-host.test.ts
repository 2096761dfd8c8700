import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCodeHost } from './code-host.mjs';
import type { CodeHost, CodeHostAnswer } from './code-host.mjs';

// A `code` call runs in one of three kinds of context (code-host.mjs): `prepared` (its module
// evaluated while idle), a `spare` (the driver compiled while idle) or one `made` while the caller
// waits (calls back to back), where the host does the driver's work itself. A call must answer the
// same in all three, or a step's result would depend on how busy the server was.

const opts = { timeoutMs: 10_000, maxOutputBytes: 1 << 20, log: () => undefined };
const limits = { memoryBytes: 32 * 1024 * 1024, stackBytes: 512 * 1024 };
let host: CodeHost;
let unique = 0;

// QuickJS's own assertions print `Aborted(…)` and throw; the host then drops the instance, so only
// the print shows a fault in QuickJS's heap (f80ac29's path printed one: see docs/security.md).
const errors = vi.spyOn(console, 'error');
const aborts = () =>
  errors.mock.calls.map((c) => c.map(String).join(' ')).filter((m) => m.includes('Aborted('));

beforeAll(async () => {
  host = createCodeHost({ inline: { sliceMs: 10_000, memoryBytes: 32 * 1024 * 1024 } });
  await host.init();
});

afterAll(() => {
  host.close();
  errors.mockRestore();
});

/** JSON text and values compare as the value they stand for. */
function normal(a: CodeHostAnswer): unknown {
  return 'json' in a ? { ok: true, value: JSON.parse(a.json) as unknown } : a;
}

/** Runs `source` in each kind of context; returns the answers by kind. */
function answers(source: string, input: unknown): Record<string, unknown> {
  const req = { source, input, ...limits };
  const byKind: Record<string, unknown> = {};
  while (host.finish());
  // A source never run before takes the spare, so the next call's context is made at call time.
  host.run({ ...req, source: `export default () => ${unique++}` }, opts);
  // Then, after idle time: prepared (when that call succeeded); under other limits, where what was
  // prepared does not apply, a spare.
  for (const r of [req, req, { ...req, memoryBytes: limits.memoryBytes - 1024 }]) {
    const a = host.run(r, opts);
    byKind[host.lastCallKind()] = normal(a);
    while (host.finish());
  }
  return byKind;
}

const cases: [name: string, source: string, input: unknown, error: string | undefined][] = [
  ['an object', 'export default (i) => ({ ...i, list: [1, "2"], at: new Date(0) })', { a: 1 }, undefined],
  ['undefined as null', 'export default () => {}', 1, undefined],
  ['NaN as null', 'export default () => NaN', 1, undefined],
  ['text', 'export default (s) => s + "é€😀"', 'x', undefined],
  ['toJSON', 'export default () => ({ toJSON() { return "as JSON" } })', 1, undefined],
  ['an async function', 'export default async (i) => { await null; return i * 2; }', 21, undefined],
  ['a thenable', 'export default (i) => ({ then(resolve) { resolve(i + 1); } })', 1, undefined],
  ['a timer', 'export default () => new Promise((r) => setTimeout(() => r("due"), 0))', 1, undefined],
  ['top-level await', 'const v = await Promise.resolve(3); export default (i) => i + v', 1, undefined],
  [
    'replaced built-ins',
    'JSON.parse = () => 7; Promise.resolve = () => 9; export default async (i) => i',
    [2],
    undefined,
  ],
  [
    'proxies and arguments',
    'export default (i) => ({ p: new Proxy({ i }, {}), a: (function () { return arguments; })(1) })',
    2,
    undefined,
  ],
  [
    'many keys after none',
    'export default () => ({ e: {}, m: Object.fromEntries(Array.from({ length: 60 }, (_, i) => ["k" + i, i])) })',
    1,
    undefined,
  ],
  ['a function', 'export default () => () => 1', 1, 'not JSON'],
  ['a BigInt inside an object', 'export default () => ({ a: { b: 10n } })', 1, 'BigInt'],
  [
    'a cycle inside an object',
    'export default () => { const o = { a: 1 }; o.o = o; return { o }; }',
    1,
    'circular',
  ],
  ['a BigInt', 'export default () => 10n', 1, 'BigInt'],
  ['a cycle', 'const o = {}; o.o = o; export default () => o', 1, 'circular'],
  ['a throw', 'export default () => { throw new Error("no total"); }', 1, 'no total'],
  ['a rejection', 'export default async () => { throw new TypeError("nope"); }', 1, 'nope'],
  ['a throwing then', 'export default () => ({ get then() { throw new Error("then"); } })', 1, 'then'],
  ['no default export', 'export const x = 1;', 1, 'no default export'],
  ['a default that is no function', 'export default 5;', 1, 'no default export'],
  ['an uninitialised default', 'export default (i) => x.y; let x;', 1, "cannot read property 'y'"],
  ['a syntax error', 'export default () => {', 1, 'unexpected'],
];

describe('code contexts', () => {
  it.each(cases)(
    'answers the same prepared, in a spare and made at call time: %s',
    (name, source, input, error) => {
      const byKind = answers(source, input);
      expect(Object.keys(byKind).sort()).toEqual(
        // A source whose call fails is not prepared, nor a module with top-level await.
        error === undefined && name !== 'top-level await' ? ['made', 'prepared', 'spare'] : ['made', 'spare'],
      );
      expect(byKind.spare).toEqual(byKind.made);
      if (error === undefined) {
        expect(byKind.made).toMatchObject({ ok: true });
        if ('prepared' in byKind) expect(byKind.prepared).toEqual(byKind.made);
      } else {
        expect(byKind.made).toMatchObject({
          ok: false,
          code: 'BLOCK_ERROR',
          message: expect.stringContaining(error),
        });
      }
    },
  );

  it('gives each call made at call time a fresh context: back to back, nothing leaks', () => {
    const source = `let calls = 0;
      export default (input) => {
        const seen = [++calls, typeof globalThis.mark, ({}).mark === undefined, JSON.stringify([1])];
        globalThis.mark = input;
        Object.prototype.mark = input;
        JSON.stringify = () => 'hijacked';
        return seen;
      }`;
    while (host.finish());
    host.run({ source: `export default () => ${unique++}`, input: null, ...limits }, opts);
    for (let i = 0; i < 5; i++) {
      const a = host.run({ source, input: i, ...limits }, opts);
      expect(host.lastCallKind()).toBe('made');
      expect(normal(a)).toEqual({ ok: true, value: [1, 'undefined', true, '[1]'] });
    }
  });

  it('printed no QuickJS assertion in all of the above, and never dropped QuickJS', () => {
    expect(aborts()).toEqual([]);
    expect(host.loads()).toBe(1);
  });
});
