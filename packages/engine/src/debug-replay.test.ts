import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import type { RunEvent, RunId } from './ports';
import { ReplayCursor } from './replay';
import { replay } from './run-state';
import { harness, statuses, step, tf, workflow } from './testing/helpers';
import type { Harness } from './testing/helpers';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

async function expectReplayMatchesStore(h: Harness, runId: RunId): Promise<RunEvent[]> {
  const events = await h.store.listEvents(runId, 0, 10_000);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const state = replay(events);
  const run = await h.store.getRun(runId);
  const steps = Object.fromEntries((await h.store.getSteps(runId)).map((s) => [s.stepId, s]));
  expect(plain(state.steps)).toEqual(plain(steps));
  const { runId: _r, steps: _s, stepOnce: _o, ...runFields } = state;
  const { id: _i, ...stored } = run!;
  expect(plain(runFields)).toEqual(plain(stored));
  return events;
}

/** A run through a retry, a foreach, an approval, a repeat and a failure that continues. */
async function richRun(): Promise<{ h: Harness; id: RunId }> {
  const h = harness();
  let n = 0;
  h.runner.on('flaky@1', () =>
    ++n < 2 ? { ok: false, error: { code: 'HTTP_ERROR', message: 'x' } } : { ok: true, output: { n } },
  );
  const id = await h.start(
    workflow(
      [
        step('f', 'flaky@1', { retry: { attempts: 2, backoff: 'fixed', delayMs: 100, jitter: false } }),
        tf('each', 'item * 2', { foreach: '[1,2,3]', concurrency: 2, needs: ['f'] }),
        step('ok', 'approval', { with: { message: 'go?' }, needs: ['each'] }),
        tf('no', '1', { needs: ['ok.rejected'] }),
        tf('r', 'iteration', { repeat: { until: 'output = 2', max: 3 }, needs: ['ok.approved'] }),
        step('bad', 'fail', { with: { message: 'x' }, onError: 'continue' }),
      ],
      { outputs: { r: '${{ steps.r.output }}' } },
    ),
  );
  await h.clock.advanceAsync(100);
  await h.engine.decideApproval(id, 'ok', { approved: true, by: 'me' });
  const run = await h.engine.waitForRun(id);
  expect(run.status).toBe('SUCCESS');
  return { h, id };
}

describe('§6.9 event log and replay', () => {
  it('replay of the full log equals the stored run and step records', async () => {
    const { h, id } = await richRun();
    const events = await expectReplayMatchesStore(h, id);
    // state at an earlier event: just after the retry was scheduled
    const retrySeq = events.find((e) => e.type === 'step.attempt.failed')!.seq;
    const early = replay(events, retrySeq);
    expect(early.steps.f?.status).toBe('WAITING');
    expect(early.steps.f?.waitReason).toBe('retry');
    expect(early.steps.each?.status).toBe('PENDING');
    expect(early.status).toBe('RUNNING');
  });

  it('a checkpointed cursor gives the replayed state at every event, in any order, wherever the checkpoints fall', async () => {
    const { h, id } = await richRun();
    const events = await h.store.listEvents(id, 0, 10_000);
    const seqs = events.map((e) => e.seq);
    // Forwards, backwards, then scattered: every move starts from a checkpoint or the last answer.
    const order = [
      ...seqs,
      ...[...seqs].reverse(),
      ...seqs.map((_, i) => seqs[(i * 7) % seqs.length] as number),
    ];
    for (const every of [1, 2, 3, 5, 8]) {
      const cursor = new ReplayCursor(events, { checkpointEvery: every });
      for (const seq of order)
        expect(plain(cursor.at(seq)), `every ${every}, at ${seq}`).toEqual(plain(replay(events, seq)));
    }
  });

  it('replay matches the store for failed and cancelled runs too', async () => {
    const h = harness();
    const a = await h.start(
      workflow(
        [
          step('w', 'wait', { with: { duration: '1m' } }),
          step('f', 'fail', { with: { message: 'no' }, needs: ['w'] }),
        ],
        { id: 'a' },
      ),
    );
    const b = await h.start(workflow([step('w', 'wait', { with: { duration: '1m' } })], { id: 'b' }));
    await h.clock.advanceAsync(0);
    await h.engine.cancel(b);
    await h.clock.advanceAsync(60_000);
    await h.engine.waitForRun(a);
    await h.engine.waitForRun(b);
    await expectReplayMatchesStore(h, a);
    await expectReplayMatchesStore(h, b);
  });

  it('subscribe replays stored events from a sequence number, then delivers live ones in order', async () => {
    const h = harness();
    const id = await h.start(
      workflow([step('ok', 'approval', { with: { message: 'm' } }), tf('t', '1', { needs: ['ok'] })]),
    );
    await h.clock.advanceAsync(0);
    const seen: number[] = [];
    const types: string[] = [];
    const off = h.engine.subscribe(id, 2, (e) => {
      seen.push(e.seq);
      types.push(e.type);
    });
    await h.engine.decideApproval(id, 'ok', { approved: true });
    await h.engine.waitForRun(id);
    await h.clock.advanceAsync(0);
    off();
    const all = await h.store.listEvents(id, 0, 1000);
    expect(seen).toEqual(all.filter((e) => e.seq >= 2).map((e) => e.seq));
    expect(types.at(-1)).toBe('run.succeeded');
  });
});

describe('debug control', () => {
  it('pauses at a breakpoint WAITING with reason breakpoint and resolved inputs; continue runs it', async () => {
    const h = harness();
    h.runner.on('echo@1', (c) => ({ ok: true, output: c.with }));
    const w = workflow([
      tf('a', '3'),
      step('b', 'echo@1', { needs: ['a'], with: { n: '${{ steps.a.output }}' } }),
    ]);
    const id = await h.start(w, {}, { debug: { stepMode: false, breakpoints: [{ stepId: 'b' }] } });
    await h.clock.advanceAsync(0);
    let o = await h.outcome(id);
    expect(o.steps.b?.status).toBe('WAITING');
    expect(o.steps.b?.waitReason).toBe('breakpoint');
    expect(o.steps.b?.input).toEqual({ n: 3 });
    expect(o.run.status).toBe('WAITING');
    expect(h.runner.calls.length).toBe(0);
    await h.engine.debug(id, 'b', 'continue');
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(o.steps.b?.output).toEqual({ n: 3 });
  });

  it('a breakpoint condition over the resolved inputs decides whether to pause', async () => {
    const h = harness();
    h.runner.on('echo@1', (c) => ({ ok: true, output: c.with }));
    const w = workflow([step('b', 'echo@1', { with: { n: '${{ inputs.n }}' } })], {
      inputs: { n: { type: 'number', required: true } },
    });
    const debug = { stepMode: false, breakpoints: [{ stepId: 'b', condition: 'n > 5' }] };
    const small = await h.start(w, { n: 1 }, { debug });
    expect((await h.engine.waitForRun(small)).status).toBe('SUCCESS');
    const big = await h.start(w, { n: 9 }, { debug });
    await h.clock.advanceAsync(0);
    expect((await h.outcome(big)).steps.b?.waitReason).toBe('breakpoint');
  });

  it('step mode pauses before every step; step / skip / replace input / cancel act on the paused step', async () => {
    const h = harness();
    h.runner.on('echo@1', (c) => ({ ok: true, output: c.with }));
    const w = workflow([
      step('a', 'echo@1', { with: { v: 'a' } }),
      step('b', 'echo@1', { needs: ['a'], with: { v: 'b' } }),
      step('c', 'echo@1', { needs: ['b'], with: { v: 'c' } }),
      tf('d', '1', { needs: ['c'] }),
    ]);
    const id = await h.start(w, {}, { debug: { stepMode: true, breakpoints: [] } });
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.a?.waitReason).toBe('breakpoint');
    await h.engine.debug(id, 'a', 'step');
    await h.clock.advanceAsync(0);
    let o = await h.outcome(id);
    expect(o.steps.a?.status).toBe('SUCCESS');
    expect(o.steps.b?.waitReason).toBe('breakpoint');
    await h.engine.debug(id, 'b', 'continue', { v: 'replaced' });
    await h.clock.advanceAsync(0);
    o = await h.outcome(id);
    expect(o.steps.b?.output).toEqual({ v: 'replaced' });
    expect(o.steps.b?.input).toEqual({ v: 'replaced' });
    await h.engine.debug(id, 'c', 'skip');
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(statuses(o)).toEqual({ a: 'SUCCESS', b: 'SUCCESS', c: 'SKIPPED', d: 'SKIPPED' });

    const id2 = await h.start(w, {}, { debug: { stepMode: true, breakpoints: [] } });
    await h.clock.advanceAsync(0);
    await h.engine.debug(id2, 'a', 'cancel');
    expect((await h.engine.waitForRun(id2)).status).toBe('CANCELLED');
  });

  it('`step` pauses at the next step even without step mode', async () => {
    const h = harness();
    const id = await h.start(
      workflow([tf('a', '1'), tf('b', '2', { needs: ['a'] })]),
      {},
      { debug: { stepMode: false, breakpoints: [{ stepId: 'a' }] } },
    );
    await h.clock.advanceAsync(0);
    await h.engine.debug(id, 'a', 'step');
    await h.clock.advanceAsync(0);
    const o = await h.outcome(id);
    expect(o.steps.a?.status).toBe('SUCCESS');
    expect(o.steps.b?.waitReason).toBe('breakpoint');
  });

  it('rejects a breakpoint on an unknown step', async () => {
    const h = harness();
    h.library.add(workflow([tf('a', '1')]));
    const r = await h.engine.startRun({
      workflowId: 'wf',
      debug: { stepMode: false, breakpoints: [{ stepId: 'zz' }] },
    });
    expect(r.ok).toBe(false);
  });
});

describe('§6.10 crash, restart and takeover', () => {
  const second = (h: Harness, owner: string): Engine =>
    new Engine({
      store: h.store,
      clock: h.clock,
      runner: h.runner,
      workflows: h.library,
      owner,
      pollMs: 1000,
      random: () => 0.5,
    });

  it('a second engine takes over a run whose owner died, attempting the RUNNING step again with the same attempt', async () => {
    const h = harness({ leaseMs: 10_000 });
    let first = true;
    h.runner.on('work@1', () => {
      if (first) {
        first = false;
        return new Promise(() => undefined); // the process dies during this call
      }
      return { ok: true, output: 'done' };
    });
    const id = await h.start(
      workflow([
        tf('a', '1'),
        step('b', 'work@1', { needs: ['a'] }),
        tf('c', 'steps.b.output', { needs: ['b'] }),
      ]),
    );
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.b?.status).toBe('RUNNING');
    await h.engine.stop({ release: false }); // crash: the lease stays until it expires
    const b = second(h, 'B');
    b.start();
    await h.clock.advanceAsync(5_000);
    expect(h.runner.calls.length).toBe(1); // lease not expired yet
    await h.clock.advanceAsync(6_000);
    const run = await b.waitForRun(id);
    expect(run.status).toBe('SUCCESS');
    expect(h.runner.calls.map((c) => c.context.idempotencyKey)).toEqual([`${id}:b:1`, `${id}:b:1`]);
    const o = await h.outcome(id);
    expect(o.steps.c?.output).toBe('done');
    expect(o.steps.a?.attempts).toBe(1);
    const events = await h.store.listEvents(id, 0, 1000);
    expect(events.filter((e) => e.type === 'step.succeeded' && e.stepId === 'a')).toHaveLength(1);
    await expectReplayMatchesStore(h, id);
    await b.stop();
  });

  it('a foreach taken over mid-way runs only the items that had not finished; its row is not rewritten per item', async () => {
    const h = harness({ leaseMs: 10_000 });
    let hang = true;
    h.runner.on('work@1', (call) => {
      const i = call.with.i as number;
      if (i === 3 && hang) {
        hang = false;
        return new Promise(() => undefined); // the process dies during item 3
      }
      return { ok: true, output: `r${i}` };
    });
    // Commits that carry the foreach step's row (the store's copy of it).
    let rowWrites = 0;
    const commit = h.store.commit.bind(h.store);
    h.store.commit = (c) => {
      if (c.steps?.some((s) => s.stepId === 'each')) rowWrites++;
      return commit(c);
    };
    const id = await h.start(
      workflow([
        step('each', 'work@1', { foreach: '[0, 1, 2, 3, 4]', concurrency: 1, with: { i: '${{ index }}' } }),
      ]),
    );
    await h.clock.advanceAsync(0);
    expect(h.runner.calls.map((c) => c.with.i)).toEqual([0, 1, 2, 3]);
    // Written as the step started; the three items that finished are in its events only.
    expect(rowWrites).toBe(1);
    await h.engine.stop({ release: false });
    const b = second(h, 'B');
    b.start();
    await h.clock.advanceAsync(11_000);
    expect((await b.waitForRun(id)).status).toBe('SUCCESS');
    expect(h.runner.calls.map((c) => c.with.i)).toEqual([0, 1, 2, 3, 3, 4]);
    const o = await h.outcome(id);
    expect(o.steps.each?.output).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    // The row holds what replaying the events gives once the step has ended.
    await expectReplayMatchesStore(h, id);
    await b.stop();
  });

  it('timers, approvals and breakpoint pauses survive a restart', async () => {
    const h = harness();
    const w = workflow([
      step('w', 'wait', { with: { duration: '10m' } }),
      step('ok', 'approval', { with: { message: 'm' } }),
      tf('p', '1'),
    ]);
    const id = await h.start(w, {}, { debug: { stepMode: false, breakpoints: [{ stepId: 'p' }] } });
    await h.clock.advanceAsync(0);
    await h.engine.stop();
    const b = second(h, 'B');
    b.start();
    await h.clock.advanceAsync(10 * 60_000);
    let o = await h.outcome(id);
    expect(o.steps.w?.status).toBe('SUCCESS');
    expect(o.steps.ok?.waitReason).toBe('approval');
    expect(o.steps.p?.waitReason).toBe('breakpoint');
    await b.decideApproval(id, 'ok', { approved: true });
    await b.debug(id, 'p', 'continue');
    expect((await b.waitForRun(id)).status).toBe('SUCCESS');
    o = await h.outcome(id);
    expect(statuses(o)).toEqual({ w: 'SUCCESS', ok: 'SUCCESS', p: 'SUCCESS' });
    await b.stop();
  });

  it('stop({ drain: true }) lets running blocks finish and records them before releasing', async () => {
    const h = harness();
    let release: (() => void) | undefined;
    h.runner.on('slow@1', () => new Promise((r) => (release = () => r({ ok: true, output: 'kept' }))));
    const id = await h.start(workflow([step('a', 'slow@1'), tf('b', '1', { needs: ['a'] })]));
    await h.clock.advanceAsync(0);
    const stopping = h.engine.stop({ drain: true });
    release?.();
    await stopping;
    const o = await h.outcome(id);
    expect(o.steps.a?.output).toBe('kept');
    expect(o.steps.b?.status).toBe('PENDING');
    const b = second(h, 'B');
    b.start();
    expect((await b.waitForRun(id)).status).toBe('SUCCESS');
    await b.stop();
  });

  it('retryFrom starts a new run that keeps upstream results and runs the step and its dependents again', async () => {
    const h = harness();
    let n = 0;
    h.runner.on('flaky@1', () =>
      ++n === 1
        ? { ok: false, error: { code: 'BLOCK_ERROR', message: 'first' } }
        : { ok: true, output: 'second' },
    );
    const w = workflow([
      tf('a', '"A"'),
      step('b', 'flaky@1', { needs: ['a'] }),
      tf('c', 'steps.a.output & steps.b.output', { needs: ['b'] }),
    ]);
    const o1 = await h.run(w);
    expect(o1.run.status).toBe('FAILED');
    const r = await h.engine.retryFrom(o1.run.id, 'b');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await h.engine.waitForRun(r.value.runId);
    const o2 = await h.outcome(r.value.runId);
    expect(o2.run.status).toBe('SUCCESS');
    expect(o2.steps.c?.output).toBe('Asecond');
    expect(h.runner.calls.length).toBe(2);
  });
});
