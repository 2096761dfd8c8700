import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Step, Workflow } from '@weft/dsl';
import { Engine, ScriptedRunner, SystemClock, replay } from '@weft/engine';
import type { RunEvent, RunId } from '@weft/engine';
import { copySqliteToPostgres } from '../copy-to-postgres';
import { openStore } from '../open-store';
import type { WeftStore } from '../repos';

const dir = mkdtempSync(join(tmpdir(), 'weft-event-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const step = (id: string, uses: string, w: Record<string, unknown>, more: Partial<Step> = {}): Step => ({
  id,
  uses,
  with: w,
  needs: [],
  join: 'all',
  onError: 'fail',
  ...more,
});
const after = (...ids: string[]): Partial<Step> => ({ needs: ids.map((s) => ({ step: s })) });

/** Transforms (one with a port), a step skipped by its `if`, then an approval and what follows it. */
const WORKFLOW: Workflow = {
  apiVersion: 'weft/v1',
  kind: 'Workflow',
  id: 'event-steps',
  tags: [],
  enabled: true,
  inputs: {},
  vars: {},
  permissions: { network: [] },
  triggers: [],
  defaults: {},
  failFast: true,
  steps: [
    step('a', 'transform', { expression: 'trigger.body.n + 1' }),
    step('b', 'transform', { expression: '{ "text": "é\\"\\\\", "list": [steps.a.output] }' }, after('a')),
    step('c', 'if', { condition: 'steps.a.output > 1' }, after('a')),
    step('skipped', 'transform', { expression: '1' }, { ...after('a'), if: '${{ steps.a.output > 100 }}' }),
    step('ask', 'approval', { message: 'go on?' }, after('b', 'c')),
    step('d', 'transform', { expression: 'steps.b.output.list[0] + 1' }, after('ask')),
  ],
  outputs: { n: '${{ steps.d.output }}' },
  layout: {},
};

/** The step records a store must give back: what the run's events make of them. */
async function fromEvents(s: WeftStore, runId: RunId): Promise<unknown> {
  const state = replay(await s.listEvents(runId, 0, 10_000));
  return Object.values(state.steps).sort((x, y) => (x.stepId < y.stepId ? -1 : 1));
}

/** Approves the run's `ask` step; the run ends SUCCESS and every step's record is what its events say. */
async function approveAndCheck(engine: Engine, s: WeftStore, runId: RunId): Promise<void> {
  const approved = await engine.decideApproval(runId, 'ask', { approved: true, by: 'test' });
  expect(approved.ok).toBe(true);
  const run = await engine.waitForRun(runId);
  expect(run.status).toBe('SUCCESS');
  expect(run.outputs).toEqual({ n: 3 });
  const final = await s.getSteps(runId);
  expect(final).toEqual(await fromEvents(s, runId));
  expect(final.map((x) => [x.stepId, x.status])).toEqual([
    ['a', 'SUCCESS'],
    ['ask', 'SUCCESS'],
    ['b', 'SUCCESS'],
    ['c', 'SUCCESS'],
    ['d', 'SUCCESS'],
    ['skipped', 'SKIPPED'],
  ]);
}

function stepRows(url: string, runId: RunId): { step_id: string; status: string }[] {
  const db = new Database(url.slice('sqlite:'.length), { readonly: true });
  try {
    return db
      .prepare('SELECT step_id, status FROM step_runs WHERE run_id = ? ORDER BY step_id')
      .all(runId) as { step_id: string; status: string }[];
  } finally {
    db.close();
  }
}

/** The run's `event_steps_upto` (migration 7): the seq up to which its ended steps are its events'. */
function eventStepsUpto(url: string, runId: RunId): number | null {
  const db = new Database(url.slice('sqlite:'.length), { readonly: true });
  try {
    return (
      db.prepare('SELECT event_steps_upto AS n FROM runs WHERE id = ?').get(runId) as { n: number | null }
    ).n;
  } finally {
    db.close();
  }
}

/** Rewrites the run as a database from before migration 7 holds it: an `#events` row, no column. */
function toOldMarker(url: string, runId: RunId): void {
  const db = new Database(url.slice('sqlite:'.length));
  try {
    db.prepare(
      `INSERT INTO step_runs (run_id, step_id, status, attempts)
       SELECT id, '#events', 'EVENTS', event_steps_upto FROM runs WHERE id = ? AND event_steps_upto IS NOT NULL`,
    ).run(runId);
    db.prepare('UPDATE runs SET event_steps_upto = NULL WHERE id = ?').run(runId);
  } finally {
    db.close();
  }
}

describe('SQLite steps kept in their events', () => {
  it('derives the steps that ended in the creating commit from its events; later rows of their own win', async () => {
    const url = `sqlite:${join(dir, 'weft.db')}`;
    const s = await openStore(url);
    const engine = new Engine({ store: s, runner: new ScriptedRunner(), clock: new SystemClock() });
    engine.start();
    try {
      const started = await engine.startRun({
        workflowId: WORKFLOW.id,
        workflow: WORKFLOW,
        trigger: { type: 'webhook', body: { n: 1 } },
      });
      if (!started.ok) throw new Error(started.error.message);
      const runId = started.value.runId;
      const waiting = new Promise<void>((resolve) => {
        const off = engine.subscribe(runId, 1, (e: RunEvent) => {
          if (e.type === 'step.waiting' && e.stepId === 'ask') resolve(off());
        });
      });
      await waiting;

      // The creating commit: a, b, c and `skipped` ended in it and have no row (the run's row says up to
      // which event they are derived), `ask` waits in its own.
      expect(stepRows(url, runId)).toEqual([
        { step_id: 'ask', status: 'WAITING' },
        { step_id: 'd', status: 'PENDING' },
      ]);
      const upto = eventStepsUpto(url, runId);
      expect(upto).toBeGreaterThan(1);
      expect(upto).toBe((await s.listEvents(runId, 0, 10_000)).at(-1)?.seq); // the creating commit's last
      const early = await s.getSteps(runId);
      expect(early).toEqual(await fromEvents(s, runId));
      expect(early.find((x) => x.stepId === 'b')).toMatchObject({
        status: 'SUCCESS',
        attempts: 1,
        input: { expression: '{ "text": "é\\"\\\\", "list": [steps.a.output] }' },
        output: { text: 'é"\\', list: [2] },
      });
      expect(early.find((x) => x.stepId === 'c')).toMatchObject({ status: 'SUCCESS', port: 'then' });
      expect(early.find((x) => x.stepId === 'skipped')?.status).toBe('SKIPPED');
      expect((await s.repos.runs.get(runId))?.steps).toEqual(early);
      // A database written before migration 7 marks them with an `#events` row: read the same.
      toOldMarker(url, runId);
      expect(stepRows(url, runId).map((r) => r.step_id)).toEqual(['#events', 'ask', 'd']);
      expect(await s.getSteps(runId)).toEqual(early);

      // Approving: `ask` and `d` end in later commits, as rows of their own.
      await approveAndCheck(engine, s, runId);
    } finally {
      await engine.stop();
      await s.close();
    }
  });

  it('a database copied to PostgreSQL (weft db migrate) reads the same steps, and its waiting run ends there', async () => {
    const base = process.env.WEFT_TEST_PG_URL;
    if (!base) throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config');
    const url = `sqlite:${join(dir, 'copied.db')}`;
    const s = await openStore(url);
    const engine = new Engine({ store: s, runner: new ScriptedRunner(), clock: new SystemClock() });
    engine.start();
    let runId: RunId;
    try {
      const started = await engine.startRun({
        workflowId: WORKFLOW.id,
        workflow: WORKFLOW,
        trigger: { type: 'webhook', body: { n: 1 } },
      });
      if (!started.ok) throw new Error(started.error.message);
      runId = started.value.runId;
      await new Promise<void>((resolve) => {
        const off = engine.subscribe(runId, 1, (e: RunEvent) => {
          if (e.type === 'step.waiting' && e.stepId === 'ask') resolve(off());
        });
      });
    } finally {
      await engine.stop();
    }
    const onSqlite = await s.getSteps(runId);
    await s.close();
    expect(stepRows(url, runId).map((r) => r.step_id)).toEqual(['ask', 'd']);
    expect(eventStepsUpto(url, runId)).not.toBeNull();

    const target = `${base}${base.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`;
    const report = await copySqliteToPostgres({ from: url, to: target });
    expect(report.ok).toBe(true);
    const pg = await openStore(target);
    // The run was started with its workflow in hand (version 0): the engine that takes it over is
    // given it the way a server gives its saved versions.
    const known = async (): Promise<{ workflow: Workflow; version: number }> => ({
      workflow: WORKFLOW,
      version: 0,
    });
    const pgEngine = new Engine({
      store: pg,
      runner: new ScriptedRunner(),
      clock: new SystemClock(),
      workflows: { latest: known, version: known },
    });
    pgEngine.start();
    try {
      // The run's `event_steps_upto` is read as the steps it stands for, the same records as on SQLite.
      expect(await pg.getSteps(runId)).toEqual(onSqlite);
      expect(await pg.getSteps(runId)).toEqual(await fromEvents(pg, runId));
      await approveAndCheck(pgEngine, pg, runId);
    } finally {
      await pgEngine.stop();
      await pg.close();
    }
  });
});
