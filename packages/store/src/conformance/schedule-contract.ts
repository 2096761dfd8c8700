/**
 * The contract of the schedule and notification repositories (trigger pauses, the last run of a
 * trigger, the notification queue and its dead letters), as tests for any `WeftStore`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WeftStore } from '../repos';
import type { NewDelivery } from '../schedule-repos';
import { seedRun } from './ops-contract';

const delivery = (id: string, at: number, over: Partial<NewDelivery> = {}): NewDelivery => ({
  id,
  runId: id.split('/')[0] ?? id,
  workflowId: 'wf',
  url: 'http://127.0.0.1:9/hook',
  runStatus: 'FAILED',
  payload: `{"runId":"${id}"}`,
  createdAt: at,
  ...over,
});

export function scheduleContract(name: string, factory: () => Promise<WeftStore>): void {
  describe(`schedule and notification repositories: ${name}`, () => {
    let store: WeftStore | undefined;
    const open = async (): Promise<WeftStore> => (store = await factory());
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('pauses and resumes triggers; a second pause keeps the first', async () => {
      const s = await open();
      const p = s.repos.pauses;
      expect(await p.pause({ workflowId: 'b', triggerKey: 'cron:0', pausedAt: 10, pausedBy: 'ann' })).toBe(
        true,
      );
      expect(await p.pause({ workflowId: 'b', triggerKey: 'cron:0', pausedAt: 20 })).toBe(false);
      expect(await p.pause({ workflowId: 'a', triggerKey: 'interval:0', pausedAt: 30 })).toBe(true);
      expect(await p.get('b', 'cron:0')).toEqual({
        workflowId: 'b',
        triggerKey: 'cron:0',
        pausedAt: 10,
        pausedBy: 'ann',
      });
      expect((await p.list()).map((x) => `${x.workflowId}/${x.triggerKey}`)).toEqual([
        'a/interval:0',
        'b/cron:0',
      ]);
      expect(await p.list('a')).toHaveLength(1);
      expect(await p.resume('b', 'cron:0')).toBe(true);
      expect(await p.resume('b', 'cron:0')).toBe(false);
      expect(await p.get('b', 'cron:0')).toBeUndefined();
    });

    it('records the run a tick started, only for the latest tick', async () => {
      const s = await open();
      const t = s.repos.triggers;
      expect(await t.claimTick('wf', 'cron:0', 1000, 1001)).toBe(true);
      await t.setLastRun('wf', 'cron:0', 1000, 'run-1');
      expect((await t.get('wf', 'cron:0'))?.lastRunId).toBe('run-1');
      expect(await t.claimTick('wf', 'cron:0', 2000, 2001)).toBe(true);
      // A slow start of the older tick must not overwrite the newer one's run.
      await t.setLastRun('wf', 'cron:0', 1000, 'run-late');
      expect((await t.get('wf', 'cron:0'))?.lastRunId).toBe('run-1');
      await t.setLastRun('wf', 'cron:0', 2000, 'run-2');
      expect((await t.list('wf'))[0]?.lastRunId).toBe('run-2');
    });

    it('enqueues deliveries once, claims each due one once, and retries, dead-letters and redelivers', async () => {
      const s = await open();
      const n = s.repos.notifications;
      expect(
        await n.enqueue([delivery('r1/0', 100), delivery('r2/0', 200, { secret: '${{ secrets.K }}' })]),
      ).toBe(2);
      expect(await n.enqueue([delivery('r1/0', 300)])).toBe(0);
      const due = await n.due(250, 10);
      expect(due.map((d) => d.id)).toEqual(['r1/0', 'r2/0']);
      expect(due[1]?.secret).toBe('${{ secrets.K }}');
      expect(due[0]).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 100 });
      const first = due[0]!;
      const both = await Promise.all([n.claim(first, 5000), n.claim(first, 6000)]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect((await n.due(250, 10)).map((d) => d.id)).toEqual(['r2/0']);
      await n.record('r1/0', {
        state: 'pending',
        attempts: 1,
        nextAttemptAt: 400,
        lastError: 'HTTP 500',
        lastHttpStatus: 500,
        at: 260,
      });
      expect(await n.due(399, 10)).toHaveLength(1);
      expect((await n.due(400, 10)).map((d) => d.id)).toEqual(['r2/0', 'r1/0']);
      await n.record('r1/0', {
        state: 'dead',
        attempts: 2,
        lastError: 'HTTP 503',
        lastHttpStatus: 503,
        at: 500,
      });
      await n.record('r2/0', { state: 'delivered', attempts: 1, lastHttpStatus: 204, at: 500 });
      expect(await n.due(10_000, 10)).toEqual([]);
      const dead = await n.list({ state: 'dead' });
      expect(dead.deliveries).toHaveLength(1);
      expect(dead.deliveries[0]).toMatchObject({
        id: 'r1/0',
        state: 'dead',
        attempts: 2,
        lastError: 'HTTP 503',
        lastHttpStatus: 503,
        updatedAt: 500,
      });
      expect(dead.deliveries[0]?.nextAttemptAt).toBeUndefined();
      const again = await n.redeliver('r1/0', 600);
      expect(again).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 600 });
      expect((await n.due(600, 10)).map((d) => d.id)).toEqual(['r1/0']);
      expect(await n.redeliver('nope', 600)).toBeUndefined();
    });

    it('pages deliveries newest first and filters them', async () => {
      const s = await open();
      const n = s.repos.notifications;
      await n.enqueue(
        Array.from({ length: 5 }, (_, i) =>
          delivery(`r${i}/0`, 100 + i, { workflowId: i % 2 ? 'odd' : 'even' }),
        ),
      );
      const p1 = await n.list({ limit: 2 });
      expect(p1.deliveries.map((d) => d.id)).toEqual(['r4/0', 'r3/0']);
      const p2 = await n.list({ limit: 2, cursor: p1.nextCursor! });
      expect(p2.deliveries.map((d) => d.id)).toEqual(['r2/0', 'r1/0']);
      const p3 = await n.list({ limit: 2, cursor: p2.nextCursor! });
      expect(p3.deliveries.map((d) => d.id)).toEqual(['r0/0']);
      expect(p3.nextCursor).toBeUndefined();
      expect((await n.list({ workflowId: 'odd' })).deliveries.map((d) => d.id)).toEqual(['r3/0', 'r1/0']);
      expect((await n.list({ runId: 'r2' })).deliveries.map((d) => d.id)).toEqual(['r2/0']);
      await expect(n.list({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_CURSOR' });
    });

    it('lists ended production runs by end time, for some workflows', async () => {
      const s = await open();
      const ok = await seedRun(s, { workflowId: 'a', at: 1000, status: 'SUCCESS', tookMs: 50 });
      const bad = await seedRun(s, {
        workflowId: 'b',
        at: 1000,
        status: 'FAILED',
        tookMs: 10,
        error: 'boom',
      });
      await seedRun(s, { workflowId: 'a', at: 1000, status: 'RUNNING' });
      await seedRun(s, { workflowId: 'a', at: 500, status: 'CANCELLED', tookMs: 1 });
      const all = await s.repos.notifications.endedRuns({ from: 1000, limit: 10 });
      expect(all.map((r) => r.id)).toEqual([bad, ok]);
      expect(all[0]?.error?.message).toBe('boom');
      expect((await s.repos.notifications.endedRuns({ from: 0, workflowIds: ['a'], limit: 10 })).length).toBe(
        2,
      );
      expect(await s.repos.notifications.endedRuns({ from: 0, workflowIds: [], limit: 10 })).toEqual([]);
      expect((await s.repos.notifications.endedRuns({ from: 0, limit: 1 })).length).toBe(1);
    });
  });
}
