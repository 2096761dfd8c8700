import { describe, expect, it } from 'vitest';
import type { RunId } from './ports';
import { stepTestOf } from './step-test';
import { harness, statuses, step, tf, workflow } from './testing/helpers';

describe('Engine.testStep (test one step)', () => {
  const w = workflow(
    [
      tf('a', '"A"'),
      step('b', 'echo@1', { needs: ['a'], with: { text: '${{ steps.a.output }}' } }),
      tf('c', 'steps.b.output.text & "!"', { needs: ['b'] }),
      tf('other', '"O"'),
    ],
    { outputs: { c: '${{ steps.c.output }}' } },
  );

  function echoing(h: ReturnType<typeof harness>): void {
    h.runner.on('echo@1', (call) => ({ ok: true, output: { text: call.with.text } }));
  }

  it('runs only the step, with the upstream outputs recorded in the run and the edited input', async () => {
    const h = harness();
    echoing(h);
    const first = await h.run(w);
    expect(first.run.status).toBe('SUCCESS');
    const calls = h.runner.calls.length;

    const r = await h.engine.testStep({ runId: first.run.id, stepId: 'b', input: { text: 'edited' } });
    if (!r.ok) throw new Error(r.error.message);
    const run = await h.engine.waitForRun(r.value.runId);
    const o = await h.outcome(r.value.runId);
    expect(run.status).toBe('SUCCESS');
    expect(run.outputs).toEqual({});
    expect(o.steps.b).toMatchObject({
      status: 'SUCCESS',
      input: { text: 'edited' },
      output: { text: 'edited' },
    });
    // upstream copied, downstream and unrelated steps did not run
    expect(statuses(o)).toEqual({ a: 'SUCCESS', b: 'SUCCESS', c: 'SKIPPED', other: 'SKIPPED' });
    expect(h.runner.calls.length).toBe(calls + 1);
    expect(stepTestOf(run.trigger)).toMatchObject({
      runId: first.run.id,
      stepId: 'b',
      original: { type: 'manual' },
    });
    const events = await h.store.listEvents(r.value.runId, 0, 1000);
    const started = events.filter((e) => e.type === 'step.started').map((e) => e.stepId);
    expect(started).toEqual(['b']);
  });

  it('without an input, resolves the step from the recorded upstream outputs', async () => {
    const h = harness();
    echoing(h);
    const first = await h.run(w);
    const r = await h.engine.testStep({ runId: first.run.id, stepId: 'c' });
    if (!r.ok) throw new Error(r.error.message);
    await h.engine.waitForRun(r.value.runId);
    const o = await h.outcome(r.value.runId);
    expect(o.steps.c).toMatchObject({ status: 'SUCCESS', output: 'A!' });
    expect(o.steps.b).toMatchObject({ status: 'SUCCESS', output: { text: 'A' } });
  });

  it('ends FAILED with the step error when the step fails, and still starts nothing else', async () => {
    const h = harness();
    echoing(h);
    const first = await h.run(w);
    h.runner.on('echo@1', () => ({ ok: false, error: { code: 'HTTP_ERROR', message: 'boom' } }));
    const r = await h.engine.testStep({ runId: first.run.id, stepId: 'b', input: { text: 'x' } });
    if (!r.ok) throw new Error(r.error.message);
    const run = await h.engine.waitForRun(r.value.runId);
    expect(run.status).toBe('FAILED');
    expect(run.error).toEqual({ code: 'HTTP_ERROR', message: 'step "b" failed: boom' });
    expect(statuses(await h.outcome(r.value.runId))).toMatchObject({ c: 'SKIPPED', other: 'SKIPPED' });
  });

  it('refuses an unknown run or step, a foreach with an input, and unfinished upstream steps', async () => {
    const h = harness();
    echoing(h);
    const first = await h.run(w);
    expect(await h.engine.testStep({ runId: 'nope' as RunId, stepId: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await h.engine.testStep({ runId: first.run.id, stepId: 'zz' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: `run ${first.run.id} has no step "zz"` },
    });
    const each = workflow(
      [tf('a', '[1,2]'), tf('e', 'item', { foreach: '${{ steps.a.output }}', needs: ['a'] })],
      {
        id: 'each',
      },
    );
    const ran = await h.run(each);
    expect(await h.engine.testStep({ runId: ran.run.id, stepId: 'e', input: { x: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // a paused run: `b` never finished, so `c` cannot be tested yet
    const paused = await h.start(w, {}, { debug: { stepMode: false, breakpoints: [{ stepId: 'b' }] } });
    await h.clock.advanceAsync(0);
    expect((await h.outcome(paused)).steps.b?.waitReason).toBe('breakpoint');
    const refused = await h.engine.testStep({ runId: paused, stepId: 'c' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!refused.ok) expect(refused.error.message).toContain('needs "b", which has not finished');
    // the paused step itself can be tested (its upstream finished), with the input it is about to get
    const ok = await h.engine.testStep({ runId: paused, stepId: 'b' });
    if (!ok.ok) throw new Error(ok.error.message);
    expect((await h.engine.waitForRun(ok.value.runId)).status).toBe('SUCCESS');
    expect((await h.outcome(ok.value.runId)).steps.b?.output).toEqual({ text: 'A' });
  });
});
