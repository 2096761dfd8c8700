/**
 * A commit that creates its run (`Commit.create`: the engine's first commit of a run it started
 * itself) as ONE insert of the run's row in the state the commit leaves it in, instead of an insert
 * of a QUEUED row and an update of it: a run that ends in its first turn (a sync webhook's) writes its
 * row and index entries once. The `run.created` event is seq 1, as `createRun` writes it.
 */
import { LeaseLostError } from '@weft/engine';
import type { Commit, NewRun } from '@weft/engine';
import { runPatchColumns } from '../internal/rows';
import { INSERT_EVENT, NEW_RUN_COLUMNS, createdEventJson, newRunParams } from '../internal/run-store-shared';
import type { SqlValue } from '../internal/sql-db';
import type { RunHours } from './run-hours';
import type { StatementCache } from './sqlite-db';

/** The run columns a creating commit may set in the same insert (the engine's `CommitBatcher` fields). */
const COMMITTED_COLUMNS = ['status', 'outputs', 'error', 'started_at', 'finished_at', 'wake_at'] as const;
const INSERT_COMMITTED = `INSERT INTO runs (${[...NEW_RUN_COLUMNS, ...COMMITTED_COLUMNS, 'last_seq'].join(', ')})
  VALUES (${Array.from({ length: NEW_RUN_COLUMNS.length + COMMITTED_COLUMNS.length + 1 }, () => '?').join(', ')})`;
const col = (name: (typeof NEW_RUN_COLUMNS)[number]): number => NEW_RUN_COLUMNS.indexOf(name);

/**
 * Inserts the run of `c.create` as `c` leaves it, and its `run.created` event; returns the seq the
 * commit's own events start after (1), or undefined when the patch sets columns this insert does not
 * cover or the run has an idempotency key (the caller then creates it and applies the commit as two
 * writes).
 */
export function insertCommittedRun(
  stmts: StatementCache,
  hours: RunHours,
  c: Commit & { create: NewRun },
): number | undefined {
  const run = c.create;
  if (run.lease?.owner !== c.owner) throw new LeaseLostError(c.runId);
  if (run.idempotencyKey !== undefined) return undefined;
  const patch = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
  const committed = new Map<string, SqlValue>([['status', 'QUEUED']]);
  for (const [i, name] of patch.columns.entries()) {
    if (!(COMMITTED_COLUMNS as readonly string[]).includes(name)) return undefined;
    committed.set(name, patch.values[i] as SqlValue);
  }
  const params = newRunParams(run);
  if (c.release) params[col('lease_owner')] = params[col('lease_until')] = null;
  const values = [
    ...params,
    ...COMMITTED_COLUMNS.map((name) => committed.get(name) ?? null),
    1 + c.events.length,
  ];
  stmts.get(INSERT_COMMITTED).run(...values);
  const at = (name: (typeof COMMITTED_COLUMNS)[number]): SqlValue => committed.get(name) ?? null;
  hours.add(
    {
      status: at('status') as string,
      created_at: run.createdAt,
      started_at: at('started_at') as number | null,
      finished_at: at('finished_at') as number | null,
      kind: params[col('kind')] as string,
      workflow_id: run.workflowId,
    },
    1,
  );
  const triggerJson = params[col('trigger')] as string | null;
  stmts
    .get(INSERT_EVENT)
    .run(run.id, 1, run.createdAt, 'run.created', null, createdEventJson(run, triggerJson));
  return 1;
}
