/** Regression tests of issue 9 (hardening), engine side: one `describe` per item of the issue. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/engine';
import type { Harness } from './helpers';
import { harness, step, tf, workflow } from './helpers';

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
