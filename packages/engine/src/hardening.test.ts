/** Regression tests of issue 9 (hardening), engine side: one `describe` per item of the issue. */
import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import type { Harness } from './testing/helpers';
import { harness, step, tf, workflow } from './testing/helpers';

/** A second engine on the same store and clock (a restarted process). */
const restarted = (h: Harness, owner: string, extra: Partial<ConstructorParameters<typeof Engine>[0]> = {}) =>
  new Engine({
    store: h.store,
    clock: h.clock,
    runner: h.runner,
    workflows: h.library,
    owner,
    pollMs: 1000,
    random: () => 0.5,
    ...extra,
  });

describe('issue 9 item 2: restarting with the same instance id takes back its own leases', () => {
  it('an engine restarted under the same owner resumes a RUNNING run at once, before its lease expires', async () => {
    const h = harness({ owner: 'weft-0', leaseMs: 30_000 });
    let first = true;
    h.runner.on('slow@1', () => {
      if (first) {
        first = false;
        return new Promise(() => undefined); // kill -9 during this call
      }
      return { ok: true, output: 'done' };
    });
    const id = await h.start(workflow([step('s', 'slow@1'), tf('t', 'steps.s.output', { needs: ['s'] })]));
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.s?.status).toBe('RUNNING');
    await h.engine.stop({ release: false }); // the lease (to 30 s) stays, as after kill -9
    const again = restarted(h, 'weft-0', { leaseMs: 30_000 });
    again.start();
    await h.clock.advanceAsync(1_000); // well within the old lease
    const run = await again.waitForRun(id);
    expect(run.status).toBe('SUCCESS');
    expect((await h.outcome(id)).steps.t?.output).toBe('done');
    await again.stop();
  });

  it('takes back its own expired leases too (a run stranded while the engine kept running)', async () => {
    const h = harness({ owner: 'weft-0', leaseMs: 10_000 });
    const w = workflow([step('s', 'slow@1')]);
    h.runner.on('slow@1', () => ({ ok: true, output: 1 }));
    h.library.add(w);
    // A run leased to weft-0 whose lease expired, with nobody driving it (as after a crash long ago).
    const { run } = await h.store.createRun({
      id: 'stranded' as never,
      workflowId: 'wf',
      workflowVersion: 1,
      inputs: {},
      trigger: { type: 'manual' },
      createdAt: h.clock.now(),
      lease: { owner: 'weft-0', until: h.clock.now() + 10_000 },
    });
    await h.store.commit({
      runId: run.id,
      owner: 'weft-0',
      run: { status: 'RUNNING', startedAt: h.clock.now() },
      events: [{ at: h.clock.now(), type: 'run.started', data: { steps: ['s'] } }],
    });
    await h.engine.stop({ release: false });
    await h.clock.advanceAsync(20_000);
    const again = restarted(h, 'weft-0', { leaseMs: 10_000 });
    again.start();
    await h.clock.advanceAsync(1_000);
    expect((await again.waitForRun(run.id)).status).toBe('SUCCESS');
    await again.stop();
  });
});

describe('issue 9 item 10: a breakpoint resume keeps the step secrets', () => {
  it('debug continue sends the resolved secret to the block, not null', async () => {
    const h = harness({ secrets: { get: async (n) => (n === 'TOKEN' ? 'tok-123' : undefined) } });
    h.runner.on('echo@1', (c) => ({ ok: true, output: { ok: true, len: String(c.with.auth).length } }));
    const id = await h.start(
      workflow([step('e', 'echo@1', { with: { auth: 'Bearer ${{ secrets.TOKEN }}' } })]),
      {},
      { debug: { stepMode: false, breakpoints: [{ stepId: 'e' }] } },
    );
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.e?.status).toBe('WAITING');
    // The paused view is masked.
    expect(JSON.stringify((await h.outcome(id)).steps.e?.input)).not.toContain('tok-123');
    await h.engine.debug(id, 'e', 'continue');
    await h.clock.advanceAsync(0);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('SUCCESS');
    expect(h.runner.calls.map((c) => c.with.auth)).toEqual(['Bearer tok-123']);
  });

  it('after a restart too', async () => {
    const h = harness({ secrets: { get: async (n) => (n === 'TOKEN' ? 'tok-123' : undefined) } });
    h.runner.on('echo@1', () => ({ ok: true, output: 1 }));
    const id = await h.start(
      workflow([step('e', 'echo@1', { with: { auth: 'Bearer ${{ secrets.TOKEN }}' } })]),
      {},
      { debug: { stepMode: true, breakpoints: [] } },
    );
    await h.clock.advanceAsync(0);
    await h.engine.stop();
    const b = restarted(h, 'B', { secrets: { get: async (n) => (n === 'TOKEN' ? 'tok-123' : undefined) } });
    b.start();
    await b.debug(id, 'e', 'continue');
    await h.clock.advanceAsync(1_000);
    expect((await b.waitForRun(id)).status).toBe('SUCCESS');
    expect(h.runner.calls.map((c) => c.with.auth)).toEqual(['Bearer tok-123']);
    await b.stop();
  });
});

describe('issue 9 item 4: expressions cannot stall the process; transform outputs are bounded', () => {
  it('a catastrophic-backtracking regex runs in linear time', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        tf('m', `$match('${'a'.repeat(5000)}!', /(a+)+$/)`),
        tf('ok', `$match('ab12', /[0-9]+/).match`),
      ]),
    );
    expect(o.run.status).toBe('SUCCESS');
    expect(o.steps.m?.output).toBeNull();
    expect(o.steps.ok?.output).toBe('12');
  });

  it('a regex needing backtracking features fails the step with EXPRESSION_ERROR naming it', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('m', `$match('aa', /(a)\\1/)`)]));
    expect(o.steps.m?.error?.code).toBe('EXPRESSION_ERROR');
    expect(o.steps.m?.error?.message).toContain('(a)\\1');
  });

  it('a long evaluation hands the thread back while it runs, and fails TIMEOUT (not retried) past maxMs', async () => {
    const h = harness({ expressionLimits: { maxSteps: 1e9, maxDepth: 300, maxMs: 300 } });
    let ticks = 0;
    let on = true;
    const tick = (): void => {
      ticks++;
      if (on) setImmediate(tick);
    };
    setImmediate(tick);
    const o = await h.run(
      workflow([
        tf('spin', '($f := function($n) { $n > 0 ? $f($n - 1) + 1 : 0 }; $sum([1..50000].$f(20)))', {
          retry: { attempts: 3, backoff: 'fixed', delayMs: 1, jitter: false },
        }),
      ]),
    );
    on = false;
    expect(o.steps.spin?.error?.code).toBe('TIMEOUT');
    expect(o.steps.spin?.attempts).toBe(1);
    expect(ticks).toBeGreaterThan(1); // the event loop ran during the evaluation
  });

  it('ranges and sequences over maxItems, and strings over maxBytes, are LIMIT_EXCEEDED before they are built', async () => {
    const h = harness();
    const o = await h.run(
      workflow(
        [tf('range', '[1..10000000]'), tf('pad', "$pad('x', 50000000)"), tf('fine', '$count([1..1000])')],
        { failFast: false },
      ),
    );
    expect(o.steps.range?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(o.steps.pad?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(o.steps.fine?.output).toBe(1000);
  });

  it('a transform output over the size limit fails LIMIT_EXCEEDED and is not stored', async () => {
    const h = harness({ expressionLimits: { maxSteps: 1e6, maxDepth: 300, maxBytes: 10_000 } });
    const o = await h.run(workflow([tf('big', "[1..2000].$pad('', 20, 'y')")]));
    expect(o.steps.big?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(o.steps.big?.output ?? null).toBeNull();
  });

  it('$distinct of many items is linear', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('d', '$count($distinct([1..60000].($ % 1000)))')]));
    expect(o.steps.d?.output).toBe(1000);
  });
});

/** Every run of a harness (its ids are run-1, run-2, …). */
async function allRuns(h: Harness) {
  const out = [];
  for (let i = 1; ; i++) {
    const r = await h.store.getRun(`run-${i}` as never);
    if (!r) return out;
    out.push(r);
  }
}

describe('issue 9 item 5: child workflows nest at most maxChildDepth; cancelling cancels the subtree', () => {
  const selfCalling = workflow([step('again', 'workflow', { with: { id: 'loop' } })], { id: 'loop' });

  it('a workflow that calls itself stops at the limit with LIMIT_EXCEEDED', async () => {
    const h = harness({ maxChildDepth: 4 });
    h.library.add(selfCalling);
    const root = await h.start(selfCalling);
    const run = await h.engine.waitForRun(root);
    expect(run.status).toBe('FAILED');
    expect(run.error?.code).toBe('LIMIT_EXCEEDED');
    expect(run.error?.message).toContain('maxChildDepth');
    // root + 4 nested children, no more.
    expect((await allRuns(h)).filter((r) => r.workflowId === 'loop')).toHaveLength(5);
  });

  it('cancelling the root cancels every run below it', async () => {
    const h = harness({ maxChildDepth: 6 });
    const leaf = workflow([step('gate', 'approval', { with: { message: 'm' } })], { id: 'leaf' });
    const mid = workflow([step('down', 'workflow', { with: { id: 'leaf' } })], { id: 'mid' });
    const top = workflow([step('down', 'workflow', { with: { id: 'mid' } })], { id: 'top' });
    h.library.add(leaf).add(mid).add(top);
    const root = await h.start(top);
    for (let i = 0; i < 50 && (await allRuns(h)).length < 3; i++) await h.clock.advanceAsync(10);
    expect(await allRuns(h)).toHaveLength(3);
    await h.engine.cancel(root);
    for (const r of await allRuns(h)) expect((await h.engine.waitForRun(r.id)).status).toBe('CANCELLED');
  });
});
