/**
 * A commit that creates its run (`Commit.create`: the engine's first commit of a run it started
 * itself) as ONE insert of the run's row in the state the commit leaves it in, instead of an insert
 * of a QUEUED row and an update of it: a run that ends in its first turn (a sync webhook's) writes its
 * row and index entries once. The `run.created` event is seq 1, as `createRun` writes it.
 */
import { LeaseLostError } from '@weft/engine';
import type { Commit, NewRun } from '@weft/engine';
import { RUN_PATCH_COLUMNS, RUN_PATCH_NOT_NULL } from '../internal/rows';
import {
  INSERT_EVENT,
  NEW_RUN_COLUMNS,
  createdEventJson,
  endsAStep,
  newRunParams,
} from '../internal/run-store-shared';
import type { SqlValue } from '../internal/sql-db';
import type { RunHours } from './run-hours';
import type { StatementCache } from './sqlite-db';

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
const INSERT_COMMITTED = `INSERT INTO runs (${[...NEW_RUN_COLUMNS, ...COMMITTED_COLUMNS, 'last_seq', 'event_steps_upto'].join(', ')})
  VALUES (${Array.from({ length: NEW_RUN_COLUMNS.length + COMMITTED_COLUMNS.length + 2 }, () => '?').join(', ')})`;
const col = (name: (typeof NEW_RUN_COLUMNS)[number]): number => NEW_RUN_COLUMNS.indexOf(name);
const KIND = col('kind');
const TRIGGER = col('trigger');
const LEASE_OWNER = col('lease_owner');
const LEASE_UNTIL = col('lease_until');

/**
 * Inserts `run` (the commit's `create`) as `c` leaves it, and its `run.created` event; returns the seq
 * the commit's own events start after (1), or undefined when the patch sets columns this insert does
 * not cover or the run has an idempotency key (the caller then creates it and applies the commit as
 * two writes). The patch is read as `runPatchColumns` reads it, straight into the insert's values.
 */
export function insertCommittedRun(
  stmts: StatementCache,
  hours: RunHours,
  c: Commit,
  run: NewRun,
): number | undefined {
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
  const kind = params[KIND] as string;
  for (const v of committed) params.push(v);
  const last = 1 + c.events.length;
  // Steps that ended here are derived from the events up to `last` (no `#events` row: `writeCommitRows`).
  params.push(last, c.stepsFromEvents === true && endsAStep(c.steps) ? last : null);
  stmts.get(INSERT_COMMITTED).run(...params);
  hours.add(
    {
      status: committed[0] as string,
      created_at: run.createdAt,
      started_at: committed[3] as number | null,
      finished_at: committed[4] as number | null,
      kind,
      workflow_id: run.workflowId,
    },
    1,
  );
  stmts
    .get(INSERT_EVENT)
    .run(run.id, 1, run.createdAt, 'run.created', null, createdEventJson(run, triggerJson));
  return 1;
}
