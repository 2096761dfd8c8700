import { describe, expect, it } from 'vitest';
import { createClaimed, ev, newRun } from '../conformance/fixtures';
import { SqliteStore } from './sqlite-store';

interface Internals {
  db: { prepare(sql: string): { all(...params: unknown[]): { detail: string }[] } };
  stmts: { cache: Map<string, unknown> };
}

/**
 * The query plan (EXPLAIN QUERY PLAN details, joined) of every statement that `act` prepared for the
 * first time on `s` and that reads `runs`: the store's own SQL, as it ran.
 */
async function plansOf(s: SqliteStore, act: () => Promise<unknown>): Promise<Map<string, string>> {
  const { db, stmts } = s as unknown as Internals;
  const before = new Set(stmts.cache.keys());
  await act();
  const plans = new Map<string, string>();
  for (const sql of stmts.cache.keys()) {
    if (before.has(sql) || !/\bFROM runs\b/.test(sql) || /^\s*(INSERT|UPDATE|DELETE)/i.test(sql)) continue;
    const params = Array.from(sql.match(/\?/g) ?? [], () => null);
    plans.set(
      sql,
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail)
        .join(' | '),
    );
  }
  return plans;
}

/** The plan of the one new statement whose SQL matches `pattern`. */
function planFor(plans: Map<string, string>, pattern: RegExp): string {
  const hits = [...plans].filter(([sql]) => pattern.test(sql));
  expect(hits.map(([sql]) => sql)).toHaveLength(1);
  return (hits[0] as [string, string])[1];
}

// Migration 6: the status indexes leave SUCCESS runs out (two b-trees fewer written per webhook run).
// SQLite uses a partial index only for a query that carries its WHERE term, so each reader of those
// indexes must still reach them: these fail when a query falls back to scanning every run.
describe('SQLite query plans over the status indexes without SUCCESS runs', () => {
  it('lists and counts runs that did not succeed through them', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    try {
      const failed = await plansOf(s, () => s.repos.runs.list({ status: 'FAILED' }));
      expect(planFor(failed, /status IN/)).toMatch(/SEARCH runs USING INDEX runs_status_created_unsucceeded/);
      const all = await plansOf(s, () => s.repos.runs.countByStatus());
      expect(planFor(all, /count\(\*\)/)).toMatch(
        /SCAN runs USING COVERING INDEX runs_status_created_unsucceeded/,
      );
      const one = await plansOf(s, () => s.repos.runs.countByStatus('w'));
      expect(planFor(one, /count\(\*\)/)).toMatch(
        /SEARCH runs USING COVERING INDEX runs_workflow_status_unsucceeded \(workflow_id=\?\)/,
      );
      // A list of SUCCESS runs walks the creation order instead (most runs succeed).
      const ok = await plansOf(s, () => s.repos.runs.list({ status: 'SUCCESS' }));
      expect(planFor(ok, /status IN/)).toMatch(/runs_created/);
    } finally {
      await s.close();
    }
  });

  it('admits queued runs under a concurrency limit and finds failing workflows through them', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    try {
      await s.createRun(newRun({ workflowId: 'w', concurrencyLimit: 1 }));
      const claim = await plansOf(s, () =>
        s.claimRuns({ owner: 'A', now: 2_000, leaseMs: 60_000, limit: 10 }),
      );
      expect(planFor(claim, /admitted = 0/)).toMatch(
        /SEARCH runs USING INDEX runs_status_created_unsucceeded \(status=\?\)/,
      );
      expect(planFor(claim, /count\(\*\)/)).toMatch(
        /SEARCH runs USING INDEX runs_workflow_status_unsucceeded \(workflow_id=\? AND status=\?\)/,
      );
      expect(planFor(claim, /^SELECT id FROM runs/)).toMatch(/SCAN runs USING INDEX runs_active/);

      const id = await createClaimed(s, 'A', { workflowId: 'w', createdAt: 5_000 });
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'FAILED', finishedAt: 6_000 },
        events: [ev('run.failed')],
      });
      const dash = await plansOf(s, () => s.repos.dashboard.summary({ now: 10_000, windowMs: 10_000 }));
      expect(planFor(dash, /status = 'FAILED'/)).toMatch(
        /SEARCH runs USING INDEX runs_workflow_status_unsucceeded \(workflow_id=\? AND status=\?\)/,
      );
    } finally {
      await s.close();
    }
  });
});
