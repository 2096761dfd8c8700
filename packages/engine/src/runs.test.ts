import { describe, expect, it } from 'vitest';
import type { BlockResult, RunId } from './ports';
import { deferred, harness, step, tf, workflow } from './testing/helpers';
import type { Deferred } from './testing/helpers';

describe('run inputs', () => {
  const w = workflow([tf('t', 'inputs')], {
    inputs: {
      repo: { type: 'string', required: true },
      limit: { type: 'integer', required: false, default: 10 },
      mode: { type: 'string', required: false, enum: ['a', 'b'] },
    },
  });

  it('rejects a bad input with a message naming it, and creates no run', async () => {
    const h = harness();
    h.library.add(w);
    const missing = await h.engine.startRun({ workflowId: 'wf', inputs: {} });
    expect(missing).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: "input 'repo' is required" },
    });
    const wrong = await h.engine.startRun({
      workflowId: 'wf',
      inputs: { repo: 'x', limit: 1.5, mode: 'c', extra: 1 },
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.message).toContain("input 'limit' must be an integer, not 1.5");
      expect(wrong.error.message).toContain(`input 'mode' must be one of "a", "b", not "c"`);
      expect(wrong.error.message).toContain("unknown input 'extra'");
    }
    expect(await h.store.getRun('run-1' as RunId)).toBeUndefined();
  });

  it('applies defaults', async () => {
    const h = harness();
    const o = await h.run(w, { repo: 'a/b' });
    expect(o.run.inputs).toEqual({ repo: 'a/b', limit: 10 });
    expect(o.steps.t?.output).toEqual({ repo: 'a/b', limit: 10 });
  });

  it('answers an unknown workflow with WORKFLOW_NOT_FOUND', async () => {
    const h = harness();
    const r = await h.engine.startRun({ workflowId: 'ghost' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('returns the existing run for a repeated idempotency key', async () => {
    const h = harness();
    h.library.add(w);
    const a = await h.engine.startRun({ workflowId: 'wf', inputs: { repo: 'x' }, idempotencyKey: 'k1' });
    const b = await h.engine.startRun({ workflowId: 'wf', inputs: { repo: 'x' }, idempotencyKey: 'k1' });
    expect(a.ok && b.ok && a.value.runId === b.value.runId && b.value.created === false).toBe(true);
  });
});

describe('§6.8 workflow concurrency and server-wide limits', () => {
  it('later runs wait QUEUED, and start in creation order', async () => {
    const h = harness();
    const w = workflow([step('hold', 'approval', { with: { message: 'm' } })], { concurrency: 1 });
    const a = await h.start(w);
    const b = await h.start(w);
    const c = await h.start(w);
    await h.clock.advanceAsync(0);
    expect((await h.store.getRun(a))?.status).toBe('WAITING');
    expect((await h.store.getRun(b))?.status).toBe('QUEUED');
    expect((await h.store.getRun(c))?.status).toBe('QUEUED');
    await h.engine.decideApproval(a, 'hold', { approved: true });
    await h.engine.waitForRun(a);
    await h.clock.advanceAsync(0);
    expect((await h.store.getRun(b))?.status).toBe('WAITING');
    expect((await h.store.getRun(c))?.status).toBe('QUEUED');
  });

  it('maxRunningSteps bounds block calls in flight across runs', async () => {
    const h = harness({ maxRunningSteps: 2 });
    const pending: Deferred<BlockResult>[] = [];
    h.runner.on('slow@1', () => {
      const d = deferred<BlockResult>();
      pending.push(d);
      return d.promise;
    });
    const w = workflow([step('a', 'slow@1'), step('b', 'slow@1'), step('c', 'slow@1')]);
    const id = await h.start(w);
    await h.clock.advanceAsync(0);
    expect(pending.length).toBe(2);
    expect((await h.outcome(id)).steps.c?.status).toBe('PENDING');
    pending[0]?.resolve({ ok: true, output: 1 });
    await h.clock.advanceAsync(0);
    expect(pending.length).toBe(3);
    pending[1]?.resolve({ ok: true, output: 1 });
    pending[2]?.resolve({ ok: true, output: 1 });
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
  });

  it('maxRunningRuns keeps further runs QUEUED until a slot frees', async () => {
    const h = harness({ maxRunningRuns: 1 });
    const gate = deferred<BlockResult>();
    h.runner.on('slow@1', () => gate.promise);
    const w = workflow([step('a', 'slow@1')]);
    const a = await h.start(w);
    const b = await h.start(w);
    await h.clock.advanceAsync(0);
    expect((await h.store.getRun(b))?.status).toBe('QUEUED');
    gate.resolve({ ok: true, output: 1 });
    await h.engine.waitForRun(a);
    expect((await h.engine.waitForRun(b)).status).toBe('SUCCESS');
  });
});

describe('§6.11 cancellation', () => {
  it('ends every non-terminal step CANCELLED and the run CANCELLED; running blocks see the abort', async () => {
    const h = harness();
    const gate = deferred<BlockResult>();
    h.runner.on('slow@1', () => gate.promise);
    const id = await h.start(workflow([step('a', 'slow@1'), tf('b', '1', { needs: ['a'] }), tf('c', '1')]));
    await h.clock.advanceAsync(0);
    await h.engine.cancel(id, 'ops');
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('CANCELLED');
    expect(run.error).toEqual({ code: 'CANCELLED', message: 'cancelled by ops' });
    const o = await h.outcome(id);
    expect(o.steps.a?.status).toBe('CANCELLED');
    expect(o.steps.b?.status).toBe('CANCELLED');
    expect(o.steps.c?.status).toBe('SUCCESS');
    expect(h.runner.calls[0]?.signal.aborted).toBe(true);
    gate.resolve({ ok: true, output: 'late' });
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.a?.status).toBe('CANCELLED');
  });

  it('cancels a run that is waiting on a timer, and an unknown run is NOT_FOUND', async () => {
    const h = harness();
    const id = await h.start(workflow([step('w', 'wait', { with: { duration: '1d' } })]));
    await h.clock.advanceAsync(0);
    await h.engine.cancel(id);
    expect((await h.engine.waitForRun(id)).status).toBe('CANCELLED');
    const r = await h.engine.cancel('nope' as RunId);
    expect(r.ok).toBe(false);
  });
});

describe('expressions and secrets', () => {
  it('templates: one ${{ }} keeps its type; mixed text gives a string (null as "", others as JSON)', async () => {
    const h = harness();
    h.runner.on('echo@1', (c) => ({ ok: true, output: c.with }));
    const o = await h.run(
      workflow([
        step('e', 'echo@1', {
          with: {
            n: '${{ 1 + 1 }}',
            o: '${{ {"a": [1]} }}',
            nul: '${{ null }}',
            s: 'x=${{ {"a":1} }} y=${{ null }} z=${{ "t" }}',
          },
        }),
      ]),
    );
    expect(o.steps.e?.output).toEqual({ n: 2, o: { a: [1] }, nul: null, s: 'x={"a":1} y= z=t' });
  });

  it('bounds evaluation: runaway recursion fails with EXPRESSION_ERROR instead of hanging', async () => {
    const h = harness({ expressionLimits: { maxSteps: 10_000, maxDepth: 100 } });
    const o = await h.run(
      workflow(
        [
          tf('loop', '($f := function($n){ $f($n + 1) }; $f(0))'),
          tf('deep', '($f := function($n){ 1 + $f($n + 1) }; $f(0))'),
        ],
        { failFast: false },
      ),
    );
    expect(o.steps.loop?.error?.code).toBe('EXPRESSION_ERROR');
    expect(o.steps.loop?.error?.message).toContain('10000 steps');
    expect(o.steps.deep?.error?.message).toContain('deeper than 100');
  });

  it('resolves secrets only when referenced and masks them in events, inputs, outputs and logs', async () => {
    const asked: string[] = [];
    const h = harness({
      secrets: { get: async (n) => (asked.push(n), n === 'TOKEN' ? 's3cr3t-value' : undefined) },
    });
    h.runner.on('echo@1', (c) => {
      c.log('info', `using ${String(c.with.auth)}`);
      return { ok: true, output: { echoed: c.with.auth } };
    });
    const o = await h.run(
      workflow([step('e', 'echo@1', { with: { auth: 'Bearer ${{ secrets.TOKEN }}' } })], {
        outputs: { o: '${{ steps.e.output.echoed }}' },
      }),
    );
    expect(h.runner.calls[0]?.with.auth).toBe('Bearer s3cr3t-value');
    expect(asked).toEqual(['TOKEN']);
    expect(o.steps.e?.input).toEqual({ auth: 'Bearer ***' });
    expect(o.steps.e?.output).toEqual({ echoed: 'Bearer ***' });
    expect(o.run.outputs).toEqual({ o: 'Bearer ***' });
    const events = await h.store.listEvents(o.run.id, 0, 1000);
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
    expect(events.some((e) => e.type === 'step.log' && e.data.message === 'using Bearer ***')).toBe(true);
  });

  it('a missing secret fails the step with SECRET_NOT_FOUND naming it', async () => {
    const h = harness({ secrets: { get: async () => undefined } });
    const o = await h.run(workflow([tf('t', 'secrets.NOPE')]));
    expect(o.steps.t?.error).toEqual({ code: 'SECRET_NOT_FOUND', message: 'secret "NOPE" not found' });
  });
});
