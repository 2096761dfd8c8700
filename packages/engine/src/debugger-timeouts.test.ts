import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY, ReplayCursor } from './replay';
import type { RunEvent, RunId } from './ports';
import { replay } from './run-state';
import { harness, step, tf, workflow } from './testing/helpers';

describe('§5 timeout applies to every built-in', () => {
  it('a wait longer than its timeout fails with TIMEOUT at the timeout', async () => {
    const h = harness();
    const id = await h.start(workflow([step('w', 'wait', { with: { duration: '10s' }, timeoutMs: 200 })]));
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.w?.status).toBe('WAITING');
    await h.clock.advanceAsync(200);
    await h.engine.waitForRun(id);
    const o = await h.outcome(id);
    expect(o.run.status).toBe('FAILED');
    expect(o.steps.w?.status).toBe('FAILED');
    expect(o.steps.w?.error?.code).toBe('TIMEOUT');
    expect((o.steps.w?.finishedAt ?? 0) - (o.steps.w?.startedAt ?? 0)).toBe(200);
  });

  it('a wait shorter than its timeout succeeds', async () => {
    const h = harness();
    const id = await h.start(workflow([step('w', 'wait', { with: { duration: '100ms' }, timeoutMs: 200 })]));
    await h.clock.advanceAsync(100);
    await h.engine.waitForRun(id);
    expect((await h.outcome(id)).run.status).toBe('SUCCESS');
  });

  it('an approval nobody decides times out (per attempt, retried like any TIMEOUT)', async () => {
    const h = harness();
    const id = await h.start(
      workflow([
        step('ok', 'approval', {
          with: { message: 'go?' },
          timeoutMs: 1000,
          retry: { attempts: 2, backoff: 'fixed', delayMs: 10, jitter: false },
        }),
      ]),
    );
    await h.clock.advanceAsync(1000);
    let o = await h.outcome(id);
    expect(o.steps.ok?.waitReason).toBe('retry');
    expect(o.steps.ok?.error?.code).toBe('TIMEOUT');
    await h.clock.advanceAsync(10);
    o = await h.outcome(id);
    expect(o.steps.ok?.waitReason).toBe('approval');
    expect(o.steps.ok?.attempts).toBe(2);
    await h.clock.advanceAsync(1000);
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(o.steps.ok?.status).toBe('FAILED');
    expect(o.steps.ok?.error?.code).toBe('TIMEOUT');
    const events = await h.store.listEvents(id, 0, 1000);
    expect(JSON.parse(JSON.stringify(replay(events).steps))).toEqual(JSON.parse(JSON.stringify(o.steps)));
  });

  it('an approval decided before its timeout is not failed later', async () => {
    const h = harness();
    const id = await h.start(
      workflow([step('ok', 'approval', { with: { message: 'go?' }, timeoutMs: 1000 })]),
    );
    await h.clock.advanceAsync(10);
    await h.engine.decideApproval(id, 'ok', { approved: true, by: 'me' });
    await h.engine.waitForRun(id);
    await h.clock.advanceAsync(2000);
    expect((await h.outcome(id)).run.status).toBe('SUCCESS');
  });

  it('the timeout of a waiting approval survives a restart', async () => {
    const h = harness();
    const w = workflow([step('ok', 'approval', { with: { message: 'go?' }, timeoutMs: 5000 })]);
    const id = await h.start(w);
    await h.clock.advanceAsync(10);
    await h.engine.stop();
    const { Engine } = await import('./engine');
    const b = new Engine({
      store: h.store,
      clock: h.clock,
      runner: h.runner,
      workflows: h.library,
      owner: 'B',
      pollMs: 1000,
      leaseMs: 100,
    });
    b.start();
    await h.clock.advanceAsync(6000);
    await b.waitForRun(id);
    expect((await h.outcome(id)).steps.ok?.error?.code).toBe('TIMEOUT');
    await b.stop();
  });
});

describe('breakpoint conditions', () => {
  it('see the run context (inputs, steps) beside the resolved inputs', async () => {
    const h = harness();
    const w = workflow([tf('a', '41'), tf('b', '$$.steps.a.output + 1', { needs: ['a'] })], {
      inputs: { go: { type: 'boolean', required: false } },
    });
    const debug = {
      stepMode: false,
      breakpoints: [{ stepId: 'b', condition: 'steps.a.output = 41 and inputs.go' }],
    };
    const no = await h.start(w, { go: false }, { debug });
    await h.engine.waitForRun(no);
    const yes = await h.start(w, { go: true }, { debug });
    await h.clock.advanceAsync(0);
    const o = await h.outcome(yes);
    expect(o.steps.b?.waitReason).toBe('breakpoint');
    const ev = (await h.store.listEvents(yes, 0, 100)).find((e) => e.type === 'step.waiting');
    expect(ev?.data.cause).toBe('condition');
  });

  it('on a foreach, pause on the first item where the condition holds; an edited input replaces that item', async () => {
    const h = harness();
    const w = workflow([
      tf('each', 'input * 10', {
        foreach: '[1,2,3]',
        with: { expression: 'input * 10', input: '${{ item }}' },
      }),
    ]);
    const debug = { stepMode: false, breakpoints: [{ stepId: 'each', condition: 'item = 2' }] };
    const id = await h.start(w, {}, { debug });
    await h.clock.advanceAsync(0);
    const ev = (await h.store.listEvents(id, 0, 100)).find((e) => e.type === 'step.waiting');
    expect(ev?.data).toMatchObject({ reason: 'breakpoint', index: 1, item: 2, input: { input: 2 } });
    await h.engine.debug(id, 'each', 'continue', { expression: 'input * 10', input: 7 });
    await h.engine.waitForRun(id);
    expect((await h.outcome(id)).steps.each?.output).toEqual([10, 70, 30]);
  });

  it('on a foreach where no item matches, the step does not pause', async () => {
    const h = harness();
    const w = workflow([tf('each', 'item', { foreach: '[1,2,3]' })]);
    const id = await h.start(
      w,
      {},
      { debug: { stepMode: false, breakpoints: [{ stepId: 'each', condition: 'item = 9' }] } },
    );
    await h.engine.waitForRun(id);
    expect((await h.outcome(id)).run.status).toBe('SUCCESS');
  });
});

describe('ReplayCursor (checkpointed replay)', () => {
  const events = (n: number): RunEvent[] => {
    const out: RunEvent[] = [
      {
        runId: 'r' as RunId,
        seq: 1,
        at: 0,
        type: 'run.created',
        data: { workflowId: 'w', workflowVersion: 1, inputs: {} },
      },
      {
        runId: 'r' as RunId,
        seq: 2,
        at: 1,
        type: 'run.started',
        data: { steps: Array.from({ length: n }, (_, i) => `s${i}`) },
      },
    ];
    for (let i = 0; i < n; i++) {
      const stepId = `s${i}`;
      out.push({
        runId: 'r' as RunId,
        seq: out.length + 1,
        at: out.length,
        type: 'step.started',
        stepId,
        data: { attempt: 1, input: { i } },
      });
      out.push({
        runId: 'r' as RunId,
        seq: out.length + 1,
        at: out.length,
        type: 'step.log',
        stepId,
        data: { level: 'info', message: 'x' },
      });
      out.push({
        runId: 'r' as RunId,
        seq: out.length + 1,
        at: out.length,
        type: 'step.succeeded',
        stepId,
        data: { output: i, attempts: 1 },
      });
    }
    out.push({
      runId: 'r' as RunId,
      seq: out.length + 1,
      at: out.length,
      type: 'run.succeeded',
      data: { outputs: {} },
    });
    return out;
  };

  it('gives the same state as replay at every event, forwards, backwards and at random', () => {
    const log = events(300);
    expect(log.length).toBeGreaterThan(CHECKPOINT_EVERY * 3);
    const cursor = new ReplayCursor(log);
    const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    const seqs = [1, 2, 50, 700, 300, 256, 257, 512, log.length, 3, 899, 600];
    for (let k = 0; k < 40; k++) seqs.push(1 + ((k * 7919) % log.length));
    for (const seq of seqs) expect(plain(cursor.at(seq))).toEqual(plain(replay(log, seq)));
  });

  it('grows with appended (live) events and ignores ones it already holds', () => {
    const log = events(100);
    const cursor = new ReplayCursor(log.slice(0, 10));
    expect(cursor.latest().steps.s2?.status).toBe('RUNNING');
    cursor.append(...log.slice(5));
    expect(cursor.length).toBe(log.length);
    expect(cursor.latest().status).toBe('SUCCESS');
    expect(cursor.at(12).steps.s3?.status).toBe('RUNNING');
  });
});
