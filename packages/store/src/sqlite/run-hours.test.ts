import { describe, expect, it } from 'vitest';
import type { RunStatus } from '@weft/engine';
import { ev, newRun, step } from '../conformance/fixtures';
import { SqliteStore } from './sqlite-store';

const H = 3_600_000;

type Counts = { created: unknown[]; ended: unknown[] };

/** The hourly tables as they are, without rows whose counts are all zero. */
function counts(s: SqliteStore): Counts {
  const db = (s as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db;
  return {
    created: db.prepare('SELECT hour, status, n FROM run_hours_created WHERE n <> 0 ORDER BY 1, 2').all(),
    ended: db
      .prepare(
        'SELECT hour, workflow_id, status, n, timed FROM run_hours_ended WHERE n <> 0 OR timed <> 0 ORDER BY 1, 2, 3',
      )
      .all(),
  };
}

describe('SQLite hourly run counts (kept by the store, migration 5)', () => {
  it('equal a count over the runs after group commits, a rolled-back write and a prune', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    const statuses: RunStatus[] = ['SUCCESS', 'FAILED', 'CANCELLED', 'RUNNING', 'WAITING'];
    // 60 runs created in one turn (one group transaction), over 3 hours and 3 workflows; a step test.
    const made = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        s.createRun(
          newRun({
            workflowId: `w${i % 3}`,
            createdAt: 10 * H + i * 170_000,
            lease: { owner: 'A', until: 100 * H },
            ...(i === 7 && {
              trigger: { type: 'step-test', runId: 'r0', stepId: 'a', original: { type: 'manual' } },
            }),
          }),
        ),
      ),
    );
    const loop: Record<string, unknown> = {};
    loop.self = loop; // cannot be stored as JSON: its commit fails and the group is redone one by one
    // All commits in one turn: started, then ended (or not) in another hour; one fails half way.
    const results = await Promise.allSettled(
      made.map(({ run }, i) => {
        const status = statuses[i % statuses.length] as RunStatus;
        const ended = ['SUCCESS', 'FAILED', 'CANCELLED'].includes(status);
        return s.commit({
          runId: run.id,
          owner: 'A',
          run: {
            status,
            ...(i % 11 !== 0 && { startedAt: run.createdAt + 1 }),
            ...(ended && { finishedAt: run.createdAt + (i % 4) * 2_000_000 }),
          },
          steps: i === 13 ? [step(run.id, 'bad', { output: loop })] : [],
          events: [ev('run.started')],
          ...(ended && { release: true }),
        });
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    // A second commit moves a RUNNING run to SUCCESS (its counts move again).
    const running = made[3]?.run;
    if (!running) throw new Error('no run');
    await s.commit({
      runId: running.id,
      owner: 'A',
      run: { status: 'SUCCESS', finishedAt: running.createdAt + 5 * H },
      events: [ev('run.succeeded')],
      release: true,
    });
    // Runs created by their first commit (Commit.create), ended or not, in one group.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const run = newRun({ createdAt: 12 * H + i * 900_000, lease: { owner: 'A', until: 100 * H } });
        const ended = i % 2 === 0;
        return s.commit({
          runId: run.id,
          owner: 'A',
          create: run,
          run: {
            status: ended ? 'SUCCESS' : 'RUNNING',
            startedAt: run.createdAt,
            ...(ended && { finishedAt: run.createdAt + H }),
          },
          events: [ev('run.started')],
          ...(ended && { release: true }),
        });
      }),
    );
    await s.repos.retention.prune({ finishedBefore: 11 * H });

    const kept = counts(s);
    expect(kept.created.length).toBeGreaterThan(5);
    expect(kept.ended.length).toBeGreaterThan(5);
    s.recountRunHours();
    expect(counts(s)).toEqual(kept);
    await s.close();
  });

  it('no longer keeps them by row triggers, except for deletes', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    const db = (s as unknown as { db: { prepare(sql: string): { all(): unknown[] } } }).db;
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([
      { name: 'runs_hours_delete' },
    ]);
    await s.close();
  });
});
