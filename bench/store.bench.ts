/**
 * Raw storage figures: durable commits per second (one commit = run patch + one step upsert + two
 * events, as the engine writes for a finished step), on SQLite (WAL, synchronous NORMAL and FULL) and
 * on PostgreSQL (a throwaway server started like the tests do, fsync on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunId } from '@weft/engine';
import { openStore } from '@weft/store';
import type { WeftStore } from '@weft/store';
import startPostgres from '../scripts/pg-global-setup';
import type { BenchRow } from './row';

async function prepare(store: WeftStore, runs: number): Promise<RunId[]> {
  const ids: RunId[] = [];
  for (let i = 0; i < runs; i++) {
    const { run } = await store.createRun({
      id: `bench-${i}` as RunId,
      workflowId: 'bench',
      workflowVersion: 1,
      inputs: { i },
      trigger: null,
      createdAt: i,
    });
    ids.push(run.id);
  }
  let got = 0;
  while (got < runs)
    got += (await store.claimRuns({ owner: 'bench', now: runs + 1, leaseMs: 3_600_000, limit: 1000 })).length;
  return ids;
}

/** `commits` commits spread over `ids`, `parallel` at a time; commits per second and CPU µs per commit. */
async function commitRate(
  store: WeftStore,
  ids: readonly RunId[],
  commits: number,
  parallel: number,
): Promise<number> {
  return (await measure(store, ids, commits, parallel)).rate;
}

async function measure(
  store: WeftStore,
  ids: readonly RunId[],
  commits: number,
  parallel: number,
): Promise<{ rate: number; cpuUs: number }> {
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= commits) return;
      const runId = ids[(i * parallel + w) % ids.length] as RunId;
      const stepId = `s${i}`;
      await store.commit({
        runId,
        owner: 'bench',
        run: { status: 'RUNNING' },
        steps: [
          {
            runId,
            stepId,
            status: 'SUCCESS',
            attempts: 1,
            input: { i },
            output: { value: i, text: 'hello world' },
            startedAt: i,
            finishedAt: i + 1,
          },
        ],
        events: [
          { at: i, type: 'step.started', stepId, data: { attempt: 1, input: { i } } },
          {
            at: i + 1,
            type: 'step.succeeded',
            stepId,
            data: { output: { value: i, text: 'hello world' }, attempts: 1 },
          },
        ],
      });
    }
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: parallel }, (_, w) => worker(w)));
  const cpu = process.cpuUsage(c0);
  return { rate: commits / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / commits };
}

async function sqliteRows(dir: string, sync: 'NORMAL' | 'FULL', commits: number): Promise<BenchRow[]> {
  const store = await openStore(`sqlite:${join(dir, `bench-${sync}.db`)}?synchronous=${sync}`);
  try {
    const ids = await prepare(store, 100);
    await commitRate(store, ids, 500, 1); // warm up
    const { rate, cpuUs } = await measure(store, ids, commits, 1);
    return [
      {
        area: 'store',
        metric: `SQLite commits/s (synchronous=${sync})`,
        value: rate,
        unit: 'commits/s',
        note: 'run patch + step + 2 events',
      },
      {
        area: 'store',
        metric: `SQLite µs per commit (synchronous=${sync})`,
        value: 1e6 / rate,
        unit: 'µs',
        note: 'wall clock',
      },
      {
        area: 'store',
        metric: `SQLite CPU µs per commit (synchronous=${sync})`,
        value: cpuUs,
        unit: 'µs',
        note: 'this process only; robust to a busy machine',
      },
    ];
  } finally {
    await store.close();
  }
}

async function postgresRows(): Promise<BenchRow[]> {
  const had = process.env.WEFT_TEST_PG_URL;
  const stop = await startPostgres();
  const url = process.env.WEFT_TEST_PG_URL;
  if (!url) throw new Error('PostgreSQL did not start');
  const store = await openStore(`${url}?schema=bench_${process.pid}&pool=16`);
  try {
    const ids = await prepare(store, 200);
    await commitRate(store, ids, 300, 1);
    const serial = await commitRate(store, ids, 2_000, 1);
    const parallel = await commitRate(store, ids, 8_000, 16);
    return [
      {
        area: 'store',
        metric: 'PostgreSQL commits/s (1 at a time)',
        value: serial,
        unit: 'commits/s',
        note: 'one statement per commit; fsync off (test server)',
      },
      {
        area: 'store',
        metric: 'PostgreSQL commits/s (16 concurrent)',
        value: parallel,
        unit: 'commits/s',
        note: 'pool of 16, fsync off (test server)',
      },
    ];
  } finally {
    await store.close();
    stop();
    if (had === undefined) delete process.env.WEFT_TEST_PG_URL; // the next bench starts its own
  }
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-store-bench-'));
  try {
    const rows = [...(await sqliteRows(dir, 'NORMAL', 20_000)), ...(await sqliteRows(dir, 'FULL', 3_000))];
    rows.push(...(await postgresRows()));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
