import { describe, expect, it } from 'vitest';
import { harness, statuses, step, tf, workflow } from './testing/helpers';

describe('§7 built-ins', () => {
  it('transform: evaluates JSONata over the input document plus `input`', async () => {
    const h = harness();
    const o = await h.run(
      workflow(
        [tf('t', '$sum(input.xs) + inputs.k + vars.v', { with: { input: { xs: '${{ [1,2,3] }}' } } })],
        {
          inputs: { k: { type: 'integer', required: false, default: 10 } },
          vars: { v: 100 },
        },
      ),
    );
    expect(o.steps.t?.output).toBe(116);
  });

  it('transform: an error (including $error()) is EXPRESSION_ERROR and is not retried', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        tf('t', '${{ $error("custom") }}', {
          retry: { attempts: 3, backoff: 'fixed', delayMs: 1, jitter: false },
        }),
      ]),
    );
    expect(o.steps.t?.error?.code).toBe('EXPRESSION_ERROR');
    expect(o.steps.t?.error?.message).toContain('custom');
    expect(o.steps.t?.attempts).toBe(1);
  });

  it('if: chooses port then/else, output { value }', async () => {
    const h = harness();
    const o = await h.run(
      workflow([step('c', 'if', { with: { condition: 'inputs.n > 1' } })], {
        inputs: { n: { type: 'number', required: true } },
      }),
      { n: 5 },
    );
    expect(o.steps.c?.port).toBe('then');
    expect(o.steps.c?.output).toEqual({ value: true });
  });

  it('switch: port named like the first equal case, else default', async () => {
    const h = harness();
    const w = workflow(
      [
        step('s', 'switch', { with: { value: '${{ inputs.v }}', cases: ['red', 'green'] } }),
        tf('g', '1', { needs: ['s.green'] }),
        tf('d', '1', { needs: ['s.default'] }),
      ],
      { inputs: { v: { type: 'string', required: true } } },
    );
    const green = await h.run(w, { v: 'green' });
    expect(green.steps.s?.port).toBe('green');
    expect(statuses(green)).toMatchObject({ g: 'SUCCESS', d: 'SKIPPED' });
    const other = await h.run(w, { v: 'blue' });
    expect(other.steps.s?.port).toBe('default');
    expect(other.steps.s?.output).toEqual({ value: 'blue' });
  });

  it('fail: always FAILED with the message and code (default BLOCK_ERROR)', async () => {
    const h = harness();
    const a = await h.run(
      workflow([step('f', 'fail', { with: { message: 'no ${{ "way" }}' } })], { id: 'a' }),
    );
    expect(a.steps.f?.error).toEqual({ code: 'BLOCK_ERROR', message: 'no way', retryable: false });
    const b = await h.run(
      workflow([step('f', 'fail', { with: { message: 'bad', code: 'INVALID_INPUT' } })], { id: 'b' }),
    );
    expect(b.steps.f?.error?.code).toBe('INVALID_INPUT');
  });

  it('code and name@N blocks go to the BlockRunner with resolved inputs, context and permissions', async () => {
    const h = harness();
    h.runner.on('code', (c) => ({ ok: true, output: { got: c.with.input } }));
    const o = await h.run(
      workflow(
        [step('c', 'code', { with: { source: 'export default (i) => i', input: '${{ {"a": 1} }}' } })],
        { permissions: { network: ['api.example.com'], sql: ['shop'] } },
      ),
    );
    expect(o.steps.c?.output).toEqual({ got: { a: 1 } });
    expect(h.runner.calls[0]?.permissions).toEqual({ network: ['api.example.com'], sql: ['shop'] });
    expect(h.runner.calls[0]?.uses).toBe('code');
    // storage@1 scopes its objects by this id.
    expect(h.runner.calls[0]?.workflowId).toBe('wf');
  });

  it('an unknown block fails with the runner error (BLOCK_NOT_FOUND)', async () => {
    const h = harness();
    const o = await h.run(workflow([step('x', 'nope@1')]));
    expect(o.steps.x?.error?.code).toBe('BLOCK_NOT_FOUND');
  });

  it('wait: WAITING for `duration`, then SUCCESS; `until` waits for an ISO time', async () => {
    const h = harness();
    const id = await h.start(
      workflow([step('w', 'wait', { with: { duration: '1h' } }), tf('after', '1', { needs: ['w'] })]),
    );
    await h.clock.advanceAsync(0);
    let o = await h.outcome(id);
    expect(o.run.status).toBe('WAITING');
    expect(o.steps.w?.status).toBe('WAITING');
    expect(o.steps.w?.waitReason).toBe('wait');
    await h.clock.advanceAsync(3_600_000 - 1);
    expect((await h.outcome(id)).steps.w?.status).toBe('WAITING');
    await h.clock.advanceAsync(1);
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(statuses(o)).toEqual({ w: 'SUCCESS', after: 'SUCCESS' });

    const until = new Date(h.clock.now() + 5000).toISOString();
    const id2 = await h.start(workflow([step('w', 'wait', { with: { until } })], { id: 'w2' }));
    await h.clock.advanceAsync(5000);
    expect((await h.engine.waitForRun(id2)).status).toBe('SUCCESS');
  });

  it('approval: WAITING until approved; port approved; output { approved, by, comment, at }', async () => {
    const h = harness();
    const w = workflow([
      step('ok', 'approval', { with: { message: 'ship it?' } }),
      tf('yes', '1', { needs: ['ok.approved'] }),
      tf('no', '1', { needs: ['ok.rejected'] }),
    ]);
    const id = await h.start(w);
    await h.clock.advanceAsync(0);
    let o = await h.outcome(id);
    expect(o.steps.ok?.waitReason).toBe('approval');
    expect(o.run.status).toBe('WAITING');
    const r = await h.engine.decideApproval(id, 'ok', { approved: true, by: 'ana', comment: 'go' });
    expect(r.ok).toBe(true);
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(o.steps.ok?.output).toEqual({
      approved: true,
      by: 'ana',
      comment: 'go',
      at: new Date(h.clock.now()).toISOString(),
    });
    expect(statuses(o)).toEqual({ ok: 'SUCCESS', yes: 'SUCCESS', no: 'SKIPPED' });

    const id2 = await h.start(w);
    await h.clock.advanceAsync(0);
    await h.engine.decideApproval(id2, 'ok', { approved: false, by: 'bo' });
    await h.engine.waitForRun(id2);
    const o2 = await h.outcome(id2);
    expect(o2.steps.ok?.port).toBe('rejected');
    expect(statuses(o2)).toEqual({ ok: 'SUCCESS', yes: 'SKIPPED', no: 'SUCCESS' });
  });

  it('workflow: runs a child run; output = its outputs; its failure fails the step', async () => {
    const h = harness();
    h.library.add(
      workflow([tf('double', 'inputs.n * 2')], {
        id: 'child',
        inputs: { n: { type: 'number', required: true } },
        outputs: { result: '${{ steps.double.output }}' },
      }),
    );
    h.library.add(workflow([step('f', 'fail', { with: { message: 'child broke' } })], { id: 'broken' }));
    const o = await h.run(
      workflow([step('c', 'workflow', { with: { id: 'child', inputs: { n: 21 } } })], { id: 'parent' }),
    );
    expect(o.steps.c?.output).toEqual({ result: 42 });
    const kids = await h.store.listChildRuns(o.run.id);
    expect(kids.map((k) => k.status)).toEqual(['SUCCESS']);
    const bad = await h.run(workflow([step('c', 'workflow', { with: { id: 'broken' } })], { id: 'parent2' }));
    expect(bad.steps.c?.status).toBe('FAILED');
    expect(bad.steps.c?.error?.message).toContain('child broke');
    const missing = await h.run(
      workflow([step('c', 'workflow', { with: { id: 'child', inputs: { n: 'x' } } })], { id: 'parent3' }),
    );
    expect(missing.steps.c?.error?.code).toBe('INVALID_INPUT');
  });

  it('workflow: cancelling the parent cancels the child', async () => {
    const h = harness();
    h.library.add(workflow([step('hold', 'approval', { with: { message: 'wait' } })], { id: 'child' }));
    const id = await h.start(workflow([step('c', 'workflow', { with: { id: 'child' } })], { id: 'parent' }));
    await h.clock.advanceAsync(0);
    const [kid] = await h.store.listChildRuns(id);
    expect(kid?.status).toBe('WAITING');
    await h.engine.cancel(id, 'me');
    await h.engine.waitForRun(id);
    const child = await h.engine.waitForRun(kid!.id);
    expect(child.status).toBe('CANCELLED');
    expect((await h.outcome(id)).run.status).toBe('CANCELLED');
  });
});
