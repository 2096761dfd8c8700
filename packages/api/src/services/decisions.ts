/**
 * One decision per approval step (issue 9 item 11): concurrent approve / reject calls on one step are
 * taken one at a time, and a call that finds a decision already made — applied, or queued for the
 * engine and not yet applied — gets CONFLICT instead of a 200 that the engine would ignore.
 */
import type { RunId } from '@weft/engine';
import { ApiError } from '../errors';
import type { ApiDeps } from '../ports';

/** Per server (its ApiDeps), the tail of the queue of decisions on each run step. */
const queues = new WeakMap<ApiDeps, Map<string, Promise<unknown>>>();

/** Run `fn` after every earlier call for the same key of these deps has finished. */
export async function oneAtATime<T>(deps: ApiDeps, key: string, fn: () => Promise<T>): Promise<T> {
  let map = queues.get(deps);
  if (!map) queues.set(deps, (map = new Map()));
  const before = map.get(key) ?? Promise.resolve();
  const mine = before.then(fn, fn);
  const tail = mine.catch(() => undefined);
  map.set(key, tail);
  try {
    return await mine;
  } finally {
    if (map.get(key) === tail) map.delete(key);
  }
}

/** CONFLICT when a decision on the step is already queued for the engine. */
export async function assertNoPendingDecision(deps: ApiDeps, runId: RunId, stepId: string): Promise<void> {
  const pending = await deps.store.listCommands(runId);
  const queued = pending.find((c) => c.command.type === 'approve' && c.command.stepId === stepId);
  if (queued && queued.command.type === 'approve') {
    const what = queued.command.approved ? 'approved' : 'rejected';
    throw new ApiError('CONFLICT', `step "${stepId}" was already ${what}; only the first decision applies`);
  }
}
