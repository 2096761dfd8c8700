/**
 * Engine overhead. `pnpm bench engine`. Takes a store factory so the SQLite/PostgreSQL stores can be
 * measured the same way: `benchEngine(() => openSqliteStore(...), 'sqlite')`.
 */
import type { Step, Workflow } from '@weft/dsl';
import { Engine, MemoryStore, ScriptedRunner, SystemClock } from '@weft/engine';
import type { RunId, Store } from '@weft/engine';
import type { BenchRow } from './row';

export const wf = (id: string, steps: Step[]): Workflow => ({
  apiVersion: 'weft/v1',
  kind: 'Workflow',
  id,
  tags: [],
  enabled: true,
  inputs: {},
  vars: {},
  permissions: { network: [] },
  triggers: [],
  defaults: {},
  failFast: true,
  steps,
  outputs: {},
  layout: {},
});

export const chain = (n: number): Step[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    uses: 'transform',
    with: { expression: i === 0 ? '1' : `steps.s${i - 1}.output + 1` },
    needs: i === 0 ? [] : [{ step: `s${i - 1}` }],
    join: 'all' as const,
    onError: 'fail' as const,
  }));

/**
 * A foreach of `n` items over a block that answers on the next turn (as a block that does I/O
 * does), one item at a time: each item is a commit of its own.
 */
export const foreachOf = (n: number): Step[] => [
  {
    id: 'each',
    uses: 'item@1',
    foreach: `\${{ [1..${n}] }}`,
    concurrency: 1,
    with: { i: '${{ item }}' },
    needs: [],
    join: 'all' as const,
    onError: 'fail' as const,
  },
];

async function withEngine<T>(store: Store, fn: (e: Engine) => Promise<T>): Promise<T> {
  const engine = new Engine({
    store,
    runner: new ScriptedRunner({
      'item@1': (call) => new Promise((r) => setImmediate(() => r({ ok: true, output: call.with.i }))),
    }),
    clock: new SystemClock(),
    maxRunningRuns: 2000,
  });
  engine.start();
  try {
    return await fn(engine);
  } finally {
    await engine.stop();
  }
}

export async function runOne(e: Engine, w: Workflow): Promise<RunId> {
  const r = await e.startRun({ workflowId: w.id, workflow: w });
  if (!r.ok) throw new Error(r.error.message);
  const done = await e.waitForRun(r.value.runId);
  if (done.status !== 'SUCCESS') throw new Error(`run ${done.status}`);
  return r.value.runId;
}

/** Figures for one store implementation. */
export async function benchEngine(
  makeStore: () => Store | Promise<Store>,
  label: string,
  /** CPU ms so far of the store's server processes (PostgreSQL), for a server CPU per step row. */
  serverCpuMs?: () => number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const long = wf('chain200', chain(200));
  const perStep = await withEngine(await makeStore(), async (e) => {
    for (let i = 0; i < 5; i++) await runOne(e, long); // warm up JIT and the expression cache
    const samples: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await runOne(e, long);
      samples.push((performance.now() - t) / 200);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
  });
  rows.push({
    area: 'engine',
    metric: `overhead per step, 200-step transform chain (${label})`,
    value: perStep,
    unit: 'ms',
    target: '<= 0.1',
  });

  // A foreach's cost per item must not grow with its items (it did: every item rewrote the step's
  // row with all results so far). Per item at 500 and at 5,000 items, one run each after a warm-up.
  const perItem = await withEngine(await makeStore(), async (e) => {
    const timed = async (n: number): Promise<number> => {
      const w = wf(`each${n}`, foreachOf(n));
      const t = performance.now();
      await runOne(e, w);
      return (performance.now() - t) / n;
    };
    await timed(500);
    return { small: await timed(500), large: await timed(5000) };
  });
  rows.push({
    area: 'engine',
    metric: `foreach, ms per item at 5,000 items, one at a time (${label})`,
    value: perItem.large,
    unit: 'ms',
    note: `${perItem.small.toFixed(3)} ms per item at 500 items (a cost that grows with the items shows as a larger figure here)`,
  });

  const ten = wf('ten', chain(10));
  const stepsPerSec = await withEngine(await makeStore(), async (e) => {
    // Warm up with a full round of the same shape: the first 1,000 concurrent runs pay for JIT and
    // (on PostgreSQL) per-connection statement preparation, which a running server has long paid.
    await Promise.all(Array.from({ length: 1000 }, () => runOne(e, ten)));
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const server0 = serverCpuMs?.() ?? 0;
    await Promise.all(Array.from({ length: 1000 }, () => runOne(e, ten)));
    const rate = 10_000 / ((performance.now() - t) / 1000);
    const cpu = process.cpuUsage(cpu0);
    return {
      rate,
      cpuUs: (cpu.user + cpu.system) / 10_000,
      serverUs: serverCpuMs ? ((serverCpuMs() - server0) * 1000) / 10_000 : undefined,
    };
  });
  rows.push({
    area: 'engine',
    metric: `steps/s, 1,000 runs x 10 steps (${label})`,
    value: stepsPerSec.rate,
    unit: 'steps/s',
    target: '>= 10000',
  });
  // CPU per step is what a busy machine changes least: a change is judged by these beside the rate.
  rows.push({
    area: 'engine',
    metric: `CPU µs per step, 1,000 runs x 10 steps (${label})`,
    value: stepsPerSec.cpuUs,
    unit: 'µs',
    note: 'this process (engine + store client), all threads',
  });
  if (stepsPerSec.serverUs !== undefined)
    rows.push({
      area: 'engine',
      metric: `server CPU µs per step, 1,000 runs x 10 steps (${label})`,
      value: stepsPerSec.serverUs,
      unit: 'µs',
      note: 'the database server processes, from /proc',
    });
  return rows;
}

export default async (): Promise<BenchRow[]> => {
  const rows = await benchEngine(() => new MemoryStore({ clone: false }), 'memory store');
  rows.push({ area: 'engine', metric: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' });
  return rows;
};
