/**
 * The operations repositories' contract (audit, and the aggregates/retention added with them), as
 * tests for any `WeftStore`. `factory` returns a fresh, empty store for each test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WeftStore } from '../repos';

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
  });
}
