/**
 * The dashboard's aggregates, in SQL on both backends (no run is loaded into memory).
 *
 * Counts: on SQLite, whole hours come from the hourly tables kept by triggers (migration 4) and only
 * the partial hours at the window's two edges are counted from `runs`; PostgreSQL counts from `runs`
 * (see migrations.ts for why). Percentiles: nearest rank, the ceil(n·p)-th smallest duration, read as
 * one row per workflow and percentile from the (workflow_id, kind, duration) index.
 */
import type { DashboardRepo, DashboardSummary } from '../ops-repos';
import { NOT_SUCCESS, num } from './rows';
import type { SqlDb } from './sql-db';

const HOUR = 3_600_000;
/** Step tests (`debug.testStep`) are not production runs: no aggregate counts them. */
const PRODUCTION = `kind = 'run'`;
const DURATION = 'finished_at - started_at';

interface EndedCount {
  workflowId: string;
  status: string;
  n: number;
  /** Of those, runs that had started (they have a duration). */
  timed: number;
}

/** [from, to) split into the whole hours inside it (for the hourly tables) and the partial edges. */
function split(
  from: number,
  to: number,
  hourly: boolean,
): { hours?: [number, number]; raw: [number, number][] } {
  const a = Math.ceil(from / HOUR);
  const b = Math.floor(to / HOUR);
  if (!hourly || a >= b) return { raw: [[from, to]] };
  return {
    hours: [a, b],
    raw: [
      [from, a * HOUR],
      [b * HOUR, to],
    ].filter(([x, y]) => (x as number) < (y as number)) as [number, number][],
  };
}

async function createdPerBucket(
  db: SqlDb,
  range: { from: number; to: number; bucketMs: number },
): Promise<Map<string, number>> {
  const { from, to, bucketMs } = range;
  const parts = split(from, to, db.dialect === 'sqlite' && bucketMs % HOUR === 0);
  const counts = new Map<string, number>();
  const add = (bucket: number, status: string, n: number): void => {
    const key = `${bucket}\u0000${status}`;
    counts.set(key, (counts.get(key) ?? 0) + n);
  };
  if (parts.hours) {
    const rows = await db.all<{ hour: number; status: string; n: number }>(
      'SELECT hour, status, n FROM run_hours_created WHERE hour >= ? AND hour < ? AND n <> 0',
      parts.hours,
    );
    for (const r of rows) add(Math.floor((num(r.hour) * HOUR) / bucketMs), r.status, num(r.n));
  }
  for (const [x, y] of parts.raw) {
    const rows = await db.all<{ b: number; status: string; n: number }>(
      `SELECT created_at / ${bucketMs} AS b, status, count(*) AS n FROM runs
       WHERE created_at >= ? AND created_at < ? AND ${PRODUCTION} GROUP BY created_at / ${bucketMs}, status`,
      [x, y],
    );
    for (const r of rows) add(num(r.b), r.status, num(r.n));
  }
  return counts;
}

async function endedCounts(db: SqlDb, from: number, to: number): Promise<EndedCount[]> {
  const parts = split(from, to, db.dialect === 'sqlite');
  const counts = new Map<string, EndedCount>();
  const add = (r: { workflow_id: string; status: string; n: number; timed: number }): void => {
    const key = `${r.workflow_id}\u0000${r.status}`;
    const c = counts.get(key) ?? { workflowId: r.workflow_id, status: r.status, n: 0, timed: 0 };
    c.n += num(r.n);
    c.timed += num(r.timed);
    counts.set(key, c);
  };
  type Row = { workflow_id: string; status: string; n: number; timed: number };
  if (parts.hours) {
    const rows = await db.all<Row>(
      `SELECT workflow_id, status, sum(n) AS n, sum(timed) AS timed FROM run_hours_ended
       WHERE hour >= ? AND hour < ? GROUP BY workflow_id, status`,
      parts.hours,
    );
    rows.forEach(add);
  }
  for (const [x, y] of parts.raw) {
    const rows = await db.all<Row>(
      `SELECT workflow_id, status, count(*) AS n, sum(CASE WHEN started_at IS NULL THEN 0 ELSE 1 END) AS timed
       FROM runs WHERE finished_at >= ? AND finished_at < ? AND ${PRODUCTION} GROUP BY workflow_id, status`,
      [x, y],
    );
    rows.forEach(add);
  }
  return [...counts.values()].filter((c) => c.n !== 0);
}

/** The `k`-th smallest duration (1-based) of a workflow's runs that ended in [from, to). */
async function kthDuration(
  db: SqlDb,
  q: { workflowId: string; from: number; to: number; k: number; n: number },
): Promise<number> {
  // Past the middle, count from the other end: fewer index entries to step over.
  const desc = q.k > q.n / 2;
  const row = await db.get<{ d: number }>(
    `SELECT ${DURATION} AS d FROM runs
     WHERE workflow_id = ? AND ${PRODUCTION} AND finished_at >= ? AND finished_at < ? AND ${DURATION} IS NOT NULL
     ORDER BY ${DURATION} ${desc ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`,
    [q.workflowId, q.from, q.to, desc ? q.n - q.k : q.k - 1],
  );
  return num(row?.d ?? 0);
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function dashboardRepo(db: SqlDb): DashboardRepo {
  return {
    async summary(q) {
      const bucketMs = Math.max(60_000, Math.trunc(q.bucketMs ?? HOUR));
      const to = q.now;
      const from = q.now - q.windowMs;
      const [buckets, ended, active, approvals, size] = await Promise.all([
        createdPerBucket(db, { from, to, bucketMs }),
        endedCounts(db, from, to),
        db.all<{ status: string; n: number }>(
          `SELECT status, count(*) AS n FROM runs WHERE status IN ('QUEUED', 'RUNNING', 'WAITING') AND ${PRODUCTION} GROUP BY status`,
        ),
        db.get<{ n: number }>(
          `SELECT count(*) AS n FROM step_runs WHERE status = 'WAITING' AND wait_reason = 'approval'`,
        ),
        db.get<{ n: number }>(
          db.dialect === 'sqlite'
            ? 'SELECT p.page_count * s.page_size AS n FROM pragma_page_count() p, pragma_page_size() s'
            : 'SELECT pg_database_size(current_database()) AS n',
        ),
      ]);

      const perWorkflow = new Map<string, { timed: number; failed: number }>();
      const e = { success: 0, failed: 0, cancelled: 0 };
      for (const c of ended) {
        const w = perWorkflow.get(c.workflowId) ?? { timed: 0, failed: 0 };
        w.timed += c.timed;
        if (c.status === 'FAILED') w.failed += c.n;
        perWorkflow.set(c.workflowId, w);
        if (c.status === 'SUCCESS') e.success += c.n;
        else if (c.status === 'FAILED') e.failed += c.n;
        else if (c.status === 'CANCELLED') e.cancelled += c.n;
      }
      const workflows = [...perWorkflow.keys()].sort(byText);

      const durations: DashboardSummary['durations'] = [];
      for (const workflowId of workflows) {
        const n = perWorkflow.get(workflowId)?.timed ?? 0;
        if (n === 0) continue;
        const at = (p: number): Promise<number> =>
          kthDuration(db, { workflowId, from, to, n, k: Math.floor((n * p + 99) / 100) });
        const [p50Ms, p95Ms] = await Promise.all([at(50), at(95)]);
        durations.push({ workflowId, runs: n, p50Ms, p95Ms });
      }

      const failingLimit = Math.max(1, Math.trunc(q.failingLimit ?? 10));
      const failingIds = workflows
        .filter((w) => (perWorkflow.get(w)?.failed ?? 0) > 0)
        .sort((a, b) => (perWorkflow.get(b)?.failed ?? 0) - (perWorkflow.get(a)?.failed ?? 0) || byText(a, b))
        .slice(0, failingLimit);
      const failing = await Promise.all(
        failingIds.map(async (workflowId) => {
          const last = await db.get<{ id: string; error: string | null; finished_at: number }>(
            `SELECT id, error, finished_at FROM runs
             WHERE workflow_id = ? AND ${NOT_SUCCESS} AND status = 'FAILED' AND finished_at >= ? AND finished_at < ? AND ${PRODUCTION}
             ORDER BY finished_at DESC LIMIT 1`,
            [workflowId, from, to],
          );
          const err = last?.error ? (JSON.parse(last.error) as { code?: string; message?: string }) : null;
          return {
            workflowId,
            failed: perWorkflow.get(workflowId)?.failed ?? 0,
            lastFailedAt: num(last?.finished_at ?? 0),
            lastRunId: last?.id ?? '',
            lastError: err ? { code: String(err.code ?? ''), message: String(err.message ?? '') } : null,
          };
        }),
      );

      const perBucket = [...buckets.entries()]
        .filter(([, n]) => n !== 0)
        .map(([key, count]) => {
          const [b, status] = key.split('\u0000') as [string, string];
          return { bucket: Number(b) * bucketMs, status, count };
        })
        .sort((x, y) => x.bucket - y.bucket || byText(x.status, y.status));
      const activeBy = (s: string): number => num(active.find((r) => r.status === s)?.n ?? 0);
      const total = e.success + e.failed + e.cancelled;
      const out: DashboardSummary = {
        from,
        to,
        bucketMs,
        perBucket,
        ended: e,
        successRate: total === 0 ? null : e.success / total,
        durations,
        failing,
        runningNow: activeBy('RUNNING'),
        waitingNow: activeBy('WAITING'),
        queueDepth: activeBy('QUEUED'),
        approvalsWaiting: num(approvals?.n ?? 0),
        dbSizeBytes: num(size?.n ?? 0),
      };
      return out;
    },
  };
}
