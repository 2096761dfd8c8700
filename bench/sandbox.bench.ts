/**
 * `pnpm bench sandbox`: the cost of running blocks through the production sandbox (worker threads,
 * shared-memory calls): warm call overhead of a trivial block, cold load, and `code` overhead, with an
 * in-process Extism call as the floor.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { BlockCall, RunId } from '@weft/engine';
import { DEFAULT_BLOCKS_DIR, SandboxRunner, loadBlocks } from '@weft/sandbox';
import type { BenchRow } from './row';
import { buildFixtures, writeBlocks } from '../packages/sandbox/src/testing/fixtures';

/** The slice of Extism's API the floor measurement uses. */
type CreatePlugin = (
  manifest: { wasm: { data: Uint8Array }[] },
  opts: Record<string, unknown>,
) => Promise<{ call(fn: string, input: string): Promise<unknown>; close(): Promise<void> }>;

function call(uses: string, withArgs: Record<string, unknown>): BlockCall {
  return {
    uses,
    with: withArgs,
    context: { runId: 'run_bench' as RunId, stepId: 's', attempt: 1, idempotencyKey: 'run_bench:s:1' },
    permissions: { network: [] },
    signal: new AbortController().signal,
    log: () => undefined,
  };
}

async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)] ?? NaN;
}

/**
 * Median and p90 ms of `n` `code` calls, each after `gap` (3 ms by default: a step now and then, as
 * a workflow makes them; the process sleeps, and its caches go cold on a busy machine).
 */
async function spacedCode(
  runner: SandboxRunner,
  code: BlockCall,
  n: number,
  gap: () => Promise<unknown> = () => new Promise((r) => setTimeout(r, 3)),
): Promise<{ median: number; p90: number; warmShare: number }> {
  const times: number[] = [];
  const prepared0 = runner.codeStats.prepared;
  for (let i = 0; i < n; i++) {
    await gap();
    const t = performance.now();
    const r = await runner.run(code);
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(`code call failed: ${r.error.message}`);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[n >> 1] ?? NaN,
    p90: times[Math.floor(n * 0.9)] ?? NaN,
    warmShare: (runner.codeStats.prepared - prepared0) / n,
  };
}

export default async (): Promise<BenchRow[]> => {
  const fx = await buildFixtures();
  const dir = writeBlocks([{ name: 'noop', wasm: fx.testBlock, entry: 'noop' }]);
  const registry = loadBlocks([dir, DEFAULT_BLOCKS_DIR]);
  const rows: BenchRow[] = [];

  // Floor: the same module called in-process by Extism (no isolation). Extism is the sandbox's
  // dependency, not the bench's, so it is resolved from there.
  const extismPath = createRequire(new URL('../packages/sandbox/package.json', import.meta.url)).resolve(
    '@extism/extism',
  );
  const { default: createPlugin } = (await import(pathToFileURL(extismPath).href)) as {
    default: CreatePlugin;
  };
  const plugin = await createPlugin(
    { wasm: [{ data: readFileSync(fx.testBlock) }] },
    {
      useWasi: false,
      runInWorker: false,
      functions: { 'extism:host/user': { weft_http: () => 0n, weft_random: () => 0n } },
    },
  );
  const input = JSON.stringify({ with: {}, context: call('noop@1', {}).context });
  for (let i = 0; i < 1000; i++) await plugin.call('noop', input);
  const inProcess = await median(10_000, () => plugin.call('noop', input));
  await plugin.close();

  // Cold: a fresh sandbox (worker start, compile, instantiate) to the first answer.
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = new SandboxRunner({ registry, workers: 1 });
    const res = await r.run(call('noop@1', {}));
    cold.push(performance.now() - t);
    await r.close();
    if (!res.ok) throw new Error(`cold call failed: ${res.error.message}`);
  }
  cold.sort((a, b) => a - b);

  const runner = new SandboxRunner({ registry, workers: 2 });
  try {
    const noop = call('noop@1', {});
    for (let i = 0; i < 1000; i++) await runner.run(noop);
    const warm = await median(10_000, () => runner.run(noop));
    const text = call('text@1', { op: 'upper', text: 'hello' });
    for (let i = 0; i < 200; i++) await runner.run(text);
    const warmText = await median(2_000, () => runner.run(text));
    const code = call('code', { source: 'export default (input) => input', input: { a: 1 } });
    for (let i = 0; i < 50; i++) await runner.run(code);
    const inWorker0 = runner.codeStats.inWorker;
    const codeMs = await median(1_000, () => runner.run(code));
    // Calls as a workflow makes them (a step now and then): the main thread has made the next call's
    // fresh context while idle, with the module already evaluated in it, so the call only runs the function.
    const spaced = await spacedCode(runner, code, 1_000);
    // Calls as a busy server makes them: one idle turn of the event loop between calls (time to
    // prepare the next context, no sleep).
    const busy = await spacedCode(runner, code, 1_000, () => new Promise((r) => setImmediate(r)));
    const onMain = runner.codeStats.inWorker === inWorker0;
    // The worker path (calls longer than the main thread's slice, or that wait on timers), forced.
    const workerOnly = new SandboxRunner({ registry, workers: 2, code: { inlineMs: 0 } });
    let worker: Awaited<ReturnType<typeof spacedCode>>;
    try {
      for (let i = 0; i < 50; i++) await workerOnly.run(code);
      worker = await spacedCode(workerOnly, code, 300);
    } finally {
      await workerOnly.close();
    }

    rows.push(
      {
        area: 'sandbox',
        metric: 'warm block call (trivial, median of 10k)',
        value: warm * 1000,
        unit: 'µs',
        target: '<= 50',
        note: 'worker pool + SharedArrayBuffer',
      },
      {
        area: 'sandbox',
        metric: 'in-process Extism call (floor, median)',
        value: inProcess * 1000,
        unit: 'µs',
        note: 'no isolation; for comparison',
      },
      { area: 'sandbox', metric: 'warm text@1 upper (median of 2k)', value: warmText * 1000, unit: 'µs' },
      {
        area: 'sandbox',
        metric: 'cold load (new sandbox → first answer, median of 5)',
        value: cold[2] ?? NaN,
        unit: 'ms',
        note: 'worker start + compile + instantiate',
      },
      {
        area: 'sandbox',
        metric: 'code call, back to back (median of 1k)',
        value: codeMs * 1000,
        unit: 'µs',
        note: 'fresh QuickJS context per call; no idle time between calls, so it is made while the caller waits (~150–250 µs with the GC of the last ones) and the module evaluated in it; no driver compiled there (the host takes its steps)',
      },
      {
        area: 'sandbox',
        metric: 'warm code call, spaced 3 ms (median of 1k)',
        value: spaced.median * 1000,
        unit: 'µs',
        target: '<= 50',
        note: `p90 ${(spaced.p90 * 1000).toFixed(0)} µs; ${onMain ? 'on the main thread' : 'SOME CALLS WENT TO A WORKER'}, fresh context per call with the module evaluated in it while idle (${Math.round(spaced.warmShare * 100)}% of calls; a warm source keeps 4 prepared, refilled when the last is taken)`,
      },
      {
        area: 'sandbox',
        metric: 'warm code call, one idle turn apart (median of 1k)',
        value: busy.median * 1000,
        unit: 'µs',
        target: '<= 50',
        note: `p90 ${(busy.p90 * 1000).toFixed(0)} µs; as above without the sleep between calls (${Math.round(busy.warmShare * 100)}% prepared)`,
      },
      {
        area: 'sandbox',
        metric: 'warm code call in a worker, spaced 3 ms (median of 300)',
        value: worker.median * 1000,
        unit: 'µs',
        note: `p90 ${(worker.p90 * 1000).toFixed(0)} µs; code.inlineMs: 0 (the path of long calls and timers), ${Math.round(worker.warmShare * 100)}% prepared; includes the worker round trip`,
      },
    );
  } finally {
    await runner.close();
  }
  return rows;
};
