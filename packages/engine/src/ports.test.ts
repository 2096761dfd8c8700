import { describe, expect, it } from 'vitest';
import type { Workflow } from '@weft/dsl';
import { Engine } from './engine';
import { DEFAULT_LIMITS, evaluate } from './expressions';
import type { EngineOptions } from './engine';
import type { Ids, RunId } from './ports';
import { FakeClock, settle } from './testing/fake-clock';
import { FakeTurns } from './testing/fake-turns';
import { MemoryStore } from './testing/memory-store';
import { ScriptedRunner } from './testing/scripted-runner';
import { step, tf, workflow } from './testing/helpers';

/** Ids that count up, with a fixed random draw. */
function countingIds(random = 0): Ids {
  let n = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    random: () => random,
  };
}

/** An engine of its own (no harness defaults for ids, randomness or turns). */
function engineWith(opts: Partial<EngineOptions>): {
  engine: Engine;
  store: MemoryStore;
  clock: FakeClock;
  runner: ScriptedRunner;
} {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const runner = new ScriptedRunner();
  const engine = new Engine({ store, clock, runner, pollMs: 60_000, ...opts });
  engine.start();
  return { engine, store, clock, runner };
}

async function start(engine: Engine, wf: Workflow): Promise<RunId> {
  const r = await engine.startRun({ workflowId: wf.id, workflow: wf });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.runId;
}

describe('injected ports: turns, ids, randomness', () => {
  it('run ids are UUID v7 from the engine clock and the injected ids', async () => {
    const { engine, clock } = engineWith({ ids: countingIds() });
    const runId = await start(engine, workflow([tf('a', '1')]));
    const ms = clock.now().toString(16).padStart(12, '0');
    // The engine's owner id took uuid #1; the run id is the clock's ms, then uuid #2's random bits.
    expect(runId).toBe(`${ms.slice(0, 8)}-${ms.slice(8)}-7000-8000-000000000002`);
    expect((await engine.waitForRun(runId)).status).toBe('SUCCESS');
    await engine.stop();
  });

  it("a run's events are committed only when its turn comes, all in one batch", async () => {
    const turns = new FakeTurns();
    const { engine, store } = engineWith({ turns });
    const runId = await start(
      engine,
      workflow([tf('a', '1'), tf('b', 'steps.a.output + 1', { needs: ['a'] })]),
    );
    await settle();
    expect((await store.listEvents(runId, 0, 100)).map((e) => e.type)).toEqual(['run.created']);
    expect(turns.pending).toBe(1);
    await turns.turn();
    expect((await store.listEvents(runId, 0, 100)).map((e) => e.type)).toEqual([
      'run.created',
      'run.started',
      'step.started',
      'step.succeeded',
      'step.started',
      'step.succeeded',
      'run.succeeded',
    ]);
    expect((await store.getSteps(runId)).find((s) => s.stepId === 'b')?.output).toBe(2);
    await turns.drain();
    await engine.stop();
  });

  it('retry jitter draws from the injected randomness', async () => {
    const { engine, store, clock, runner } = engineWith({ ids: countingIds(0) });
    let calls = 0;
    runner.on('flaky@1', () =>
      ++calls === 1
        ? { ok: false, error: { code: 'BLOCK_ERROR', message: 'once' } }
        : { ok: true, output: 1 },
    );
    const retry = { attempts: 2, backoff: 'fixed' as const, delayMs: 1000, jitter: true };
    const runId = await start(engine, workflow([step('a', 'flaky@1', { retry })]));
    await clock.advanceAsync(0);
    const failed = (await store.listEvents(runId, 0, 100)).find((e) => e.type === 'step.attempt.failed');
    // Jitter draws d/2 + random() × d/2: with random() = 0, exactly half the delay.
    expect(failed?.data.retryAt).toBe((failed?.at ?? 0) + 500);
    await clock.advanceAsync(500);
    expect((await store.getRun(runId))?.status).toBe('SUCCESS');
    await engine.stop();
  });
});

describe('the expression stopwatch is the Turns port', () => {
  const LONG = '$sum($map([1..5000], function($v) { $v * 2 }))';

  it('an expression past its time budget fails with TIMEOUT as the injected time says', async () => {
    const fake = new FakeTurns();
    let t = 0;
    // Each look at the stopwatch finds 1 ms more work time: past 100 ms the evaluation must stop.
    const turns = { next: (fn: () => void) => fake.next(fn), elapsedMs: () => ++t };
    let outcome: string | undefined;
    evaluate(LONG, {}, { now: 0, turns, limits: { ...DEFAULT_LIMITS, maxMs: 100 } }).then(
      () => (outcome = 'finished'),
      (e: { code?: string; message?: string }) => (outcome = `${e.code}: ${e.message}`),
    );
    for (let i = 0; outcome === undefined && i < 1000; i++) await fake.turn();
    expect(outcome).toMatch(/^TIMEOUT: .*longer than 100 ms/);
    expect(t).toBeGreaterThan(100);
  });

  it('with the stopwatch standing still, the same expression runs to the end without yielding', async () => {
    const turns = new FakeTurns();
    expect(await evaluate(LONG, {}, { now: 0, turns })).toBe(25005000);
    expect(turns.pending).toBe(0);
  });
});
