/** Regression tests of issue 9 item 7, engine side: deep data and commits that keep failing. */
import { describe, expect, it } from 'vitest';
import { MAX_DATA_DEPTH } from '@weft/dsl';
import type { Commit } from './ports';
import { harness, step, tf, workflow } from './testing/helpers';

const nest = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const realTurns = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('issue 9 item 7: deep data fails the step; a failing commit is not retried in a loop', () => {
  it('a block output nested 4,500 deep fails LIMIT_EXCEEDED, not retried; run inputs that deep are refused', async () => {
    const h = harness();
    h.runner.on('deep@1', () => ({ ok: true, output: nest(4500) }));
    const o = await h.run(
      workflow([
        step('d', 'deep@1', { retry: { attempts: 3, backoff: 'fixed', delayMs: 1, jitter: false } }),
      ]),
    );
    expect(o.run.status).toBe('FAILED');
    expect(o.steps.d?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(o.steps.d?.attempts).toBe(1);
    const started = await h.engine.startRun({ workflowId: 'wf', inputs: { x: nest(5000) } });
    expect(started).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    h.runner.on('ok@1', () => ({ ok: true, output: nest(MAX_DATA_DEPTH) }));
    expect((await h.run(workflow([step('k', 'ok@1')], { id: 'fine' }))).run.status).toBe('SUCCESS');
  });

  it('a transform output nested deeper than the limit fails LIMIT_EXCEEDED', async () => {
    const h = harness();
    const deep = (n: number) =>
      `($f := function($n) { $n = 0 ? 1 : { 'a': { 'b': { 'c': $f($n - 1) } } } }; $f(${n}))`;
    const o = await h.run(workflow([tf('t', deep(50)), tf('ok', deep(40))]));
    expect(o.steps.t?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(o.steps.ok?.status).toBe('SUCCESS');
  });

  it('a commit that fails every time is tried again once per lease period', async () => {
    const h = harness({ leaseMs: 10_000 });
    let calls = 0;
    h.runner.on('poison@1', () => (calls++, { ok: true, output: 'x' }));
    const commit = h.store.commit.bind(h.store);
    let failed = 0;
    h.store.commit = async (c: Commit) => {
      if (c.events?.some((e) => e.type === 'step.succeeded' && e.stepId === 'p')) {
        failed++;
        throw new RangeError('Maximum call stack size exceeded');
      }
      return commit(c);
    };
    await h.start(workflow([step('p', 'poison@1')]));
    await h.clock.advanceAsync(0);
    await realTurns(300); // room for a tight loop to show itself
    expect(failed).toBe(1);
    expect(calls).toBe(1);
    for (let i = 0; i < 3; i++) {
      await h.clock.advanceAsync(61_000); // the lease expires; the next poll (60 s) takes the run again
      await realTurns(50);
    }
    expect(failed).toBeGreaterThanOrEqual(2);
    expect(failed).toBeLessThanOrEqual(4);
    expect(h.logs.some((l) => l.includes('commit failed: RangeError'))).toBe(true);
    await h.engine.stop();
  });
});
