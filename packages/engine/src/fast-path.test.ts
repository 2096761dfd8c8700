import { describe, expect, it } from 'vitest';
import type { Commit, NewRun, RunId, Store } from './ports';
import { Engine } from './engine';
import { FakeClock, settle } from './testing/fake-clock';
import { FakeTurns } from './testing/fake-turns';
import { MemoryStore } from './testing/memory-store';
import { ScriptedRunner } from './testing/scripted-runner';
import { deferred, harness, step, tf, workflow } from './testing/helpers';

/** A MemoryStore that records which port methods were called (and with what, for commits). */
class RecordingStore extends MemoryStore {
  readonly calls: string[] = [];
  readonly commits: Commit[] = [];
  closed = false;
  readonly afterClose: string[] = [];

  private note(name: string): void {
    this.calls.push(name);
    if (this.closed) this.afterClose.push(name);
  }
  override createRun(run: NewRun) {
    this.note('createRun');
    return super.createRun(run);
  }
  override commit(c: Commit) {
    this.note('commit');
    this.commits.push(c);
    return super.commit(c);
  }
  override claimRuns(o: Parameters<Store['claimRuns']>[0]) {
    this.note('claimRuns');
    return super.claimRuns(o);
  }
  override getRun(id: RunId) {
    this.note('getRun');
    return super.getRun(id);
  }
  override listEvents(id: RunId, after: number, limit: number) {
    this.note('listEvents');
    return super.listEvents(id, after, limit);
  }
  override listCommands(id: RunId) {
    this.note('listCommands');
    return super.listCommands(id);
  }
  override releaseRun(owner: string, id: RunId) {
    this.note('releaseRun');
    return super.releaseRun(owner, id);
  }
}

describe('local fast path', () => {
  it('a run that ends in its creating commit is in hand at once (endedRun), and a cached workflow version is not fetched', async () => {
    const h = harness();
    const w = workflow([tf('a', '41 + 1')], { outputs: { n: '${{ steps.a.output }}' } });
    h.library.add(w);
    const fetched: string[] = [];
    const version = h.library.version.bind(h.library);
    h.library.version = async (id, v) => {
      fetched.push(`${id}@${v}`);
      return version(id, v);
    };
    const held = { workflow: w, version: 1 };
    Object.assign(h.library, {
      cached: (id: string, v: number) => (id === w.id && v === 1 ? held : undefined),
    });
    await new Promise((r) => setImmediate(r)); // the engine's first claim (at start) is done
    const res = await h.engine.startRun({ workflowId: w.id, version: 1 });
    if (!res.ok) throw new Error(res.error.message);
    expect(fetched).toEqual([]); // answered by `cached`
    // Ended in the commit that created it: its record is here before any wait.
    expect(h.engine.endedRun(res.value.runId)).toMatchObject({ status: 'SUCCESS', outputs: { n: 42 } });
    // A version the resolver does not hold is fetched as before.
    const other = await h.engine.startRun({ workflowId: w.id, version: 2 });
    expect(other.ok).toBe(false);
    expect(fetched).toEqual([`${w.id}@2`]);
    // Kept for this turn only: the next turn forgets it, and waitForRun reads the store.
    await new Promise((r) => setImmediate(r));
    expect(h.engine.endedRun(res.value.runId)).toBeUndefined();
    expect(await h.engine.waitForRun(res.value.runId)).toMatchObject({ status: 'SUCCESS' });
  });

  it('a run of built-in steps is created, run and ended in ONE commit, straight from startRun', async () => {
    const store = new RecordingStore();
    const h = harness({ store });
    const w = workflow(
      [
        tf('a', '1'),
        tf('b', 'steps.a.output + 1', { needs: ['a'] }),
        tf('c', 'steps.b.output * 10', { needs: ['b'] }),
      ],
      {
        outputs: { n: '${{ steps.c.output }}' },
      },
    );
    h.library.add(w);
    await new Promise((r) => setImmediate(r)); // the engine's first claim (at start) is done
    store.calls.length = 0;
    const res = await h.engine.startRun({ workflowId: w.id });
    if (!res.ok) throw new Error(res.error.message);
    const done = await h.engine.waitForRun(res.value.runId);
    expect(done).toMatchObject({ status: 'SUCCESS', outputs: { n: 20 } });
    // No createRun, no claim, no reading back what the engine itself wrote, no separate release: the
    // commit creates the run in its final state.
    expect(store.calls).toEqual(['commit']);
    const [c] = store.commits.slice(-1);
    expect(c?.create).toMatchObject({ id: res.value.runId, workflowId: w.id });
    expect(c?.events.map((e) => `${e.type}${e.stepId ? ` ${e.stepId}` : ''}`)).toEqual([
      'run.started',
      'step.started a',
      'step.succeeded a',
      'step.started b',
      'step.succeeded b',
      'step.started c',
      'step.succeeded c',
      'run.succeeded',
    ]);
    expect(c?.release).toBe(true);
    // What was committed is what replaying the stored log gives.
    expect(await store.getRun(res.value.runId)).toMatchObject({
      status: 'SUCCESS',
      outputs: { n: 20 },
      lastSeq: 9,
    });
    expect((await h.engine.runState(res.value.runId))?.steps.c?.output).toBe(20);
  });

  it('a chain of 5,000 built-in steps runs to its end in one loop: one commit, no deep recursion', async () => {
    const store = new RecordingStore();
    const h = harness({ store });
    const chain = Array.from({ length: 5_000 }, (_, i) =>
      i === 0 ? tf('s0', '0') : tf(`s${i}`, `steps.s${i - 1}.output + 1`, { needs: [`s${i - 1}`] }),
    );
    const w = workflow(chain, { outputs: { n: '${{ steps.s4999.output }}' } });
    h.library.add(w);
    await new Promise((r) => setImmediate(r));
    store.commits.length = 0;
    const id = await h.start(w);
    expect(await h.engine.waitForRun(id)).toMatchObject({ status: 'SUCCESS', outputs: { n: 4999 } });
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]?.events).toHaveLength(2 + 2 * 5_000);
  });

  it('built-ins that run at once and those that need JSONata run together in one commit', async () => {
    const store = new RecordingStore();
    const h = harness({ store });
    const w = workflow(
      [
        tf('a', 'trigger.n + 1'), // a shortcut: at once
        tf('b', '$sum([steps.a.output, 1])', { needs: ['a'] }), // JSONata: the general way
        step('c', 'if', { needs: ['b'], with: { condition: 'steps.b.output' } }),
        tf('d', 'steps.c.output.value', { needs: ['c.then'] }),
        tf('e', '"never"', { needs: ['c.else'] }),
        tf('f', 'steps.a.status', { needs: ['d'], if: '${{ steps.d.output }}' }),
        tf('g', '1', { needs: ['f'], if: '${{ steps.a.port }}' }), // null: skipped at once
        step('h', 'switch', { needs: ['b'], with: { value: '${{ steps.b.output }}', cases: [3, 4] } }),
      ],
      { outputs: { f: '${{ steps.f.output }}', h: '${{ steps.h.port }}' } },
    );
    h.library.add(w);
    await new Promise((r) => setImmediate(r));
    store.commits.length = 0;
    const r = await h.engine.startRun({ workflowId: w.id, trigger: { n: 2 } });
    if (!r.ok) throw new Error(r.error.message);
    const done = await h.engine.waitForRun(r.value.runId);
    expect(done).toMatchObject({ status: 'SUCCESS', outputs: { f: 'SUCCESS', h: '4' } });
    expect(store.commits).toHaveLength(1);
    const log = store.commits.flatMap((c) => c.events.map((e) => `${e.type} ${e.stepId ?? ''}`.trim()));
    expect(log).toEqual([
      'run.started',
      'step.started a',
      'step.succeeded a',
      'step.started b',
      'step.succeeded b',
      'step.started c',
      'step.succeeded c',
      'step.started h',
      'step.succeeded h',
      'step.started d', // d and e were decided together: d ran at once, then e was skipped
      'step.succeeded d',
      'step.skipped e',
      'step.started f',
      'step.succeeded f',
      'step.skipped g',
      'run.succeeded',
    ]);
  });

  it('a block is not called before the commit that creates its run is stored', async () => {
    const stored = deferred<void>();
    const order: string[] = [];
    class SlowFirstCommit extends MemoryStore {
      override async commit(c: Commit) {
        if (c.create) {
          order.push('create sent');
          await stored.promise;
        }
        const n = await super.commit(c);
        if (c.create) order.push('create stored');
        return n;
      }
    }
    const h = harness({ store: new SlowFirstCommit() });
    h.runner.on('echo@1', async () => {
      order.push('block called');
      return { ok: true, output: 'x' };
    });
    const w = workflow([step('e', 'echo@1')]);
    h.library.add(w);
    await new Promise((r) => setImmediate(r)); // the engine's first claim (at start) is done
    let returned = false;
    const started = h.engine.startRun({ workflowId: w.id }).then((r) => {
      returned = true;
      return r;
    });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['create sent']);
    expect(returned).toBe(false); // startRun answers once the run is stored
    stored.resolve();
    const res = await started;
    if (!res.ok) throw new Error(res.error.message);
    expect((await h.engine.waitForRun(res.value.runId)).status).toBe('SUCCESS');
    expect(order).toEqual(['create sent', 'create stored', 'block called']);
  });

  it('a lease renewal while the commit that creates a run is pending leaves that run alone', async () => {
    const turns = new FakeTurns(); // the creating commit waits for a turn that the test runs
    const h = harness({ leaseMs: 3_000, turns });
    const w = workflow([tf('a', '1'), tf('b', 'steps.a.output + 1', { needs: ['a'] })]);
    h.library.add(w);
    await turns.drain(); // the engine's first claim
    const started = h.engine.startRun({ workflowId: w.id });
    await settle();
    expect(turns.pending).toBeGreaterThan(0);
    await h.clock.advanceAsync(1_000); // the renewal: the store does not know the run yet
    await turns.drain();
    const res = await started;
    if (!res.ok) throw new Error(res.error.message);
    expect((await h.engine.waitForRun(res.value.runId)).status).toBe('SUCCESS');
  });

  it('a first commit that fails makes startRun fail: no run, no block called', async () => {
    class FailingCreate extends MemoryStore {
      override commit(c: Commit) {
        return c.create ? Promise.reject(new Error('disk full')) : super.commit(c);
      }
    }
    const store = new FailingCreate();
    const h = harness({ store });
    h.runner.on('echo@1', async () => ({ ok: true, output: 'x' }));
    const w = workflow([step('e', 'echo@1')]);
    h.library.add(w);
    await new Promise((r) => setImmediate(r));
    await expect(h.engine.startRun({ workflowId: w.id })).rejects.toThrow('disk full');
    expect(h.runner.calls).toEqual([]);
    expect(await store.claimRuns({ owner: 'B', now: h.clock.now() + 60_000, leaseMs: 1, limit: 9 })).toEqual(
      [],
    );
  });

  it('a run that cannot start now waits QUEUED and starts as soon as a slot frees, without polling', async () => {
    const gate = deferred<void>();
    const h = harness({ maxRunningRuns: 1 });
    h.runner.on('hold@1', async () => {
      await gate.promise;
      return { ok: true, output: 'held' };
    });
    const first = await h.start(workflow([step('h', 'hold@1')], { id: 'holder' }));
    const second = await h.start(workflow([tf('a', '"second"')], { id: 'waiter' }));
    await h.clock.advanceAsync(0);
    expect((await h.store.getRun(second))?.status).toBe('QUEUED');
    gate.resolve();
    expect((await h.engine.waitForRun(first)).status).toBe('SUCCESS');
    // The poll interval (60 s) never passes: the freed slot itself starts the QUEUED run.
    expect((await h.engine.waitForRun(second)).status).toBe('SUCCESS');
  });

  it('stop({ drain: true }) resolves only after runs being started are settled: nothing touches the store later', async () => {
    const store = new RecordingStore();
    const h = harness({ store });
    const w = workflow([tf('a', '1'), tf('b', '2', { needs: ['a'] })]);
    h.library.add(w);
    const started = await Promise.all(
      Array.from({ length: 5 }, () => h.engine.startRun({ workflowId: w.id })),
    );
    await h.engine.stop({ drain: true });
    store.closed = true;
    await h.clock.advanceAsync(120_000);
    expect(store.afterClose).toEqual([]);
    // Each run was either finished or left for another engine (lease released: claimable at once).
    const claimed = await store.claimRuns({ owner: 'other', now: h.clock.now(), leaseMs: 1_000, limit: 10 });
    for (const r of started) {
      if (!r.ok) throw new Error(r.error.message);
      const run = await store.getRun(r.value.runId);
      expect(['SUCCESS', 'QUEUED', 'RUNNING']).toContain(run?.status);
      if (run?.status !== 'SUCCESS') expect(claimed).toContain(run?.id);
    }
  });

  it('run ids are time-ordered UUIDs (version 7), so stores append instead of scattering writes', async () => {
    const clock = new FakeClock();
    const engine = new Engine({ store: new MemoryStore(), runner: new ScriptedRunner(), clock });
    const w = workflow([tf('a', '1')]);
    const a = await engine.startRun({ workflowId: w.id, workflow: w });
    clock.advance(5);
    const b = await engine.startRun({ workflowId: w.id, workflow: w });
    if (!a.ok || !b.ok) throw new Error('not started');
    const uuid7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(a.value.runId).toMatch(uuid7);
    expect(b.value.runId).toMatch(uuid7);
    expect(parseInt(a.value.runId.slice(0, 8) + a.value.runId.slice(9, 13), 16)).toBe(clock.now() - 5);
    expect(a.value.runId < b.value.runId).toBe(true);
  });
});
