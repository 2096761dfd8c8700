/**
 * Schedules (issue 15 item 4): `triggers.list | pause | resume` over a real server (SQLite, real
 * scheduler and engine). Waits for events (runs, the armed tick moving on), never fixed sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './testing/harness';

const YAML = `apiVersion: weft/v1
kind: Workflow
id: ticker
name: Ticker
triggers:
  - cron: "0 8 * * 1-5"
    timezone: Europe/Paris
  - webhook: { path: in }
  - interval: 1s
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
`;

async function until<T>(what: string, fn: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('triggers API: list, pause, resume', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().workflows.save.mutate({ yaml: YAML, create: true });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists cron and interval triggers in words with their zone, next five fires and last run', async () => {
    const c = h.client();
    const list = await c.triggers.list.query();
    expect(list.map((e) => e.triggerKey)).toEqual(['cron:0', 'interval:1']);
    const cron = list[0]!;
    expect(cron).toMatchObject({
      workflowId: 'ticker',
      workflowName: 'Ticker',
      type: 'cron',
      expression: '0 8 * * 1-5',
      description: 'At 08:00, Monday through Friday',
      timezone: 'Europe/Paris',
      serverZone: false,
      paused: false,
    });
    expect(cron.nextFires).toHaveLength(5);
    for (const at of cron.nextFires) {
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
        hourCycle: 'h23',
      }).format(at);
      expect(parts).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 08:00$/);
    }
    expect(cron.nextFires).toEqual([...cron.nextFires].sort((a, b) => a - b));
    // The interval fires every second: wait for its first run to be recorded on the trigger.
    const fired = await until('the interval trigger to fire', async () => {
      const e = (await c.triggers.list.query({ workflowId: 'ticker' })).find(
        (x) => x.triggerKey === 'interval:1',
      );
      return e?.lastRunId ? e : undefined;
    });
    expect(fired).toMatchObject({
      type: 'interval',
      expression: '1s',
      description: 'Every 1s',
      serverZone: true,
    });
    expect(fired.lastFireAt).toBeGreaterThan(0);
    expect(fired.nextFires[1]! - fired.nextFires[0]!).toBe(1000);
    const run = await c.runs.get.query({ runId: fired.lastRunId! });
    expect(run.run.workflowId).toBe('ticker');
    expect(run.run.trigger).toMatchObject({ type: 'interval' });
  });

  it('a paused trigger starts no run while paused, fires again once resumed, and both are audited', async () => {
    const c = h.client();
    const paused = await c.triggers.pause.mutate({ workflowId: 'ticker', triggerKey: 'interval:1' });
    expect(paused).toMatchObject({ paused: true, pausedBy: 'local' });
    // The armed tick may have been in flight when the pause landed; every later one must be skipped.
    const armedAt = paused.nextFires[0]!;
    await until('three ticks to pass while paused', async () => {
      const e = (await c.triggers.list.query()).find((x) => x.triggerKey === 'interval:1');
      return e && e.nextFires[0]! >= armedAt + 4000 ? e : undefined;
    });
    const scheduled = async (): Promise<number[]> =>
      (await c.runs.list.query({ workflowId: 'ticker', limit: 500 })).runs.map((r) =>
        Date.parse(String((r.trigger as { scheduledAt?: string }).scheduledAt)),
      );
    expect((await scheduled()).filter((t) => t > armedAt)).toEqual([]);
    const listed = (await c.triggers.list.query()).find((x) => x.triggerKey === 'interval:1');
    expect(listed?.paused).toBe(true);

    expect(await c.triggers.resume.mutate({ workflowId: 'ticker', triggerKey: 'interval:1' })).toMatchObject({
      paused: false,
    });
    await until('a run after the resume', async () =>
      (await scheduled()).some((t) => t > armedAt + 4000) ? true : undefined,
    );

    const audit = await c.audit.list.query({ action: 'triggers.' });
    expect(audit.entries.map((e) => [e.action, e.target, e.detail.triggerKey])).toEqual([
      ['triggers.resume', 'ticker', 'interval:1'],
      ['triggers.pause', 'ticker', 'interval:1'],
    ]);
  });

  it('refuses unknown workflows and triggers with a message naming them', async () => {
    const c = h.client();
    expect(
      await failure(c.triggers.pause.mutate({ workflowId: 'nope', triggerKey: 'cron:0' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'workflow nope not found',
    });
    expect(
      await failure(c.triggers.pause.mutate({ workflowId: 'ticker', triggerKey: 'cron:7' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'workflow ticker has no trigger cron:7; its triggers are cron:0, interval:1',
    });
    const bad = await failure(c.triggers.pause.mutate({ workflowId: 'ticker', triggerKey: 'webhook:0' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toContain('a trigger key is cron:<n> or interval:<n>');
  });
});
