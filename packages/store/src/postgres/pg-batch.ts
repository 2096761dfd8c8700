/**
 * Group commit on PostgreSQL: the commits (and run creations) of one batch, across runs, go to the
 * server as ONE statement — rows sent as JSON and turned into rows by `json_to_recordset` inside
 * data-modifying CTEs — so a busy engine pays one round trip, one parse and one WAL flush for many runs
 * instead of one each. JSON because it is cheap on both sides: node writes it with one native
 * `JSON.stringify` per kind (pg's array literals escaped every element in JavaScript: most of the node
 * time of a commit), and stored JSON values (event data, step input/output) pass through verbatim as
 * `json` columns, never encoded twice.
 * Each commit is still fenced by its own lease owner: a commit whose lease is gone simply matches no
 * row and is told so on its own. If the statement fails as a whole (bad data in one commit, a
 * deadlock), the caller sends every write in it again alone, so only the bad one fails — as on SQLite.
 */
import type { Commit, NewRun, StepRecord } from '@weft/engine';
import { RUN_PATCH_COLUMNS, runPatchColumns } from '../internal/rows';
import { createdEvent, newRunParams } from '../internal/run-store-shared';

/** pg types of the run columns a patch may set (everything else is text). */
const PATCH_TYPES: Readonly<Record<string, string>> = {
  workflow_version: 'int',
  concurrency_limit: 'int',
  created_at: 'bigint',
  started_at: 'bigint',
  finished_at: 'bigint',
  wake_at: 'bigint',
};

/** Every column a run patch may set, in bit order of the per-row mask. */
const PATCH_COLUMNS: readonly string[] = [
  ...Object.values(RUN_PATCH_COLUMNS).map((c) => c.column),
  'parent_run_id',
  'parent_step_id',
];
const PATCH_BIT = new Map(PATCH_COLUMNS.map((c, i) => [c, i]));

/**
 * A stored JSON value as a `json` column. `json_to_recordset` reads both a missing key and JSON
 * `null` as SQL NULL, so a `null` value is flagged in the row's `z` bits and written back as 'null'.
 */
const NULLABLE_JSON = ['input', 'output', 'error', 'state'] as const;
const jsonText = (row: string, col: string, bit: number): string =>
  `coalesce(${row}.${col}::text, CASE WHEN ${row}.z & ${bit} <> 0 THEN 'null' END)`;

const STEP_UPSERT = `ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, input = excluded.input,
      output = excluded.output, port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, wait_reason = excluded.wait_reason, wake_at = excluded.wake_at, state = excluded.state`;

/**
 * $1 commits (i, id, owner, n events, m patch mask, rel, one key per patched column), $2 events
 * (i, o ord, at, type, step, data), $3 steps (i, id, status, …, z null bits), $4 acks (i, id).
 * `i` is the commit's position in the batch.
 */
function batchCommitSql(): string {
  const patchCols = PATCH_COLUMNS.map((c) => `${c} ${PATCH_TYPES[c] ?? 'text'}`).join(', ');
  const sets = PATCH_COLUMNS.map(
    (c, i) => `${c} = CASE WHEN (c.m & ${1 << i}) <> 0 THEN c.${c} ELSE runs.${c} END`,
  ).join(',\n      ');
  const [input, output, error, state] = NULLABLE_JSON.map((c, i) => jsonText('s', c, 1 << i));
  // The rows are locked in id order first: two batches (or a batch and a lease renewal) touching
  // overlapping runs then queue behind each other instead of deadlocking.
  return `WITH c AS (
    SELECT * FROM json_to_recordset($1::json) AS c(i int, id text, owner text, n int, m int, rel bool, ${patchCols})
  ), r AS (
    UPDATE runs SET last_seq = runs.last_seq + c.n,
      ${sets},
      lease_owner = CASE WHEN c.rel THEN NULL ELSE runs.lease_owner END,
      lease_until = CASE WHEN c.rel THEN NULL ELSE runs.lease_until END
    FROM c WHERE runs.id = c.id AND runs.lease_owner = c.owner
      AND runs.id IN (SELECT l.id FROM runs l WHERE l.id IN (SELECT id FROM c) ORDER BY l.id FOR UPDATE)
    RETURNING c.i, runs.id, runs.last_seq, c.n
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT r.id, r.last_seq - r.n + e.o, e.at, e.type, e.step, e.data::text
    FROM r JOIN json_to_recordset($2::json) AS e(i int, o int, at bigint, type text, step text, data json) ON e.i = r.i
  ), st AS (
    INSERT INTO step_runs (run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
    SELECT r.id, s.id, s.status, s.attempts, ${input}, ${output}, s.port, ${error}, s.started_at, s.finished_at, s.wait_reason, s.wake_at, ${state}
    FROM r JOIN json_to_recordset($3::json) AS s(i int, id text, status text, attempts int, input json, output json, port text,
      error json, started_at bigint, finished_at bigint, wait_reason text, wake_at bigint, state json, z int) ON s.i = r.i
    ${STEP_UPSERT}
  ), ack AS (
    DELETE FROM run_commands d USING r, json_to_recordset($4::json) AS a(i int, id bigint)
    WHERE a.i = r.i AND d.run_id = r.id AND d.id = a.id
  )
  SELECT i AS idx, last_seq FROM r`;
}

let commitText: string | undefined;

/** A step record as a row of `$3` (its run comes from `i`). */
function stepRow(i: number, s: StepRecord): Record<string, unknown> {
  let z = 0;
  NULLABLE_JSON.forEach((k, bit) => {
    if (s[k] === null) z |= 1 << bit;
  });
  return {
    i,
    id: s.stepId,
    status: s.status,
    attempts: s.attempts,
    input: s.input,
    output: s.output,
    port: s.port,
    error: s.error,
    started_at: s.startedAt,
    finished_at: s.finishedAt,
    wait_reason: s.waitReason,
    wake_at: s.wakeAt,
    state: s.state,
    ...(z !== 0 && { z }),
  };
}

/**
 * One statement for commits of distinct runs. Its rows are `{ idx, last_seq }` for the commits that
 * held their lease (idx = position in `commits`); a missing idx lost its lease or has no run.
 */
export function batchCommitQuery(commits: readonly Commit[]): { text: string; values: string[] } {
  commitText ??= batchCommitSql();
  const runs: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const steps: Record<string, unknown>[] = [];
  const acks: { i: number; id: number }[] = [];
  commits.forEach((c, i) => {
    const row: Record<string, unknown> = { i, id: c.runId, owner: c.owner, n: c.events.length };
    if (c.release === true) row.rel = true;
    const { columns, values } = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
    let m = 0;
    columns.forEach((col, k) => {
      m |= 1 << (PATCH_BIT.get(col) as number);
      row[col] = values[k];
    });
    row.m = m;
    runs.push(row);
    c.events.forEach((e, k) =>
      events.push({ i, o: k + 1, at: e.at, type: e.type, step: e.stepId, data: e.data ?? {} }),
    );
    // A step upserted twice in one commit: the last record wins (PostgreSQL refuses to touch a row twice).
    const byId = new Map<string, StepRecord>();
    for (const s of c.steps ?? []) byId.set(s.stepId, s);
    for (const s of byId.values()) steps.push(stepRow(i, s));
    for (const id of c.ackCommands ?? []) acks.push({ i, id });
  });
  return {
    text: commitText,
    values: [runs, events, steps, acks].map((rows) => JSON.stringify(rows)),
  };
}

/** The columns `newRunParams` fills, in its order, with their pg types. */
const NEW_RUN_COLUMNS: readonly (readonly [string, string])[] = [
  ['id', 'text'],
  ['workflow_id', 'text'],
  ['workflow_version', 'int'],
  ['inputs', 'text'],
  ['trigger', 'text'],
  ['parent_run_id', 'text'],
  ['parent_step_id', 'text'],
  ['idempotency_key', 'text'],
  ['debug', 'text'],
  ['concurrency_limit', 'int'],
  ['created_at', 'bigint'],
  ['lease_owner', 'text'],
  ['lease_until', 'bigint'],
  ['admitted', 'int'],
  ['kind', 'text'],
];

let createText: string | undefined;

/** $1 runs (the `newRunParams` columns by name, i), $2 their `run.created` events (i, at, type, data). */
function batchCreateSql(): string {
  const names = NEW_RUN_COLUMNS.map(([c]) => c).join(', ');
  const typed = NEW_RUN_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ');
  const cols = NEW_RUN_COLUMNS.map(([c]) => `c.${c}`).join(', ');
  return `WITH c AS (
    SELECT * FROM json_to_recordset($1::json) AS c(${typed}, i int)
  ), ins AS (
    INSERT INTO runs (${names}, status, last_seq, wake_at)
    SELECT ${cols}, 'QUEUED', 1, NULL FROM c
    ON CONFLICT (workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT c.id, 1, e.at, e.type, NULL, e.data::text
    FROM ins JOIN c ON c.id = ins.id JOIN json_to_recordset($2::json) AS e(i int, at bigint, type text, data json) ON e.i = c.i
  )
  SELECT id FROM ins`;
}

/**
 * One statement creating runs (with their `run.created` event). Rows: the ids created; a run not
 * among them found its idempotency key taken (by an older run or an earlier one of this batch).
 */
export function batchCreateQuery(runs: readonly NewRun[]): { text: string; values: string[] } {
  createText ??= batchCreateSql();
  const rows = runs.map((run, i) => {
    const row: Record<string, unknown> = { i };
    newRunParams(run).forEach((v, k) => (row[(NEW_RUN_COLUMNS[k] as readonly [string, string])[0]] = v));
    return row;
  });
  const events = runs.map((run, i) => {
    const e = createdEvent(run);
    return { i, at: e.at, type: e.type, data: e.data };
  });
  return { text: createText, values: [JSON.stringify(rows), JSON.stringify(events)] };
}
