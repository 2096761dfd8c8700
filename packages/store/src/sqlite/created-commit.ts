/**
 * SQLite's insert of a creating commit's run in its committed state (`internal/committed-run.ts`):
 * one `runs` row, written once, and its `run.created` event (seq 1).
 */
import type { Commit, NewRun } from '@weft/engine';
import { COMMITTED_AT_COLUMN, COMMITTED_RUN_COLUMNS, committedRun } from '../internal/committed-run';
import { INSERT_EVENT, createdEventJson } from '../internal/run-store-shared';
import type { RunHours } from './run-hours';
import type { StatementCache } from './sqlite-db';

const INSERT_COMMITTED = `INSERT INTO runs (${COMMITTED_RUN_COLUMNS.join(', ')})
  VALUES (${COMMITTED_RUN_COLUMNS.map(() => '?').join(', ')})`;
const STATUS = COMMITTED_AT_COLUMN('status');
const STARTED_AT = COMMITTED_AT_COLUMN('started_at');
const FINISHED_AT = COMMITTED_AT_COLUMN('finished_at');
const KIND = COMMITTED_AT_COLUMN('kind');

/**
 * Inserts `run` (the commit's `create`) as `c` leaves it, and its `run.created` event; returns the seq
 * the commit's own events start after (1), or undefined when `committedRun` cannot build the row (the
 * caller then creates the run and applies the commit as two writes).
 */
export function insertCommittedRun(
  stmts: StatementCache,
  hours: RunHours,
  c: Commit,
  run: NewRun,
): number | undefined {
  const row = committedRun(c, run);
  if (row === undefined) return undefined;
  const { params } = row;
  stmts.get(INSERT_COMMITTED).run(...params);
  hours.add(
    {
      status: params[STATUS] as string,
      created_at: run.createdAt,
      started_at: params[STARTED_AT] as number | null,
      finished_at: params[FINISHED_AT] as number | null,
      kind: params[KIND] as string,
      workflow_id: run.workflowId,
    },
    1,
  );
  stmts
    .get(INSERT_EVENT)
    .run(run.id, 1, run.createdAt, 'run.created', null, createdEventJson(run, row.triggerJson));
  return 1;
}
