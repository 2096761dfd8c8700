/**
 * Two runtimes on one PostgreSQL database (issue 14 item 5): the same load — 2,000 runs × 10 steps,
 * started all at once — driven by one runtime process, then split over two processes (1,000 each,
 * started together), each on a fresh schema of one throwaway server. Prints both rates, the speed-up
 * and where the CPU went (node processes and the PostgreSQL server, from /proc), since on a 2-core
 * machine both runtimes and the server share the same two cores.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import startPostgres from '../scripts/pg-global-setup';
import { treeCpuMs } from './load/webhook-load';
import type { BenchRow } from './row';
import type { WorkerMessage } from './store-runtime-worker';

const RUNS = 2_000;
const STEPS = 10;
const here = dirname(fileURLToPath(import.meta.url));
const profile = process.env.WEFT_BENCH_CPU_PROF;

interface Round {
  processes: number;
  wallMs: number;
  nodeCpuMs: number;
  pgCpuMs: number;
}

function next(child: ChildProcess, type: WorkerMessage['type']): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`runtime process exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** `processes` runtimes share RUNS runs on one schema; wall time from "go" to the last "done". */
async function round(url: string, postmaster: number, processes: number): Promise<Round> {
  const db = `${url}?schema=runtimes_${process.pid}_${processes}&pool=16`;
  const children = Array.from({ length: processes }, () =>
    fork(join(here, 'store-runtime-worker.ts'), [], {
      // WEFT_BENCH_CPU_PROF=DIR (as `pnpm bench server`): each runtime process writes a .cpuprofile there.
      execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
      env: { ...process.env, WEFT_BENCH_DB: db, WEFT_BENCH_RUNS: String(RUNS / processes) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    await Promise.all(children.map((c) => next(c, 'ready')));
    const cpu = (): number[] => [postmaster, ...children.map((c) => c.pid ?? 0)].map((p) => treeCpuMs(p));
    const before = cpu();
    const t = performance.now();
    const done = Promise.all(children.map((c) => next(c, 'done')));
    for (const c of children) c.send({ type: 'go' });
    await done;
    const wallMs = performance.now() - t;
    const used = cpu().map((v, i) => v - (before[i] ?? 0));
    const [pgCpuMs = 0, ...node] = used;
    return { processes, wallMs, pgCpuMs, nodeCpuMs: node.reduce((a, b) => a + b, 0) };
  } finally {
    for (const c of children) {
      const gone = new Promise((resolve) => c.once('exit', resolve));
      if (c.exitCode === null && c.connected) c.send({ type: 'stop' });
      else c.kill();
      await gone;
    }
  }
}

function describe(r: Round, cores: number): string {
  const busy = (100 * (r.nodeCpuMs + r.pgCpuMs)) / (r.wallMs * cores);
  return `CPU: node ${r.nodeCpuMs.toFixed(0)} ms, postgres ${r.pgCpuMs.toFixed(0)} ms in ${r.wallMs.toFixed(0)} ms wall = ${busy.toFixed(0)}% of ${cores} cores`;
}

export default async function bench(): Promise<BenchRow[]> {
  const had = process.env.WEFT_TEST_PG_URL;
  const stop = await startPostgres();
  try {
    const url = process.env.WEFT_TEST_PG_URL;
    const data = process.env.WEFT_TEST_PG_DATA;
    if (!url || !data) throw new Error('PostgreSQL did not start (or was started elsewhere)');
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const cores = cpus().length;
    const one = await round(url, postmaster, 1);
    const two = await round(url, postmaster, 2);
    const rate = (r: Round): number => (RUNS * STEPS) / (r.wallMs / 1000);
    const load = `load ${loadavg()[0]?.toFixed(1)}`;
    return [
      {
        area: 'store',
        metric: `steps/s, 2,000 runs x 10 steps, 1 runtime process (PostgreSQL)`,
        value: rate(one),
        unit: 'steps/s',
        note: describe(one, cores),
      },
      {
        area: 'store',
        metric: `steps/s, 2,000 runs x 10 steps, 2 runtime processes on one database (PostgreSQL)`,
        value: rate(two),
        unit: 'steps/s',
        note: describe(two, cores),
      },
      {
        area: 'store',
        metric: 'two runtimes vs one, same load (PostgreSQL): speed-up',
        value: one.wallMs / two.wallMs,
        unit: 'x',
        target: '>= 1.5 (or explained)',
        note: `${cores} cores, ${load}; see docs/operations.md "Running several runtime processes"`,
      },
    ];
  } finally {
    stop();
    if (had === undefined) {
      delete process.env.WEFT_TEST_PG_URL; // the next bench starts its own
      delete process.env.WEFT_TEST_PG_DATA;
    }
  }
}
