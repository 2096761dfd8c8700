/**
 * A commit that creates its run (`Commit.create`: the engine's first commit of a run it started
 * itself) as ONE insert of the run's row in the state the commit leaves it in, instead of an insert
 * of a QUEUED row and an update of it: a run that ends in its first turn (a sync webhook's, or a chain
 * of quick steps) writes its row and index entries once. Both backends build that row here; SQLite
 * inserts it with its own statement (`sqlite/created-commit.ts`), PostgreSQL as a batch of many
 * (`postgres/pg-batch.ts`). The `run.created` event is seq 1, as `createRun` writes it.
 */
import { LeaseLostError } from '@weft/engine';
import type { Commit, NewRun, StepRecord } from '@weft/engine';
import { RUN_PATCH_COLUMNS, RUN_PATCH_NOT_NULL } from './rows';
import { NEW_RUN_COLUMNS, endsAStep, eventStepRows, newRunParams, packedStepRows } from './run-store-shared';
import type { SqlValue } from './sql-db';

/** The run columns a creating commit may set in the same insert (the engine's `CommitBatcher` fields). */
const COMMITTED_COLUMNS = ['status', 'outputs', 'error', 'started_at', 'finished_at', 'wake_at'] as const;
/** The run-patch key of each of `COMMITTED_COLUMNS`, to its index. */
const COMMITTED_AT: ReadonlyMap<string, number> = new Map([
  ['status', 0],
  ['outputs', 1],
  ['error', 2],
  ['startedAt', 3],
  ['finishedAt', 4],
  ['wakeAt', 5],
]);

/** The columns of `CommittedRun.params`, in order. */
export const COMMITTED_RUN_COLUMNS = [
  ...NEW_RUN_COLUMNS,
  ...COMMITTED_COLUMNS,
  'last_seq',
  'event_steps_upto',
] as const;
/** Where each column sits in `CommittedRun.params`. */
export const COMMITTED_AT_COLUMN = (name: (typeof COMMITTED_RUN_COLUMNS)[number]): number =>
  COMMITTED_RUN_COLUMNS.indexOf(name);
const TRIGGER = COMMITTED_AT_COLUMN('trigger');
const LEASE_OWNER = COMMITTED_AT_COLUMN('lease_owner');
const LEASE_UNTIL = COMMITTED_AT_COLUMN('lease_until');

export interface CommittedRun {
  /** The run's row as the commit leaves it (`COMMITTED_RUN_COLUMNS`). */
  params: SqlValue[];
  /** The text of the run's `trigger` column (reused for the `run.created` event's data). */
  triggerJson: string | null;
  /** The seq of the commit's last event (its events are numbered from 2, after `run.created`). */
  last: number;
}

/**
 * The row of `run` (the commit's `create`) as `c` leaves it; undefined when the patch sets columns
 * this insert does not cover or the run has an idempotency key (the caller then creates it and applies
 * the commit as two writes). The patch is read as `runPatchColumns` reads it, straight into the
 * insert's values. Throws `LeaseLostError` if the run is not created leased to the commit's owner.
 */
export function committedRun(c: Commit, run: NewRun): CommittedRun | undefined {
  if (run.lease?.owner !== c.owner) throw new LeaseLostError(c.runId);
  if (run.idempotencyKey !== undefined) return undefined;
  const committed: SqlValue[] = ['QUEUED', null, null, null, null, null];
  const patch = c.run as Record<string, unknown> | undefined;
  if (patch !== undefined)
    for (const key in patch) {
      if (!Object.hasOwn(patch, key)) continue;
      const v = patch[key];
      const spec = RUN_PATCH_COLUMNS[key];
      if (key !== 'parent' && (spec === undefined || (v === undefined && RUN_PATCH_NOT_NULL.has(key))))
        continue; // ignored, as runPatchColumns does
      const at = COMMITTED_AT.get(key);
      if (at === undefined || spec === undefined) return undefined;
      committed[at] = spec.encode(v);
    }
  const params = newRunParams(run);
  if (c.release) params[LEASE_OWNER] = params[LEASE_UNTIL] = null;
  const triggerJson = params[TRIGGER] as string | null;
  for (const v of committed) params.push(v);
  const last = 1 + c.events.length;
  // Steps that ended here are derived from the events up to `last` (no step row: `committedStepRows`).
  params.push(last, c.stepsFromEvents === true && endsAStep(c.steps) ? last : null);
  return { params, triggerJson, last };
}

/**
 * The step rows (`INSERT_STEP`) a creating commit inserted by `committedRun` writes: none for the steps
 * that ended when their records are what the events make (`stepsFromEvents`: the run's
 * `event_steps_upto` says so), a row for each step that did not; else packed rows.
 */
export function committedStepRows(c: Commit, steps: readonly StepRecord[]): SqlValue[][] {
  return c.stepsFromEvents
    ? eventStepRows(c.runId, steps, 0, { markerRow: false })
    : packedStepRows(c.runId, steps);
}
