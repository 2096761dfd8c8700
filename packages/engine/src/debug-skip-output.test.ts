import { describe, expect, it } from 'vitest';
import { replay } from './run-state';
import { harness, statuses, tf, workflow } from './testing/helpers';

describe('debugger: skip with an output, and conditions that do not parse', () => {
  it('skip with an output ends the step SUCCESS with it, and downstream steps see it', async () => {
    const h = harness();
    const w = workflow(
      [
        tf('a', '1'),
        tf('b', 'steps.a.output + 1', { needs: ['a'] }),
        tf('c', 'steps.b.output.n * 2', { needs: ['b'] }),
      ],
      { outputs: { c: '${{ steps.c.output }}' } },
    );
    const id = await h.start(w, {}, { debug: { stepMode: false, breakpoints: [{ stepId: 'b' }] } });
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.b?.waitReason).toBe('breakpoint');
    await h.engine.debug(id, 'b', 'skip', undefined, { n: 21 });
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('SUCCESS');
    expect(run.outputs).toEqual({ c: 42 });
    const o = await h.outcome(id);
    expect(statuses(o)).toEqual({ a: 'SUCCESS', b: 'SUCCESS', c: 'SUCCESS' });
    expect(o.steps.b?.output).toEqual({ n: 21 });
    const events = await h.store.listEvents(id, 0, 1000);
    expect(events.find((e) => e.type === 'debug.command')?.data).toEqual({
      action: 'skip',
      output: { n: 21 },
    });
    expect(replay(events).steps.b?.output).toEqual({ n: 21 });
  });

  it('skip without an output still ends the step SKIPPED', async () => {
    const h = harness();
    const w = workflow([tf('a', '1'), tf('b', '2', { needs: ['a'] })]);
    const id = await h.start(w, {}, { debug: { stepMode: false, breakpoints: [{ stepId: 'b' }] } });
    await h.clock.advanceAsync(0);
    await h.engine.debug(id, 'b', 'skip');
    await h.engine.waitForRun(id);
    expect((await h.outcome(id)).steps.b?.status).toBe('SKIPPED');
  });

  it('refuses a breakpoint condition that is not valid JSONata, naming the step', async () => {
    const h = harness();
    const w = workflow([tf('a', '1')]);
    h.library.add(w);
    const r = await h.engine.startRun({
      workflowId: 'wf',
      debug: { stepMode: false, breakpoints: [{ stepId: 'a', condition: 'n > (' }] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(
        /^breakpoint on "a": the condition is not valid JSONata: .+ \(at character \d+\)$/,
      );
    }
    const ok = await h.engine.startRun({
      workflowId: 'wf',
      debug: { stepMode: false, breakpoints: [{ stepId: 'a', condition: '${{ n > 1 }}' }] },
    });
    expect(ok.ok).toBe(true);
  });
});
