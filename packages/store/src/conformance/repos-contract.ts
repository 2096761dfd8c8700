/**
 * The server repositories' contract, as tests, for any `WeftStore` (SQLite and PostgreSQL).
 * `factory` returns a fresh, empty store for each test.
 */
import type { RunId } from '@weft/engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeftStore } from '../repos';
import { createClaimed, ev, newRun, step } from './fixtures';

const save = (
  s: WeftStore,
  workflowId: string,
  yaml: string,
  createdAt: number,
  extra: { name?: string; author?: string; message?: string } = {},
) =>
  s.repos.workflows.saveVersion({
    workflowId,
    yaml,
    hash: `h:${yaml}`,
    name: extra.name ?? workflowId,
    createdAt,
    ...extra,
  });

export function reposContract(name: string, factory: () => Promise<WeftStore>): void {
  describe(`repositories: ${name}`, () => {
    let store: WeftStore | undefined;
    const open = async (): Promise<WeftStore> => (store = await factory());
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('reports the schema as migrated', async () => {
      const s = await open();
      expect(await s.migrated()).toBe(true);
    });

    it('stores immutable workflow versions, even when the text is unchanged', async () => {
      const s = await open();
      const wf = s.repos.workflows;
      expect(await save(s, 'hello', 'v: 1', 100, { name: 'Hello', author: 'ann', message: 'first' })).toBe(1);
      expect(await save(s, 'hello', 'v: 2', 200)).toBe(2);
      expect(await save(s, 'hello', 'v: 2', 300)).toBe(3);
      expect(await wf.get('hello')).toEqual({
        id: 'hello',
        name: 'hello',
        enabled: true,
        latestVersion: 3,
        latestHash: 'h:v: 2',
        createdAt: 100,
        updatedAt: 300,
      });
      expect((await wf.history('hello')).map((v) => v.version)).toEqual([3, 2, 1]);
      expect((await wf.history('hello'))[2]).toEqual({
        workflowId: 'hello',
        version: 1,
        hash: 'h:v: 1',
        author: 'ann',
        message: 'first',
        createdAt: 100,
      });
      expect(await wf.workflowVersion('hello', 1)).toMatchObject({ version: 1, yaml: 'v: 1' });
      expect(await wf.latestWorkflow('hello')).toMatchObject({ version: 3, yaml: 'v: 2' });
      expect(await wf.workflowVersion('hello', 9)).toBeUndefined();
      expect(await wf.latestWorkflow('nope')).toBeUndefined();
      expect(await wf.get('nope')).toBeUndefined();
    });

    it('numbers concurrent saves of one workflow without gaps or duplicates', async () => {
      const s = await open();
      const versions = await Promise.all(
        Array.from({ length: 8 }, (_, i) => save(s, 'busy', `v: ${i}`, 100 + i)),
      );
      expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect((await s.repos.workflows.get('busy'))?.latestVersion).toBe(8);
    });

    it('lists workflows by search text and enabled flag, and deletes them', async () => {
      const s = await open();
      const wf = s.repos.workflows;
      await save(s, 'daily-report', 'a', 1, { name: 'Daily Report' });
      await save(s, 'billing_sync', 'b', 2, { name: 'Stripe sync' });
      await save(s, 'billingxsync', 'c', 3, { name: 'Other' });
      expect(await wf.setEnabled('billing_sync', false, 10)).toBe(true);
      expect(await wf.setEnabled('missing', false, 10)).toBe(false);
      expect((await wf.list()).map((w) => w.id)).toEqual(['billing_sync', 'billingxsync', 'daily-report']);
      expect((await wf.list({ search: 'REPORT' })).map((w) => w.id)).toEqual(['daily-report']);
      expect((await wf.list({ search: 'stripe' })).map((w) => w.id)).toEqual(['billing_sync']);
      expect((await wf.list({ search: 'billing_' })).map((w) => w.id)).toEqual(['billing_sync']);
      expect((await wf.list({ enabled: false })).map((w) => w.id)).toEqual(['billing_sync']);
      expect((await wf.list({ enabled: true, search: 'billing' })).map((w) => w.id)).toEqual([
        'billingxsync',
      ]);
      await s.repos.triggers.claimTick('daily-report', 'cron:0', 1_000, 1_000);
      expect(await wf.delete('daily-report')).toBe(true);
      expect(await wf.delete('daily-report')).toBe(false);
      expect(await wf.get('daily-report')).toBeUndefined();
      expect(await wf.history('daily-report')).toEqual([]);
      expect(await s.repos.triggers.list('daily-report')).toEqual([]);
      expect(await save(s, 'daily-report', 'again', 50)).toBe(1);
    });

    it('lists runs newest first with filters and an opaque cursor', async () => {
      const s = await open();
      const ids: RunId[] = [];
      for (let i = 0; i < 7; i++)
        ids.push(
          (await s.createRun(newRun({ workflowId: i % 2 ? 'odd' : 'even', createdAt: 1_000 + i }))).run.id,
        );
      const same = (await s.createRun(newRun({ workflowId: 'even', createdAt: 1_006 }))).run.id; // same createdAt as ids[6]
      const all: RunId[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.repos.runs.list(cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
        expect(page.runs.length).toBeLessThanOrEqual(3);
        all.push(...page.runs.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(all).toEqual([same, ...[...ids].reverse()]);
      const even = await s.repos.runs.list({ workflowId: 'even' });
      expect(even.runs.map((r) => r.id)).toEqual([same, ids[6], ids[4], ids[2], ids[0]]);
      expect(even.nextCursor).toBeUndefined();
      const window = await s.repos.runs.list({ from: 1_002, to: 1_005 });
      expect(window.runs.map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]]);
      const a = await createClaimed(s, 'A', { createdAt: 2_000, workflowId: 'odd' });
      await s.commit({ runId: a, owner: 'A', run: { status: 'FAILED' }, events: [ev('run.failed')] });
      expect((await s.repos.runs.list({ status: 'FAILED' })).runs.map((r) => r.id)).toEqual([a]);
      expect((await s.repos.runs.list({ status: ['FAILED', 'SUCCESS'], workflowId: 'even' })).runs).toEqual(
        [],
      );
      await expect(s.repos.runs.list({ cursor: 'garbage!' })).rejects.toMatchObject({ code: 'BAD_CURSOR' });
    });

    it('gets a run with its steps and counts runs by status', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', { workflowId: 'w1' });
      await s.createRun(newRun({ workflowId: 'w2' }));
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'RUNNING' },
        steps: [step(id, 'a', { status: 'SUCCESS', output: 42 })],
        events: [ev('run.started')],
      });
      const got = await s.repos.runs.get(id);
      expect(got?.run).toMatchObject({ id, status: 'RUNNING' });
      expect(got?.steps).toEqual([step(id, 'a', { status: 'SUCCESS', output: 42 })]);
      expect(await s.repos.runs.get('nope' as RunId)).toBeUndefined();
      // SUCCESS runs are counted apart (the status indexes leave them out): two in w1, one in w2.
      for (const workflowId of ['w1', 'w1', 'w2']) {
        const done = await createClaimed(s, 'A', { workflowId });
        await s.commit({
          runId: done,
          owner: 'A',
          run: { status: 'SUCCESS' },
          events: [ev('run.succeeded')],
        });
      }
      expect(await s.repos.runs.countByStatus()).toEqual({
        QUEUED: 1,
        RUNNING: 1,
        WAITING: 0,
        SUCCESS: 3,
        FAILED: 0,
        CANCELLED: 0,
      });
      expect(await s.repos.runs.countByStatus('w1')).toEqual({
        QUEUED: 0,
        RUNNING: 1,
        WAITING: 0,
        SUCCESS: 2,
        FAILED: 0,
        CANCELLED: 0,
      });
      expect((await s.repos.runs.countByStatus('none')).SUCCESS).toBe(0);
    });

    it('keeps secrets as ciphertext by name', async () => {
      const s = await open();
      const sec = s.repos.secrets;
      await sec.put('B_KEY', 'cipher-1', 10);
      await sec.put('A_KEY', 'cipher-a', 11);
      await sec.put('B_KEY', 'cipher-2', 12);
      expect(await sec.get('B_KEY')).toEqual({
        name: 'B_KEY',
        ciphertext: 'cipher-2',
        createdAt: 10,
        updatedAt: 12,
      });
      expect(await sec.list()).toEqual([
        { name: 'A_KEY', createdAt: 11, updatedAt: 11 },
        { name: 'B_KEY', createdAt: 10, updatedAt: 12 },
      ]);
      await sec.putMany(
        [
          { name: 'A_KEY', ciphertext: 'rot-a' },
          { name: 'B_KEY', ciphertext: 'rot-b' },
        ],
        20,
      );
      expect((await sec.all()).map((r) => [r.name, r.ciphertext, r.updatedAt])).toEqual([
        ['A_KEY', 'rot-a', 20],
        ['B_KEY', 'rot-b', 20],
      ]);
      expect(await sec.delete('A_KEY')).toBe(true);
      expect(await sec.delete('A_KEY')).toBe(false);
      expect(await sec.get('A_KEY')).toBeUndefined();
    });

    it('stores API tokens by hash, finds only live ones, and refuses duplicates', async () => {
      const s = await open();
      const t = s.repos.tokens;
      await t.create({ id: 't1', name: 'ci', role: 'editor', hash: 'aaa', createdAt: 1 });
      await t.create({ id: 't2', name: 'ops', role: 'admin', hash: 'bbb', createdAt: 2 });
      await expect(
        t.create({ id: 't3', name: 'dup', role: 'viewer', hash: 'aaa', createdAt: 3 }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await t.findByHash('aaa')).toEqual({
        id: 't1',
        name: 'ci',
        role: 'editor',
        hash: 'aaa',
        createdAt: 1,
      });
      await t.markUsed('t1', 50);
      expect((await t.findByHash('aaa'))?.lastUsedAt).toBe(50);
      expect(await t.revoke('t1', 60)).toBe(true);
      expect(await t.revoke('t1', 61)).toBe(false);
      expect(await t.findByHash('aaa')).toBeUndefined();
      expect((await t.list()).map((x) => [x.id, x.revokedAt])).toEqual([
        ['t1', 60],
        ['t2', undefined],
      ]);
    });

    it('fires each trigger tick once, even when several processes race for it', async () => {
      const s = await open();
      const tr = s.repos.triggers;
      expect(await tr.claimTick('wf', 'cron:0', 60_000, 60_001)).toBe(true);
      expect(await tr.claimTick('wf', 'cron:0', 60_000, 60_002)).toBe(false);
      expect(await tr.claimTick('wf', 'cron:0', 30_000, 60_003)).toBe(false);
      const race = await Promise.all(
        Array.from({ length: 6 }, () => tr.claimTick('wf', 'cron:0', 120_000, 120_001)),
      );
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await tr.get('wf', 'cron:0')).toEqual({
        workflowId: 'wf',
        triggerKey: 'cron:0',
        lastTick: 120_000,
        updatedAt: 120_001,
      });
      expect(await tr.claimTick('wf', 'interval:1', 5, 5)).toBe(true);
      expect((await tr.list('wf')).map((r) => r.triggerKey)).toEqual(['cron:0', 'interval:1']);
      await tr.clear('wf');
      expect(await tr.list()).toEqual([]);
    });

    it('records webhook deliveries once per idempotency key', async () => {
      const s = await open();
      const wh = s.repos.webhooks;
      const first = await wh.record({
        workflowId: 'wf',
        deliveryKey: 'k1',
        outcome: 'accepted',
        receivedAt: 10,
      });
      expect(first.created).toBe(true);
      expect(await wh.update('wf', 'k1', { runId: 'r1' as RunId, httpStatus: 202 })).toBe(true);
      const again = await wh.record({
        workflowId: 'wf',
        deliveryKey: 'k1',
        outcome: 'accepted',
        receivedAt: 11,
      });
      expect(again).toEqual({
        created: false,
        delivery: {
          workflowId: 'wf',
          deliveryKey: 'k1',
          runId: 'r1',
          outcome: 'accepted',
          httpStatus: 202,
          receivedAt: 10,
        },
      });
      await wh.record({
        workflowId: 'wf',
        deliveryKey: 'k2',
        outcome: 'rejected',
        httpStatus: 401,
        receivedAt: 20,
      });
      expect((await wh.list('wf')).map((d) => d.deliveryKey)).toEqual(['k2', 'k1']);
      expect(await wh.update('wf', 'nope', { outcome: 'failed' })).toBe(false);
      expect(await wh.get('other', 'k1')).toBeUndefined();
    });
  });
}
