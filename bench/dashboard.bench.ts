/**
 * The dashboard's aggregates (`dashboard.summary`) over 100,000 runs spread over the last 7 days, on
 * a SQLite file: the whole summary (buckets, success rate, p50/p95 per workflow, failing workflows,
 * current state, db size), median of several calls after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@weft/store';
import type { SqliteStore } from '@weft/store';
import type { BenchRow } from './row';

const RUNS = 100_000;
const H = 3_600_000;

export default async function dashboardBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-dashboard-'));
  const store = await openStore(`sqlite:${join(dir, 'weft.db')}`);
  const now = Date.now();
  try {
    // Seed in one SQL statement (the store's write path is measured elsewhere): 20 workflows,
    // a run every 6 s for ~7 days, 10 % failed, 2 % still running.
    const db = (store as unknown as { db: { exec(sql: string): void } }).db;
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RUNS - 1})
      INSERT INTO runs (id, workflow_id, workflow_version, status, inputs, error, created_at, started_at, finished_at, last_seq)
      SELECT 'run-' || i, 'wf-' || (i % 20), 1,
        CASE WHEN i % 50 = 1 THEN 'RUNNING' WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCESS' END, '{}',
        CASE WHEN i % 10 = 0 THEN '{"code":"BLOCK_ERROR","message":"boom"}' END,
        ${now} - i * 6000, ${now} - i * 6000,
        CASE WHEN i % 50 = 1 THEN NULL ELSE ${now} - i * 6000 + (i % 997) END, 1
      FROM n`);
    // Rows written with SQL of our own: the hourly counts are the store's to keep, so count them here.
    (store as SqliteStore).recountRunHours();
    db.exec('ANALYZE');
    // Wall time and this process's CPU time (on a shared, loaded machine the CPU figure is the stable one).
    const time = async (windowMs: number): Promise<{ wall: number; cpu: number }> => {
      await store.repos.dashboard.summary({ now, windowMs });
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < 7; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await store.repos.dashboard.summary({ now, windowMs });
        walls.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpus.push((c.user + c.system) / 1000);
      }
      const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
      return { wall: median(walls), cpu: median(cpus) };
    };
    const week = await time(7 * 24 * H);
    const day = await time(24 * H);
    const metric = 'dashboard.summary over 100,000 runs (7 d window), SQLite';
    return [
      { area: 'dashboard', metric: `${metric}, wall`, value: week.wall, unit: 'ms', target: '<= 100' },
      { area: 'dashboard', metric: `${metric}, CPU`, value: week.cpu, unit: 'ms', target: '<= 100' },
      {
        area: 'dashboard',
        metric: 'dashboard.summary, 24 h window (~14,400 runs), wall',
        value: day.wall,
        unit: 'ms',
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
