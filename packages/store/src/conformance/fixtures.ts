/** Small builders shared by the conformance suites. */
import type { NewRun, NewRunEvent, RunId, StepRecord, Store } from '@weft/engine';

let counter = 0;

/** A run id unique within the test process. */
export function runId(prefix = 'run'): RunId {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}` as RunId;
}

export function newRun(over: Partial<NewRun> = {}): NewRun {
  return {
    id: runId(),
    workflowId: 'wf',
    workflowVersion: 1,
    inputs: { n: 1 },
    trigger: { type: 'manual' },
    createdAt: 1_000,
    ...over,
  };
}

export function ev(
  type: NewRunEvent['type'],
  stepId?: string,
  data: Record<string, unknown> = {},
  at = 2_000,
): NewRunEvent {
  return stepId === undefined ? { at, type, data } : { at, type, stepId, data };
}

export function step(id: RunId, stepId: string, over: Partial<StepRecord> = {}): StepRecord {
  return { runId: id, stepId, status: 'RUNNING', attempts: 1, startedAt: 2_000, ...over };
}

/** Create a run and lease it to `owner` (claims with a generous limit until it is among the claimed). */
export async function createClaimed(store: Store, owner: string, over: Partial<NewRun> = {}): Promise<RunId> {
  const { run } = await store.createRun(newRun(over));
  const got = await store.claimRuns({ owner, now: run.createdAt + 1, leaseMs: 60_000, limit: 1000 });
  if (!got.includes(run.id)) throw new Error(`fixture: run ${run.id} was not claimable right after creation`);
  return run.id;
}
