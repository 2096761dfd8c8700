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
    /** false: ended without starting (cancelled while queued). Default true. */
    started?: boolean;
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
      ...(o.started !== false && { startedAt: o.at }),
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

    it('dashboard: every aggregate equals a count over the runs, at any window, edge and bucket', async () => {
      const s = await open();
      // A seeded pseudo-random mix over ~40 hours: 6 workflows, every status, step tests, runs that
      // ended without starting, then a prune (the hourly counts must follow deletes too).
      let seed = 42;
      const rand = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed % n;
      };
      const statuses: RunStatus[] = [
        'SUCCESS',
        'SUCCESS',
        'SUCCESS',
        'FAILED',
        'CANCELLED',
        'RUNNING',
        'WAITING',
        'QUEUED',
      ];
      type Seeded = {
        id: string;
        workflowId: string;
        at: number;
        status: RunStatus;
        took: number;
        started: boolean;
        test: boolean;
      };
      const runs: Seeded[] = [];
      for (let i = 0; i < 140; i++) {
        const status = statuses[rand(statuses.length)] as RunStatus;
        const r = {
          workflowId: `w${rand(6)}`,
          at: NOW - 40 * H + i * 997_003 + rand(1000),
          status,
          took: rand(5000),
          started: !(status === 'CANCELLED' && rand(3) === 0) && status !== 'QUEUED',
          test: rand(10) === 0,
        };
        const id = await seedRun(s, {
          workflowId: r.workflowId,
          at: r.at,
          status,
          tookMs: r.took,
          error: `e${i}`,
          started: r.started,
          ...(r.test && {
            trigger: { type: 'step-test', runId: 'r0', stepId: 'a', original: { type: 'manual' } },
          }),
        });
        runs.push({ id, ...r });
      }
      const ended = (r: Seeded): boolean => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.status);
      const cut = NOW - 35 * H + 123;
      const pruned = await s.repos.retention.prune({ finishedBefore: cut });
      const kept = runs.filter((r) => !(ended(r) && r.at + r.took < cut));
      expect(pruned.runs).toBe(runs.length - kept.length);
      expect(pruned.runs).toBeGreaterThan(0);

      const expected = (now: number, windowMs: number, bucketMs: number): unknown => {
        const from = now - windowMs;
        const prod = kept.filter((r) => !r.test);
        const inWin = (t: number): boolean => t >= from && t < now;
        const buckets = new Map<string, number>();
        for (const r of prod.filter((x) => inWin(x.at))) {
          const k = `${Math.floor(r.at / bucketMs) * bucketMs} ${r.status}`;
          buckets.set(k, (buckets.get(k) ?? 0) + 1);
        }
        const done = prod.filter((r) => ended(r) && inWin(r.at + r.took));
        const count = (st: RunStatus): number => done.filter((r) => r.status === st).length;
        const wfs = [...new Set(done.map((r) => r.workflowId))].sort();
        const durations = wfs.flatMap((w) => {
          const d = done
            .filter((r) => r.workflowId === w && r.started)
            .map((r) => r.took)
            .sort((a, b) => a - b);
          const at = (p: number): number => d[Math.floor((d.length * p + 99) / 100) - 1] as number;
          return d.length ? [{ workflowId: w, runs: d.length, p50Ms: at(50), p95Ms: at(95) }] : [];
        });
        const failing = wfs
          .map((w) => done.filter((r) => r.workflowId === w && r.status === 'FAILED'))
          .filter((f) => f.length > 0)
          .sort(
            (a, b) =>
              b.length - a.length || ((a[0] as Seeded).workflowId < (b[0] as Seeded).workflowId ? -1 : 1),
          )
          .slice(0, 10)
          .map((f) => {
            const last = f.reduce((x, y) => (y.at + y.took > x.at + x.took ? y : x));
            return {
              workflowId: last.workflowId,
              failed: f.length,
              lastFailedAt: last.at + last.took,
              lastRunId: last.id,
              lastError: { code: 'BLOCK_ERROR', message: `e${runs.indexOf(last)}` },
            };
          });
        const total = count('SUCCESS') + count('FAILED') + count('CANCELLED');
        return {
          perBucket: [...buckets.entries()]
            .map(([k, count]) => ({
              bucket: Number(k.split(' ')[0]),
              status: String(k.split(' ')[1]),
              count,
            }))
            .sort((a, b) => a.bucket - b.bucket || (a.status < b.status ? -1 : 1)),
          ended: { success: count('SUCCESS'), failed: count('FAILED'), cancelled: count('CANCELLED') },
          successRate: total === 0 ? null : count('SUCCESS') / total,
          durations,
          failing,
          runningNow: prod.filter((r) => r.status === 'RUNNING').length,
          waitingNow: prod.filter((r) => r.status === 'WAITING').length,
          queueDepth: prod.filter((r) => r.status === 'QUEUED').length,
        };
      };
      const cases: [number, number, number][] = [
        [NOW, 24 * H, H], // hour-aligned window
        [NOW - 1_234_567, 24 * H, H], // partial hours at both edges
        [NOW - 5 * H - 17, 40 * 60_000, H], // shorter than an hour
        [NOW + 3 * H, 7 * 24 * H, 24 * H], // daily buckets
        [NOW - 7 * H + 1, 12 * H, 15 * 60_000], // buckets shorter than an hour
      ];
      for (const [now, windowMs, bucketMs] of cases) {
        const {
          perBucket,
          ended: e,
          successRate,
          durations,
          failing,
          runningNow,
          waitingNow,
          queueDepth,
        } = await s.repos.dashboard.summary({ now, windowMs, bucketMs });
        expect({
          perBucket,
          ended: e,
          successRate,
          durations,
          failing,
          runningNow,
          waitingNow,
          queueDepth,
        }).toEqual(expected(now, windowMs, bucketMs));
      }
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

    it('retention: remembers the last prune, the newest record replacing the one before', async () => {
      const s = await open();
      expect(await s.repos.retention.last()).toBeUndefined();
      await s.repos.retention.recordLast({ at: 1_000, source: 'job', runs: 3, events: 9, tookMs: 4 });
      const failed = { at: 2_000, source: 'manual', runs: 0, events: 0, tookMs: 1, error: 'boom' } as const;
      await s.repos.retention.recordLast(failed);
      expect(await s.repos.retention.last()).toEqual(failed);
    });
  });
}
