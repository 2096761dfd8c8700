import { describe, expect, it } from 'vitest';
import { parseRoute, href } from '../app/router';
import { runBulk, applicable } from './bulk';
import {
  NO_FILTERS,
  explorerQuery,
  listInput,
  parseExplorerQuery,
  runDuration,
  triggerLabel,
} from './explorer-query';

describe('runs explorer filters in the address', () => {
  it('round-trips every filter through the query string', () => {
    const f = {
      ...NO_FILTERS,
      workflow: 'billing',
      status: ['FAILED' as const, 'CANCELLED' as const],
      trigger: ['cron', 'webhook'],
      range: 'custom' as const,
      from: Date.UTC(2026, 11, 1, 8),
      to: Date.UTC(2026, 11, 2, 8),
      error: 'card declined',
      stepTests: true,
    };
    const q = explorerQuery(f);
    expect(q).toBe(
      'workflow=billing&status=FAILED%2CCANCELLED&trigger=cron%2Cwebhook&from=2026-12-01T08%3A00%3A00.000Z&to=2026-12-02T08%3A00%3A00.000Z&error=card+declined&steptests=1',
    );
    expect(parseExplorerQuery(q)).toEqual({ filters: f, problems: [] });
    expect(explorerQuery(NO_FILTERS)).toBe('');
    expect(parseExplorerQuery('range=7d').filters).toEqual({ ...NO_FILTERS, range: '7d' });
  });

  it('names what it cannot read instead of dropping it silently', () => {
    const { filters, problems } = parseExplorerQuery(
      'status=failed,LOST&trigger=Cron!&range=2w&from=yesterday',
    );
    expect(filters.status).toEqual(['FAILED']);
    expect(filters.trigger).toEqual([]);
    expect(problems).toEqual([
      'unknown status "LOST" (one of QUEUED, RUNNING, WAITING, SUCCESS, FAILED, CANCELLED)',
      '"Cron!" is not a trigger type (manual, api, cron, interval, webhook, retry, workflow)',
      '"from" is not a date or time: yesterday',
      'unknown time range "2w" (1h, 24h, 7d, 30d or custom)',
    ]);
    expect(parseExplorerQuery('from=2026-12-02T00:00Z&to=2026-12-01T00:00Z').problems).toEqual([
      '"from" is not before "to": no run can match',
    ]);
  });

  it('makes the runs.list input: a preset window ends now, step tests only when asked', () => {
    const now = 10 * 86_400_000;
    expect(listInput(NO_FILTERS, { now, limit: 50 })).toEqual({ kind: 'run', limit: 50 });
    expect(
      listInput(
        {
          ...NO_FILTERS,
          workflow: 'w',
          status: ['FAILED'],
          trigger: ['cron'],
          range: '24h',
          error: ' boom ',
        },
        { now, limit: 20, cursor: 'c1' },
      ),
    ).toEqual({
      kind: 'run',
      limit: 20,
      cursor: 'c1',
      workflowId: 'w',
      status: ['FAILED'],
      trigger: ['cron'],
      from: now - 86_400_000,
      errorText: 'boom',
    });
    expect(listInput({ ...NO_FILTERS, range: 'custom', to: 5, stepTests: true }, { now, limit: 1 })).toEqual({
      kind: 'all',
      limit: 1,
      to: 5,
    });
  });

  it('is the #/runs route, apart from #/runs/<id> and a workflow’s runs', () => {
    expect(parseRoute('#/runs')).toEqual({ page: 'explorer', query: '' });
    expect(parseRoute('#/runs?status=FAILED&range=7d')).toEqual({
      page: 'explorer',
      query: 'status=FAILED&range=7d',
    });
    expect(parseRoute('#/runs/r1')).toEqual({ page: 'run', runId: 'r1' });
    expect(href({ page: 'explorer', query: 'status=FAILED' })).toBe('#/runs?status=FAILED');
    expect(href({ page: 'explorer', query: '' })).toBe('#/runs');
  });

  it('describes triggers and durations for the table', () => {
    expect(triggerLabel({ type: 'retry', runId: '0193a1b2-c3d4-7000', fromStepId: 'charge' })).toEqual({
      type: 'retry',
      detail: 'of 0193a1b2-c3d4… from charge',
    });
    expect(triggerLabel({ type: 'api', by: 'ann' })).toEqual({ type: 'api', detail: 'ann' });
    expect(triggerLabel(null)).toEqual({ type: 'unknown', detail: '' });
    expect(runDuration({ startedAt: 1_000, finishedAt: 3_500 }, 9_999)).toBe(2_500);
    expect(runDuration({ startedAt: 1_000 }, 4_000)).toBe(3_000);
    expect(runDuration({}, 4_000)).toBeUndefined();
  });
});

describe('bulk actions', () => {
  it('answers for every run, in order, each refusal with its reason', async () => {
    const calls: string[] = [];
    const results = await runBulk(
      'retry',
      ['a', 'b', 'c'],
      {
        cancel: () => Promise.reject(new Error('not used')),
        retry: async (id) => {
          calls.push(id);
          if (id === 'b') throw new Error('run b ended SUCCESS with no failed or cancelled step');
          return { runId: `${id}2`, fromStepId: 'charge' };
        },
      },
      2,
    );
    expect(calls.sort()).toEqual(['a', 'b', 'c']);
    expect(results).toEqual([
      { runId: 'a', ok: true, newRunId: 'a2', message: 'retried from step charge' },
      { runId: 'b', ok: false, message: 'run b ended SUCCESS with no failed or cancelled step' },
      { runId: 'c', ok: true, newRunId: 'c2', message: 'retried from step charge' },
    ]);
    expect(
      await runBulk('cancel', [], { cancel: async () => 1, retry: async () => ({ runId: '' }) }),
    ).toEqual([]);
  });

  it('knows which statuses each action applies to', () => {
    expect(['QUEUED', 'RUNNING', 'WAITING'].every((s) => applicable('cancel', s))).toBe(true);
    expect(['SUCCESS', 'FAILED', 'CANCELLED'].some((s) => applicable('cancel', s))).toBe(false);
    expect(['FAILED', 'CANCELLED'].every((s) => applicable('retry', s))).toBe(true);
    expect(['SUCCESS', 'RUNNING'].some((s) => applicable('retry', s))).toBe(false);
  });
});
