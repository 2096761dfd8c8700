/**
 * The runs explorer's list contract (`repos.runs.list` filters, combined with paging), as tests for
 * any `WeftStore`: every filter is applied in SQL, so a page holds `limit` matching runs however
 * many do not match. `factory` returns a fresh, empty store for each test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunListFilter, WeftStore } from '../repos';
import { seedRun } from './ops-contract';

const H = 3_600_000;

export function runListContract(name: string, factory: () => Promise<WeftStore>): void {
  describe(`runs explorer list: ${name}`, () => {
    let store: WeftStore | undefined;
    const open = async (): Promise<WeftStore> => (store = await factory());
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    /** Every matching id, newest first, walking the pages `limit` at a time. */
    async function all(s: WeftStore, filter: RunListFilter, limit = 2): Promise<string[]> {
      const out: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 50; pages++) {
        const page = await s.repos.runs.list({ ...filter, limit, ...(cursor !== undefined && { cursor }) });
        expect(page.runs.length).toBeLessThanOrEqual(limit);
        out.push(...page.runs.map((r) => r.id));
        if (!page.nextCursor) return out;
        cursor = page.nextCursor;
      }
      throw new Error('more than 50 pages');
    }

    it('filters by trigger type, one or several, and pages the result by cursor', async () => {
      const s = await open();
      const cron = { type: 'cron', scheduledAt: '2026-01-01T00:00:00.000Z' };
      const ids: Record<string, string> = {};
      const seed = async (key: string, at: number, trigger: unknown): Promise<void> => {
        ids[key] = await seedRun(s, { workflowId: 'w', at, status: 'SUCCESS', tookMs: 1, trigger });
      };
      await seed('c1', 1 * H, cron);
      await seed('m1', 2 * H, { type: 'manual' });
      await seed('c2', 3 * H, cron);
      await seed('h1', 4 * H, { type: 'webhook', body: { type: 'cron' } });
      await seed('c3', 5 * H, cron);
      await seed('a1', 6 * H, { type: 'api', by: 'ann' });
      await seed('r1', 7 * H, { type: 'retry', runId: 'x', fromStepId: 'a', original: cron });

      // A webhook whose body says "cron", or a retry of a cron run, is not a cron run.
      expect(await all(s, { trigger: 'cron' })).toEqual([ids.c3, ids.c2, ids.c1]);
      expect(await all(s, { trigger: ['manual', 'api'] })).toEqual([ids.a1, ids.m1]);
      expect(await all(s, { trigger: 'retry' }, 1)).toEqual([ids.r1]);
      expect(await all(s, { trigger: 'interval' })).toEqual([]);
      expect((await s.repos.runs.list({ trigger: [] })).runs).toEqual([]);
      const first = await s.repos.runs.list({ trigger: 'cron', limit: 2 });
      expect(first.runs.map((r) => r.id)).toEqual([ids.c3, ids.c2]);
      expect(first.runs[0]?.trigger).toEqual(cron);
      expect(first.nextCursor).toBeDefined();
    });

    it('finds runs by error text in the code or message, case-insensitively, with % and _ literal', async () => {
      const s = await open();
      const failed = async (at: number, error: string): Promise<string> =>
        seedRun(s, { workflowId: 'w', at, status: 'FAILED', tookMs: 1, error });
      const timeout = await failed(1 * H, 'step "fetch" failed: Connection TIMED OUT after 30 s');
      const refused = await failed(2 * H, 'connect ECONNREFUSED 127.0.0.1:9');
      const percent = await failed(3 * H, 'disk 100% full');
      const under = await failed(4 * H, 'bad field user_id');
      const ok = await seedRun(s, { workflowId: 'w', at: 5 * H, status: 'SUCCESS', tookMs: 1 });

      expect(await all(s, { errorText: 'timed out' })).toEqual([timeout]);
      expect(await all(s, { errorText: 'econnrefused' })).toEqual([refused]);
      // Every seeded failure has code BLOCK_ERROR: the code matches too.
      expect(await all(s, { errorText: 'block_error' })).toEqual([under, percent, refused, timeout]);
      // `%` and `_` are text, not wildcards.
      expect(await all(s, { errorText: '100%' })).toEqual([percent]);
      expect(await all(s, { errorText: '0% f' })).toEqual([percent]);
      expect(await all(s, { errorText: 'user_id' })).toEqual([under]);
      expect(await all(s, { errorText: 'r_i' })).toEqual([under]);
      expect(await all(s, { errorText: 'd%f' })).toEqual([]);
      expect(await all(s, { errorText: 'userXid' })).toEqual([]);
      // A quote inside the message is matched as written, not as its JSON escape.
      expect(await all(s, { errorText: 'step "fetch"' })).toEqual([timeout]);
      expect(await all(s, { errorText: '\\"fetch' })).toEqual([]);
      // The empty text filters nothing.
      expect(await all(s, { errorText: '' }, 10)).toEqual([ok, under, percent, refused, timeout]);
    });

    it('combines workflow, status, trigger, time range and error text, and keeps step tests apart', async () => {
      const s = await open();
      // A failed cron run of billing that the filter below keeps; each other seed differs in one field.
      const billing = {
        workflowId: 'billing',
        status: 'FAILED',
        tookMs: 5,
        error: 'card declined',
        trigger: { type: 'cron' },
      } as const;
      const seed = (o: Partial<Parameters<typeof seedRun>[1]> & { at: number }): Promise<string> =>
        seedRun(s, { ...billing, ...o });
      const want1 = await seed({ at: 10 * H });
      await seed({ at: 11 * H, trigger: { type: 'manual' } });
      await seed({ at: 12 * H, workflowId: 'mail' });
      await seed({ at: 13 * H, status: 'SUCCESS', error: '' });
      await seed({ at: 2 * H });
      const want2 = await seed({ at: 14 * H, status: 'CANCELLED', error: 'card declined, then cancelled' });
      await seed({
        at: 15 * H,
        trigger: { type: 'step-test', runId: 'r', stepId: 'a', original: { type: 'cron' } },
      });
      const filter: RunListFilter = {
        workflowId: 'billing',
        status: ['FAILED', 'CANCELLED'],
        trigger: 'cron',
        from: 5 * H,
        to: 20 * H,
        errorText: 'DECLINED',
        kind: 'run',
      };
      expect(await all(s, filter, 1)).toEqual([want2, want1]);
      expect(await all(s, { ...filter, status: 'FAILED' })).toEqual([want1]);
      expect(await all(s, { ...filter, to: 14 * H })).toEqual([want1]);
      expect(await all(s, { ...filter, kind: 'step-test', trigger: 'step-test' })).toHaveLength(1);
    });
  });
}
