import { randomBytes } from 'node:crypto';
import { FakeClock, type NewRun, type RunId, type RunStatus } from '@weft/engine';
import { openStore, type WeftStore } from '@weft/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger';
import { startHarness, type Harness } from '../testing/harness';
import { FIRST_PASS_DELAY_MS, RetentionJob } from './retention-job';

const DAY = 86_400_000;
const pg = process.env.WEFT_TEST_PG_URL;
if (!pg)
  throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config, which starts PostgreSQL');

let seq = 0;
/** A run created at `at` and moved to `status` the way the engine does (claim, then commit). */
async function seed(s: WeftStore, workflowId: string, at: number, status: RunStatus): Promise<RunId> {
  const run: NewRun = {
    id: `ret-${process.pid}-${++seq}` as RunId,
    workflowId,
    workflowVersion: 1,
    inputs: {},
    trigger: { type: 'manual' },
    createdAt: at,
  };
  await s.createRun(run);
  const claimed = await s.claimRuns({ owner: 'seed', now: at + 1, leaseMs: 60_000, limit: 1000 });
  expect(claimed).toContain(run.id);
  const ended = status === 'SUCCESS' || status === 'FAILED' || status === 'CANCELLED';
  await s.commit({
    runId: run.id,
    owner: 'seed',
    run: { status, startedAt: at, ...(ended && { finishedAt: at + 10 }) },
    steps:
      status === 'WAITING'
        ? [
            {
              runId: run.id,
              stepId: 'gate',
              status: 'WAITING',
              attempts: 1,
              startedAt: at,
              waitReason: 'approval',
            },
          ]
        : [],
    events: [{ at, type: 'run.started', data: {} }],
    release: true,
  });
  return run.id;
}

const backends: [string, () => Promise<WeftStore>][] = [
  ['SQLite', () => openStore('sqlite::memory:')],
  [
    'PostgreSQL',
    () => openStore(`${pg}${pg.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`),
  ],
];

describe.each(backends)('retention job on %s', (_name, open) => {
  let store: WeftStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('prunes on its clock by age and count, leaves running and waiting runs, records and audits it', async () => {
    const s = (store = await open());
    const clock = new FakeClock(Date.UTC(2026, 0, 31));
    const now = clock.now();
    const old = await seed(s, 'a', now - 40 * DAY, 'SUCCESS');
    const oldFailed = await seed(s, 'a', now - 35 * DAY, 'FAILED');
    const running = await seed(s, 'a', now - 50 * DAY, 'RUNNING');
    const waiting = await seed(s, 'a', now - 45 * DAY, 'WAITING');
    const recent = await seed(s, 'a', now - DAY, 'SUCCESS');
    const b = [];
    for (let i = 3; i > 0; i--) b.push(await seed(s, 'b', now - i * 3_600_000, 'SUCCESS'));

    const doomed = [old, oldFailed, b[0] as RunId];
    let events = 0;
    for (const id of doomed) events += (await s.listEvents(id, 0, 100)).length;

    const job = new RetentionJob({
      repos: s.repos,
      clock,
      log: createLogger({ level: 'silent' }),
      policy: { maxAgeMs: 30 * DAY, keepPerWorkflow: 2, intervalMs: DAY },
    });
    job.start();
    expect(job.nextRunAt).toBe(now + FIRST_PASS_DELAY_MS);
    // Nothing happens before the first pass is due.
    await clock.advanceAsync(FIRST_PASS_DELAY_MS - 1);
    await job.idle();
    expect(await s.getRun(old)).toBeDefined();

    await clock.advanceAsync(1);
    await job.idle();
    for (const id of doomed) expect(await s.getRun(id)).toBeUndefined();
    for (const id of [running, waiting, recent, b[1] as RunId, b[2] as RunId])
      expect((await s.getRun(id))?.id).toBe(id);
    expect((await s.repos.runs.get(waiting))?.steps).toHaveLength(1);
    expect(await s.repos.retention.last()).toMatchObject({
      at: now + FIRST_PASS_DELAY_MS,
      source: 'job',
      runs: 3,
      events,
    });
    const audit = await s.repos.audit.list({ action: 'retention.prune' });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      actor: 'system',
      outcome: 'ok',
      detail: { pruned: 3, events, maxAgeMs: 30 * DAY, keepPerWorkflow: 2 },
    });
    expect(job.nextRunAt).toBe(now + FIRST_PASS_DELAY_MS + DAY);

    // A day later the next pass finds nothing more: recorded, but no new audit entry.
    await clock.advanceAsync(DAY);
    await job.idle();
    expect(await s.repos.retention.last()).toMatchObject({ at: now + FIRST_PASS_DELAY_MS + DAY, runs: 0 });
    expect((await s.repos.audit.list({ action: 'retention.prune' })).entries).toHaveLength(1);
    for (const id of [running, waiting]) expect((await s.getRun(id))?.id).toBe(id);

    job.stop();
    expect(clock.pending).toBe(0);
    expect(job.nextRunAt).toBeUndefined();
  });

  it('arms nothing when no rule is set (retention is off by default)', async () => {
    const s = (store = await open());
    const clock = new FakeClock();
    const job = new RetentionJob({
      repos: s.repos,
      clock,
      log: createLogger({ level: 'silent' }),
      policy: { intervalMs: 1000 },
    });
    job.start();
    expect(job.enabled).toBe(false);
    expect(clock.pending).toBe(0);
  });
});

describe('retention.status', () => {
  const ADMIN = 'weft_retention_admin_token_0123456789';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      auth: true,
      adminToken: ADMIN,
      env: {
        WEFT_RETENTION_MAX_AGE: '30d',
        WEFT_RETENTION_KEEP_PER_WORKFLOW: '500',
        WEFT_RETENTION_INTERVAL: '6h',
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('shows the effective policy, the next pass and the last prune (job or manual)', async () => {
    const c = h.client(ADMIN);
    const before = await c.retention.status.query();
    expect(before).toMatchObject({
      enabled: true,
      maxAgeMs: 30 * DAY,
      keepPerWorkflow: 500,
      intervalMs: 6 * 3_600_000,
      last: null,
    });
    expect(before.nextRunAt).toBeGreaterThan(Date.now() - 1000);
    await h.server.retention.runOnce();
    expect((await c.retention.status.query()).last).toMatchObject({ source: 'job', runs: 0, events: 0 });
    await c.retention.prune.mutate({ olderThanMs: DAY });
    expect((await c.retention.status.query()).last).toMatchObject({ source: 'manual', runs: 0 });
  });
});
