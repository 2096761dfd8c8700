import { describe, expect, it } from 'vitest';
import type { BlockResult } from './ports';
import { deferred, harness, step, tf, workflow } from './testing/helpers';
import type { Deferred } from './testing/helpers';

describe('§6.6 foreach', () => {
  it('outputs results in item order whatever order items finished in, with `concurrency` items in flight', async () => {
    const h = harness();
    const pending: Deferred<BlockResult>[] = [];
    let inFlight = 0;
    let most = 0;
    h.runner.on('sq@1', () => {
      inFlight++;
      most = Math.max(most, inFlight);
      const d = deferred<BlockResult>();
      pending.push(d);
      return d.promise.then((r) => {
        inFlight--;
        return r;
      });
    });
    const id = await h.start(
      workflow([
        tf('list', '[1,2,3,4]'),
        step('each', 'sq@1', {
          needs: ['list'],
          foreach: 'steps.list.output',
          concurrency: 2,
          with: { n: '${{ item * 10 }}', i: '${{ index }}' },
        }),
      ]),
    );
    await h.clock.advanceAsync(0);
    expect(pending.length).toBe(2);
    // finish the second item first
    pending[1]?.resolve({ ok: true, output: 'r1' });
    await h.clock.advanceAsync(0);
    pending[0]?.resolve({ ok: true, output: 'r0' });
    await h.clock.advanceAsync(0);
    pending[3]?.resolve({ ok: true, output: 'r3' });
    pending[2]?.resolve({ ok: true, output: 'r2' });
    await h.engine.waitForRun(id);
    const o = await h.outcome(id);
    expect(o.steps.each?.output).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(most).toBe(2);
    expect(h.runner.calls.map((c) => c.with)).toEqual([
      { n: 10, i: 0 },
      { n: 20, i: 1 },
      { n: 30, i: 2 },
      { n: 40, i: 3 },
    ]);
    expect(h.runner.calls[2]?.context.idempotencyKey).toBe(`${id}:each:2:1`);
  });

  it('an empty array gives SUCCESS with []', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('each', 'item', { foreach: '[]' })]));
    expect(o.steps.each?.status).toBe('SUCCESS');
    expect(o.steps.each?.output).toEqual([]);
  });

  it('a foreach that does not give an array fails with FOREACH_NOT_ARRAY', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('each', 'item', { foreach: '"text"' })]));
    expect(o.steps.each?.error?.code).toBe('FOREACH_NOT_ARRAY');
  });

  it('one item failing fails the step and items not started are not started', async () => {
    const h = harness();
    h.runner.on('it@1', (c) =>
      c.with.n === 2
        ? { ok: false, error: { code: 'BLOCK_ERROR', message: 'bad item' } }
        : { ok: true, output: c.with.n },
    );
    const o = await h.run(
      workflow([step('each', 'it@1', { foreach: '[1,2,3,4]', with: { n: '${{ item }}' } })]),
    );
    expect(o.steps.each?.status).toBe('FAILED');
    expect(o.steps.each?.error?.message).toBe('item 1: bad item');
    expect(h.runner.calls.map((c) => c.with.n)).toEqual([1, 2]);
  });

  it('transform runs per item with `item` and `index`', async () => {
    const h = harness();
    const o = await h.run(
      workflow([tf('each', 'item.name & "#" & $string(index)', { foreach: '[{"name":"a"},{"name":"b"}]' })]),
    );
    expect(o.steps.each?.output).toEqual(['a#0', 'b#1']);
  });
});

describe('repeat', () => {
  it('runs again until `until` over `output` is true, exposing `iteration`', async () => {
    const h = harness();
    const o = await h.run(
      workflow([tf('r', 'iteration * 2', { repeat: { until: 'output >= 6', max: 10 } })]),
    );
    expect(o.steps.r?.status).toBe('SUCCESS');
    expect(o.steps.r?.output).toBe(6);
  });

  it('waits `delay` between iterations', async () => {
    const h = harness();
    h.runner.on('poll@1', (c) => ({
      ok: true,
      output: { ready: h.runner.calls.length >= 3, attempt: c.context.attempt },
    }));
    const id = await h.start(
      workflow([step('p', 'poll@1', { repeat: { until: 'output.ready', max: 5, delayMs: 60_000 } })]),
    );
    await h.clock.advanceAsync(0);
    expect(h.runner.calls.length).toBe(1);
    expect((await h.outcome(id)).steps.p?.waitReason).toBe('repeat');
    await h.clock.advanceAsync(60_000);
    expect(h.runner.calls.length).toBe(2);
    await h.clock.advanceAsync(60_000);
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
    expect(h.runner.calls.length).toBe(3);
  });

  it('fails with REPEAT_LIMIT when max is reached', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('r', 'iteration', { repeat: { until: 'false', max: 3 } })]));
    expect(o.steps.r?.error?.code).toBe('REPEAT_LIMIT');
    expect(o.steps.r?.output).toBe(2); // the last iteration that asked for another
  });
});

describe('foreach items in the event log (the per-iteration view)', () => {
  it('records each item’s resolved input with its outcome, and the item whose last attempt failed', async () => {
    const h = harness();
    h.runner.on('pick@1', (c) =>
      c.with.n === 2
        ? { ok: false, error: { code: 'BLOCK_ERROR', message: 'two is bad' } }
        : { ok: true, output: (c.with.n as number) * 10 },
    );
    const id = await h.start(
      workflow([step('each', 'pick@1', { foreach: '[1, 2, 3]', with: { n: '${{ item }}' } })]),
    );
    await h.engine.waitForRun(id);
    const events = (await h.store.listEvents(id, 0, 1000)).filter((e) => e.stepId === 'each');
    const data = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
    expect(data('step.item.finished')).toEqual([{ index: 0, output: 10, attempts: 1, input: { n: 1 } }]);
    expect(data('step.attempt.failed')).toEqual([
      { attempt: 1, index: 1, input: { n: 2 }, error: { code: 'BLOCK_ERROR', message: 'two is bad' } },
    ]);
    const o = await h.outcome(id);
    expect(o.steps.each?.status).toBe('FAILED');
    expect(o.steps.each?.error?.message).toBe('item 1: two is bad');
  });
});
