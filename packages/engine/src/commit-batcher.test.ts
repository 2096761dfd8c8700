import { describe, expect, it } from 'vitest';
import { CommitBatcher } from './commit-batcher';
import type { CommitHooks } from './commit-batcher';
import type { RunEvent, RunId, RunRecord } from './ports';
import { applyEvent, freshRunState } from './run-state';
import { FakeTurns } from './testing/fake-turns';
import { MemoryStore } from './testing/memory-store';

const T0 = Date.UTC(2025, 0, 1);

/** A run created in a memory store under owner `A`, its state, and a batcher with recording hooks. */
async function setup(owner = 'A') {
  const store = new MemoryStore();
  const { run } = await store.createRun({
    id: 'r1' as RunId,
    workflowId: 'wf',
    workflowVersion: 1,
    inputs: {},
    trigger: null,
    createdAt: T0,
    lease: { owner: 'A', until: T0 + 30_000 },
  });
  const state = freshRunState(run);
  const turns = new FakeTurns();
  const seen: string[] = [];
  const published: RunEvent[][] = [];
  const hooks: CommitHooks = {
    beforeCommit: () => seen.push('before'),
    committed: () => seen.push('committed'),
    failed: (lost) => seen.push(lost ? 'lost' : 'broken'),
  };
  const batcher = new CommitBatcher(
    { store, owner, turns, log: () => undefined, published: (_, events) => published.push([...events]) },
    state,
    hooks,
  );
  /** Apply an event to the state and hand it to the batcher, as the run context does. */
  const emit = (type: RunEvent['type'], data: Record<string, unknown> = {}, stepId?: string): void => {
    const e: RunEvent = { runId: run.id, seq: state.lastSeq + 1, at: T0, type, data };
    if (stepId !== undefined) e.stepId = stepId;
    batcher.add(e);
    const changed = applyEvent(state, e);
    if (changed) batcher.touch(changed.stepId);
    batcher.schedule();
  };
  return { store, run, state, turns, seen, published, batcher, emit };
}

describe('commit batcher', () => {
  it('commits everything a turn produced in one store commit, on the next turn', async () => {
    const { store, run, turns, seen, published, batcher, emit } = await setup();
    emit('run.started', { steps: ['a'] });
    emit('step.started', { attempt: 1 }, 'a');
    emit('step.succeeded', { output: 7, attempts: 1 }, 'a');
    expect(turns.pending).toBe(1); // asked three times, queued once
    expect(batcher.pending).toBe(true);
    expect((await store.listEvents(run.id, 0, 10)).length).toBe(1); // run.created only
    await turns.turn();
    expect(seen).toEqual(['before', 'committed']);
    expect(published).toHaveLength(1);
    expect(published[0]?.map((e) => e.type)).toEqual(['run.started', 'step.started', 'step.succeeded']);
    expect((await store.getSteps(run.id)).map((s) => [s.stepId, s.status, s.output])).toEqual([
      ['a', 'SUCCESS', 7],
    ]);
    expect((await store.getRun(run.id))?.status).toBe('RUNNING');
    expect(batcher.pending).toBe(false);
  });

  it('sends only the run fields that changed, and gives the lease up with the final commit', async () => {
    const { store, run, state, turns, seen, batcher, emit } = await setup();
    emit('run.started', { steps: [] });
    await turns.turn();
    emit('run.succeeded', { outputs: { x: 1 } });
    await turns.turn();
    const rec = (await store.getRun(run.id)) as RunRecord;
    expect(rec.status).toBe('SUCCESS');
    expect(rec.outputs).toEqual({ x: 1 });
    expect(state.status).toBe('SUCCESS');
    expect(batcher.released).toBe(true);
    // The lease is gone: the store refuses a further commit from the same owner.
    emit('step.log', { level: 'info', message: 'late' });
    await turns.turn();
    expect(seen).toEqual(['before', 'committed', 'before', 'committed', 'before', 'lost']);
  });

  it('acknowledges handled commands with the batch', async () => {
    const { store, run, turns, batcher } = await setup();
    await store.addCommand(run.id, { type: 'cancel' }, T0);
    const [cmd] = await store.listCommands(run.id);
    batcher.ack(cmd?.id as number);
    batcher.schedule();
    await turns.turn();
    expect(await store.listCommands(run.id)).toEqual([]);
  });

  it('a commit refused for a lost lease reports it and commits nothing more', async () => {
    const { turns, seen, batcher, emit } = await setup('B');
    emit('run.started', { steps: [] });
    await turns.turn();
    expect(seen).toEqual(['before', 'lost']);
    emit('run.succeeded', { outputs: {} });
    expect(turns.pending).toBe(0);
    expect(batcher.pending).toBe(true);
  });

  it('stop: nothing is scheduled or committed any more', async () => {
    const { turns, batcher, emit, seen } = await setup();
    batcher.stop();
    emit('run.started', { steps: [] });
    expect(turns.pending).toBe(0);
    expect(seen).toEqual([]);
  });
});
