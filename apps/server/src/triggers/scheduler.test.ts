import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateYaml, hashYaml } from '@weft/api';
import { builtinCatalog } from '@weft/dsl';
import { FakeClock } from '@weft/engine/testing/fake-clock';
import { openStore, type WeftStore } from '@weft/store';
import { createLogger } from '../observability/logger';
import { TriggerScheduler } from './scheduler';

const wf = (triggers: string, extra = ''): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: tick\n${extra}triggers:\n${triggers}steps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\n`;

let store: WeftStore;
let clock: FakeClock;
const schedulers: TriggerScheduler[] = [];

/**
 * Moves the fake clock by `ms` in one-second steps; after each, waits until every scheduler is idle
 * (a fired tick has claimed, started its run and armed the next one) — events, not wall time.
 */
async function advance(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 1000) {
    clock.advance(Math.min(1000, ms - done));
    await Promise.all(schedulers.map((s) => s.idle()));
  }
}

async function save(yaml: string): Promise<void> {
  await store.repos.workflows.saveVersion({
    workflowId: 'tick',
    yaml,
    hash: hashYaml(yaml),
    name: 'tick',
    createdAt: clock.now(),
  });
}

function scheduler(fired: string[]): TriggerScheduler {
  const s = new TriggerScheduler({
    repos: store.repos,
    parse: (y) => validateYaml(y, builtinCatalog()).workflow,
    fire: async ({ trigger }) => {
      fired.push(String(trigger.scheduledAt));
      return Promise.resolve(`run-${fired.length}`);
    },
    log: createLogger({ level: 'silent' }),
    clock,
    syncMs: 60 * 60 * 1000,
  });
  schedulers.push(s);
  return s;
}

beforeEach(async () => {
  clock = new FakeClock(Date.parse('2026-03-02T06:58:30Z'));
  store = await openStore('sqlite::memory:');
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) s.stop();
  await store.close();
});

describe('cron and interval triggers', () => {
  it('fires an interval trigger once per tick', async () => {
    await save(wf('  - interval: 1m\n'));
    const fired: string[] = [];
    await scheduler(fired).start();
    await advance(3 * 60_000 + 10);
    expect(fired).toEqual([
      '2026-03-02T06:59:30.000Z',
      '2026-03-02T07:00:30.000Z',
      '2026-03-02T07:01:30.000Z',
    ]);
  });

  it('fires a cron trigger in its timezone', async () => {
    // 08:00 in Paris is 07:00 UTC in March (CET).
    await save(wf('  - cron: "0 8 * * *"\n    timezone: Europe/Paris\n'));
    const fired: string[] = [];
    await scheduler(fired).start();
    await advance(2 * 60_000);
    expect(fired).toEqual(['2026-03-02T07:00:00.000Z']);
  });

  it('a disabled workflow fires nothing (in YAML or by the API flag)', async () => {
    await save(wf('  - interval: 1m\n', 'enabled: false\n'));
    const fired: string[] = [];
    await scheduler(fired).start();
    await advance(5 * 60_000);
    expect(fired).toEqual([]);
    await save(wf('  - interval: 1m\n'));
    await store.repos.workflows.setEnabled('tick', false, clock.now());
    const s2: string[] = [];
    await scheduler(s2).start();
    await advance(5 * 60_000);
    expect(s2).toEqual([]);
  });

  it('a tick missed while down fires once after restart, even with two processes starting', async () => {
    await save(wf('  - interval: 1m\n'));
    const a: string[] = [];
    const first = scheduler(a);
    await first.start();
    await advance(60_000 + 10);
    expect(a).toEqual(['2026-03-02T06:59:30.000Z']);
    first.stop(); // "crash"
    await advance(90_000); // 07:00:30 is missed
    const b: string[] = [];
    const c: string[] = [];
    await Promise.all([scheduler(b).start(), scheduler(c).start()]);
    await advance(60_000);
    const all = [...b, ...c].sort();
    expect(all).toEqual(['2026-03-02T07:00:30.000Z', '2026-03-02T07:01:30.000Z']);
  });

  it('a layout-only save re-arms nothing; a trigger change re-arms', async () => {
    await save(wf('  - interval: 1m\n'));
    const fired: string[] = [];
    const s = scheduler(fired);
    await s.start();
    expect(s.armCount).toBe(1);
    await save(`${wf('  - interval: 1m\n')}layout:\n  a: [1, 2]\n`);
    await s.sync();
    expect(s.armCount).toBe(1);
    await save(wf('  - interval: 2m\n'));
    await s.sync();
    expect(s.armCount).toBe(2);
    await store.repos.workflows.delete('tick');
    await s.sync();
    expect(s.armedKeys()).toEqual({});
  });

  it('a paused trigger skips its ticks until resumed; the run of the last tick is recorded', async () => {
    await save(wf('  - interval: 1m\n'));
    const fired: string[] = [];
    const s = scheduler(fired);
    await s.start();
    expect(s.nextTick('tick', 'interval:0')).toBe(Date.parse('2026-03-02T06:59:30Z'));
    await advance(60_000 + 10);
    expect(fired).toEqual(['2026-03-02T06:59:30.000Z']);
    expect(await store.repos.triggers.get('tick', 'interval:0')).toMatchObject({
      lastTick: Date.parse('2026-03-02T06:59:30Z'),
      lastRunId: 'run-1',
    });
    await store.repos.pauses.pause({ workflowId: 'tick', triggerKey: 'interval:0', pausedAt: clock.now() });
    await advance(3 * 60_000);
    expect(fired).toHaveLength(1);
    // Still armed while paused: the page shows when it would fire.
    expect(s.nextTick('tick', 'interval:0')).toBe(Date.parse('2026-03-02T07:03:30Z'));
    await store.repos.pauses.resume('tick', 'interval:0');
    await advance(60_000);
    // The ticks missed while paused do not fire: the next one after the resume does.
    expect(fired).toEqual(['2026-03-02T06:59:30.000Z', '2026-03-02T07:03:30.000Z']);
    expect((await store.repos.triggers.get('tick', 'interval:0'))?.lastRunId).toBe('run-2');
  });
});
