/**
 * The operations repositories' contract (audit, and the aggregates/retention added with them), as
 * tests for any `WeftStore`. `factory` returns a fresh, empty store for each test.
 */
import type { RunStatus } from '@weft/engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeftStore } from '../repos';
import { createClaimed, ev, step } from './fixtures';

const H = 3_600_000;
const NOW = 100 * H;

/** A run of `workflowId` created at `at`, then (unless QUEUED) moved to `status` by a commit. */
export async function seedRun(
  s: WeftStore,
  o: {
    workflowId: string;
    at: number;
    status: RunStatus;
    tookMs?: number;
    error?: string;
    approval?: boolean;
    trigger?: unknown;
  },
): Promise<string> {
  const id = await createClaimed(s, 'seed', {
    workflowId: o.workflowId,
    createdAt: o.at,
    ...(o.trigger !== undefined && { trigger: o.trigger }),
  });
  if (o.status === 'QUEUED') return id;
  const ended = o.status === 'SUCCESS' || o.status === 'FAILED' || o.status === 'CANCELLED';
  await s.commit({
    runId: id,
    owner: 'seed',
    run: {
      status: o.status,
      startedAt: o.at,
      ...(ended ? { finishedAt: o.at + (o.tookMs ?? 0) } : {}),
      ...(o.error ? { error: { code: 'BLOCK_ERROR', message: o.error } } : {}),
    },
    steps: o.approval ? [step(id, 'gate', { status: 'WAITING', waitReason: 'approval' })] : [],
    events: [ev('run.started', undefined, {}, o.at)],
    release: true,
  });
  return id;
}

export function opsContract(name: string, factory: () => Promise<WeftStore>): void {
  describe(`operations repositories: ${name}`, () => {
    let store: WeftStore | undefined;
    const open = async (): Promise<WeftStore> => (store = await factory());
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('audit: appends entries and pages them by time, actor and action, both ways', async () => {
      const s = await open();
      for (let i = 0; i < 7; i++)
        await s.repos.audit.append({
          at: 1_000 + i * 10,
          actor: i % 2 ? 'ann' : 'bob',
          role: 'admin',
          action: i < 4 ? 'runs.start' : 'secrets.set',
          target: `t${i}`,
          outcome: i === 6 ? 'denied' : 'ok',
          source: '127.0.0.1',
          userAgent: 'weft-cli',
          detail: { i },
        });
      expect(await s.repos.audit.count()).toBe(7);
      const newest = await s.repos.audit.list({ limit: 3 });
      expect(newest.entries.map((e) => e.target)).toEqual(['t6', 't5', 't4']);
      const next = await s.repos.audit.list({ limit: 3, cursor: newest.nextCursor });
      expect(next.entries.map((e) => e.target)).toEqual(['t3', 't2', 't1']);
      const asc = await s.repos.audit.list({ order: 'asc', since: 1_020, until: 1_060 });
      expect(asc.entries.map((e) => e.target)).toEqual(['t2', 't3', 't4', 't5']);
      expect(asc.nextCursor).toBeUndefined();
      expect((await s.repos.audit.list({ actor: 'ann', order: 'asc' })).entries.map((e) => e.target)).toEqual(
        ['t1', 't3', 't5'],
      );
      expect((await s.repos.audit.list({ action: 'secrets.' })).entries).toHaveLength(3);
      expect((await s.repos.audit.list({ action: 'secrets' })).entries).toHaveLength(0);
      expect((await s.repos.audit.list({ limit: 1 })).entries[0]).toEqual({
        id: expect.any(Number) as number,
        at: 1_060,
        actor: 'bob',
        role: 'admin',
        action: 'secrets.set',
        target: 't6',
        outcome: 'denied',
        source: '127.0.0.1',
        userAgent: 'weft-cli',
        detail: { i: 6 },
      });
    });

    it('dashboard: buckets, success rate, percentiles, failing workflows and current state in SQL', async () => {
      const s = await open();
      // 10 runs of "fast" (10..100 ms) and 4 of "slow", in the last 24 h; one old run outside it.
      for (let i = 1; i <= 10; i++)
        await seedRun(s, {
          workflowId: 'fast',
          at: NOW - 3 * H + i * 1000,
          status: 'SUCCESS',
          tookMs: i * 10,
        });
      await seedRun(s, {
        workflowId: 'slow',
        at: NOW - 2 * H,
        status: 'FAILED',
        tookMs: 1000,
        error: 'first',
      });
      const lastFail = await seedRun(s, {
        workflowId: 'slow',
        at: NOW - H + 5,
        status: 'FAILED',
        tookMs: 3000,
        error: 'the latest failure',
      });
      await seedRun(s, { workflowId: 'slow', at: NOW - H + 6, status: 'CANCELLED', tookMs: 2000 });
      await seedRun(s, { workflowId: 'slow', at: NOW - 30 * H, status: 'FAILED', tookMs: 9, error: 'old' });
      await seedRun(s, { workflowId: 'slow', at: NOW - 10, status: 'RUNNING' });
      await seedRun(s, { workflowId: 'gate', at: NOW - 20, status: 'WAITING', approval: true });
      await seedRun(s, { workflowId: 'gate', at: NOW - 30, status: 'QUEUED' });

      const d = await s.repos.dashboard.summary({ now: NOW, windowMs: 24 * H });
      expect(d.from).toBe(NOW - 24 * H);
      expect(d.bucketMs).toBe(H);
      const bucket = (at: number, status: string): number | undefined =>
        d.perBucket.find((b) => b.bucket === Math.floor(at / H) * H && b.status === status)?.count;
      expect(bucket(NOW - 3 * H + 1000, 'SUCCESS')).toBe(10);
      expect(bucket(NOW - H + 5, 'FAILED')).toBe(1);
      expect(bucket(NOW - H + 5, 'CANCELLED')).toBe(1);
      expect(bucket(NOW - 10, 'RUNNING')).toBe(1);
      expect(d.perBucket.reduce((n, b) => n + b.count, 0)).toBe(16);
      expect(d.ended).toEqual({ success: 10, failed: 2, cancelled: 1 });
      expect(d.successRate).toBeCloseTo(10 / 13);
      expect(d.durations).toEqual([
        { workflowId: 'fast', runs: 10, p50Ms: 50, p95Ms: 100 },
        { workflowId: 'slow', runs: 3, p50Ms: 2000, p95Ms: 3000 },
      ]);
      expect(d.failing).toEqual([
        {
          workflowId: 'slow',
          failed: 2,
          lastFailedAt: NOW - H + 5 + 3000,
          lastRunId: lastFail,
          lastError: { code: 'BLOCK_ERROR', message: 'the latest failure' },
        },
      ]);
      expect({ running: d.runningNow, waiting: d.waitingNow, queued: d.queueDepth }).toEqual({
        running: 1,
        waiting: 1,
        queued: 1,
      });
      expect(d.approvalsWaiting).toBe(1);
      expect(d.dbSizeBytes).toBeGreaterThan(0);

      const week = await s.repos.dashboard.summary({ now: NOW, windowMs: 7 * 24 * H, bucketMs: 24 * H });
      expect(week.ended.failed).toBe(3);
      const empty = await s.repos.dashboard.summary({ now: 1, windowMs: H });
      expect(empty.successRate).toBeNull();
      expect(empty.perBucket).toEqual([]);
    });

    it('step tests (debug.testStep) count in no aggregate and are listed apart', async () => {
      const s = await open();
      const test = (status: RunStatus, at: number): Promise<string> =>
        seedRun(s, {
          workflowId: 'w',
          at,
          status,
          tookMs: 5,
          error: 'tested',
          trigger: { type: 'step-test', runId: 'r0', stepId: 'a', original: { type: 'manual' } },
        });
      const prod = await seedRun(s, { workflowId: 'w', at: NOW - H, status: 'SUCCESS', tookMs: 10 });
      const t1 = await test('FAILED', NOW - H + 1);
      const t2 = await test('RUNNING', NOW - H + 2);
      const d = await s.repos.dashboard.summary({ now: NOW, windowMs: 24 * H });
      expect(d.ended).toEqual({ success: 1, failed: 0, cancelled: 0 });
      expect(d.perBucket.reduce((n, b) => n + b.count, 0)).toBe(1);
      expect(d.durations).toEqual([{ workflowId: 'w', runs: 1, p50Ms: 10, p95Ms: 10 }]);
      expect(d.failing).toEqual([]);
      expect(d.runningNow).toBe(0);
      const ids = async (kind?: 'run' | 'step-test'): Promise<string[]> =>
        (await s.repos.runs.list(kind ? { kind } : {})).runs.map((r) => r.id);
      expect(await ids('run')).toEqual([prod]);
      expect(await ids('step-test')).toEqual([t2, t1]);
      expect(await ids()).toEqual([t2, t1, prod]);
    });

    it('retention: prunes ended runs by age and by count, never a queued, running or waiting one', async () => {
      const s = await open();
      const old = await seedRun(s, { workflowId: 'a', at: 1_000, status: 'SUCCESS', tookMs: 10 });
      const oldFailed = await seedRun(s, {
        workflowId: 'a',
        at: 2_000,
        status: 'FAILED',
        tookMs: 10,
        error: 'x',
      });
      const running = await seedRun(s, { workflowId: 'a', at: 3_000, status: 'RUNNING' });
      const waiting = await seedRun(s, { workflowId: 'a', at: 4_000, status: 'WAITING', approval: true });
      const queued = await seedRun(s, { workflowId: 'a', at: 5_000, status: 'QUEUED' });
      const recent = await seedRun(s, { workflowId: 'a', at: NOW - 10, status: 'SUCCESS', tookMs: 1 });
      const alive = [running, waiting, queued, recent];

      const dry = await s.repos.retention.prune({ finishedBefore: NOW - H, dryRun: true });
      expect(dry).toEqual({ runs: 2, events: 4, dryRun: true });
      expect(await s.getRun(old as never)).toBeDefined();

      const done = await s.repos.retention.prune({ finishedBefore: NOW - H });
      expect(done).toEqual({ runs: 2, events: 4, dryRun: false });
      expect(await s.getRun(old as never)).toBeUndefined();
      expect(await s.getRun(oldFailed as never)).toBeUndefined();
      expect(await s.listEvents(old as never, 0, 100)).toEqual([]);
      for (const id of alive) expect((await s.getRun(id as never))?.id).toBe(id);
      expect((await s.repos.runs.get(waiting as never))?.steps).toHaveLength(1);

      // Even "everything before the end of time" leaves the active runs alone.
      await seedRun(s, { workflowId: 'b', at: 6_000, status: 'SUCCESS', tookMs: 1 });
      await seedRun(s, { workflowId: 'b', at: 7_000, status: 'SUCCESS', tookMs: 1 });
      const newestB = await seedRun(s, { workflowId: 'b', at: 8_000, status: 'CANCELLED', tookMs: 1 });
      expect(await s.repos.retention.prune({ keepPerWorkflow: 1 })).toMatchObject({ runs: 2 });
      expect((await s.repos.runs.list({ workflowId: 'b' })).runs.map((r) => r.id)).toEqual([newestB]);
      expect(await s.repos.retention.prune({ finishedBefore: Number.MAX_SAFE_INTEGER })).toMatchObject({
        runs: 2,
      });
      expect((await s.repos.runs.list()).runs.map((r) => r.id).sort()).toEqual(
        [running, waiting, queued].sort(),
      );
      expect(await s.repos.retention.prune({})).toEqual({ runs: 0, events: 0, dryRun: false });
    });
  });
}
