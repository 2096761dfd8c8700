/**
 * The dashboard's aggregates, each one SQL statement on both backends (integer division buckets,
 * window functions for the percentiles): the work stays in the database, whatever the run count.
 */
import type { DashboardRepo, DashboardSummary } from '../ops-repos';
import { num } from './rows';
import type { SqlDb } from './sql-db';

const HOUR = 3_600_000;
/** Step tests (`debug.testStep`) are not production runs: no aggregate counts them. */
const PRODUCTION = `kind = 'run'`;

// Nearest-rank percentile: the ceil(n·p)-th smallest, with integer arithmetic on both backends.
const DURATIONS = `
SELECT workflow_id, n,
  max(CASE WHEN rn = (n * 50 + 99) / 100 THEN d END) AS p50,
  max(CASE WHEN rn = (n * 95 + 99) / 100 THEN d END) AS p95
FROM (
  SELECT workflow_id, finished_at - started_at AS d,
    row_number() OVER (PARTITION BY workflow_id ORDER BY finished_at - started_at) AS rn,
    count(*) OVER (PARTITION BY workflow_id) AS n
  FROM runs
  WHERE finished_at >= ? AND finished_at < ? AND started_at IS NOT NULL AND ${PRODUCTION}
) ranked
GROUP BY workflow_id, n
ORDER BY workflow_id`;

export function dashboardRepo(db: SqlDb): DashboardRepo {
  return {
    async summary(q) {
      const bucketMs = Math.max(60_000, Math.trunc(q.bucketMs ?? HOUR));
      const to = q.now;
      const from = q.now - q.windowMs;
      const [buckets, ended, durations, failing, active, approvals, size] = await Promise.all([
        db.all<{ b: number; status: string; n: number }>(
          `SELECT created_at / ${bucketMs} AS b, status, count(*) AS n FROM runs
           WHERE created_at >= ? AND created_at < ? AND ${PRODUCTION} GROUP BY created_at / ${bucketMs}, status ORDER BY b, status`,
          [from, to],
        ),
        db.all<{ status: string; n: number }>(
          `SELECT status, count(*) AS n FROM runs WHERE finished_at >= ? AND finished_at < ? AND ${PRODUCTION} GROUP BY status`,
          [from, to],
        ),
        db.all<{ workflow_id: string; n: number; p50: number; p95: number }>(DURATIONS, [from, to]),
        db.all<{ workflow_id: string; n: number; last_at: number }>(
          `SELECT workflow_id, count(*) AS n, max(finished_at) AS last_at FROM runs
           WHERE status = 'FAILED' AND finished_at >= ? AND finished_at < ? AND ${PRODUCTION}
           GROUP BY workflow_id ORDER BY n DESC, workflow_id LIMIT ?`,
          [from, to, Math.max(1, Math.trunc(q.failingLimit ?? 10))],
        ),
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
      const lastErrors = await Promise.all(
        failing.map((f) =>
          db.get<{ id: string; error: string | null }>(
            `SELECT id, error FROM runs WHERE workflow_id = ? AND status = 'FAILED' AND finished_at = ? AND ${PRODUCTION} LIMIT 1`,
            [f.workflow_id, num(f.last_at)],
          ),
        ),
      );
      const endedBy = (s: string): number => num(ended.find((r) => r.status === s)?.n ?? 0);
      const activeBy = (s: string): number => num(active.find((r) => r.status === s)?.n ?? 0);
      const e = { success: endedBy('SUCCESS'), failed: endedBy('FAILED'), cancelled: endedBy('CANCELLED') };
      const total = e.success + e.failed + e.cancelled;
      const out: DashboardSummary = {
        from,
        to,
        bucketMs,
        perBucket: buckets.map((r) => ({ bucket: num(r.b) * bucketMs, status: r.status, count: num(r.n) })),
        ended: e,
        successRate: total === 0 ? null : e.success / total,
        durations: durations.map((r) => ({
          workflowId: r.workflow_id,
          runs: num(r.n),
          p50Ms: num(r.p50),
          p95Ms: num(r.p95),
        })),
        failing: failing.map((f, i) => {
          const last = lastErrors[i];
          const err = last?.error ? (JSON.parse(last.error) as { code?: string; message?: string }) : null;
          return {
            workflowId: f.workflow_id,
            failed: num(f.n),
            lastFailedAt: num(f.last_at),
            lastRunId: last?.id ?? '',
            lastError: err ? { code: String(err.code ?? ''), message: String(err.message ?? '') } : null,
          };
        }),
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
