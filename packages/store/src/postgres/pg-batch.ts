/**
 * Group commit on PostgreSQL: the commits (and run creations) of one batch, across runs, go to the
 * server as ONE statement — each column of rows sent as one array parameter and turned back into
 * rows by `unnest` inside data-modifying CTEs — so a busy engine pays one round trip, one parse and
 * one WAL flush for many runs instead of one each.
 * Arrays because they are cheap on both sides: node writes each column with one native
 * `JSON.stringify` (a JSON array of numbers and strings is a PostgreSQL array literal once its
 * brackets are braces, see `pgArray`), and the server reads an array ~4× faster than the same rows
 * as JSON objects (`json_to_recordset` parsed the JSON twice, kept a hash table per row and parsed
 * every stored JSON value once more). Stored JSON values (event data, step input/output) travel as
 * the text `JSON.stringify` made of them, stored verbatim.
 * Each commit is still fenced by its own lease owner: a commit whose lease is gone simply matches no
 * row and is told so on its own. If the statement fails as a whole (bad data in one commit, a
 * deadlock), the caller sends every write in it again alone, so only the bad one fails — as on SQLite.
 */
import type { Commit, NewRun, StepRecord } from '@weft/engine';
import { COMMITTED_RUN_COLUMNS, committedStepRows } from '../internal/committed-run';
import type { CommittedRun } from '../internal/committed-run';
import { RUN_PATCH_COLUMNS, jsonOrNull, runPatchColumns } from '../internal/rows';
import { createdEventJson, newRunParams, packedEventRows } from '../internal/run-store-shared';

type Cell = string | number | boolean | null | undefined;
// SqlValue (newRunParams, runPatchColumns) as cells: run columns never hold a bigint or a Buffer.
const cell = (v: unknown): Cell => v as Cell;

/**
 * A PostgreSQL array literal of `values` (`undefined` and `null` are NULL). `JSON.stringify` quotes
 * strings as an array literal does (`"` and `\` escaped by a backslash) as long as no string holds a
 * control character or a lone surrogate (JSON writes those as `\n`, `\uXXXX`, which an array literal
 * would read as `n`, `uXXXX`): a value with a backslash in its JSON takes the slow, exact path.
 * `jsonTexts`: every string is JSON that `JSON.stringify` wrote (it never holds either), so any
 * backslash in the outer JSON is one of the two escapes an array literal reads back.
 */
export function pgArray(values: readonly Cell[], jsonTexts = false): string {
  const s = JSON.stringify(values);
  if (jsonTexts || !s.includes('\\')) return `{${s.slice(1, -1)}}`;
  return `{${values.map(arrayElement).join(',')}}`;
}

function arrayElement(v: Cell): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v !== 'string') return String(v);
  return `"${v.replace(/[\\"]/g, '\\$&')}"`;
}

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
/** Patch columns holding JSON text. */
const PATCH_JSON = new Set(['inputs', 'outputs', 'error', 'trigger', 'debug']);

/** `unnest($k::t[], …) AS alias(name, …)` over `cols` [name, type], numbering parameters from `first`. */
function unnest(alias: string, cols: readonly (readonly [string, string])[], first: number): string {
  const args = cols.map(([, t], k) => `$${first + k}::${t}[]`).join(', ');
  return `unnest(${args}) AS ${alias}(${cols.map(([c]) => c).join(', ')})`;
}

const RUN_BASE = [
  ['i', 'int'],
  ['id', 'text'],
  ['owner', 'text'],
  ['n', 'int'],
  ['m', 'int'],
  ['rel', 'bool'],
] as const;
const RUN_COLS: readonly (readonly [string, string])[] = [
  ...RUN_BASE,
  ...PATCH_COLUMNS.map((c) => [c, PATCH_TYPES[c] ?? 'text'] as const),
];
const EVENT_COLS = [
  ['i', 'int'],
  ['o', 'int'],
  ['at', 'bigint'],
  ['type', 'text'],
  ['step', 'text'],
  ['data', 'text'],
] as const;
const STEP_COLS = [
  ['i', 'int'],
  ['id', 'text'],
  ['status', 'text'],
  ['attempts', 'int'],
  ['input', 'text'],
  ['output', 'text'],
  ['port', 'text'],
  ['error', 'text'],
  ['started_at', 'bigint'],
  ['finished_at', 'bigint'],
  ['wait_reason', 'text'],
  ['wake_at', 'bigint'],
  ['state', 'text'],
] as const;
const ACK_COLS = [
  ['i', 'int'],
  ['id', 'bigint'],
] as const;
/** Step columns holding JSON text. */
const STEP_JSON = new Set(['input', 'output', 'error', 'state']);

const STEP_UPSERT = `ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, input = excluded.input,
      output = excluded.output, port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, wait_reason = excluded.wait_reason, wake_at = excluded.wake_at, state = excluded.state`;

/**
 * Parameters: the columns of the commits (i, id, owner, n events, m patch mask, rel, one per patch
 * column), of their events (i, o ord, at, type, step, data), steps (i, id, status, …) and acks (i, id).
 * `i` is the commit's position in the batch.
 */
function batchCommitSql(): string {
  const sets = PATCH_COLUMNS.map(
    (c, i) => `${c} = CASE WHEN (c.m & ${1 << i}) <> 0 THEN c.${c} ELSE runs.${c} END`,
  ).join(',\n      ');
  const ev = 1 + RUN_COLS.length;
  const st = ev + EVENT_COLS.length;
  const ack = st + STEP_COLS.length;
  // The rows are locked in id order first: two batches (or a batch and a lease renewal) touching
  // overlapping runs then queue behind each other instead of deadlocking.
  return `WITH c AS (
    SELECT * FROM ${unnest('c', RUN_COLS, 1)}
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
    SELECT r.id, r.last_seq - r.n + e.o, e.at, e.type, e.step, e.data
    FROM r JOIN ${unnest('e', EVENT_COLS, ev)} ON e.i = r.i
  ), st AS (
    INSERT INTO step_runs (run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
    SELECT r.id, s.id, s.status, s.attempts, s.input, s.output, s.port, s.error, s.started_at, s.finished_at, s.wait_reason, s.wake_at, s.state
    FROM r JOIN ${unnest('s', STEP_COLS, st)} ON s.i = r.i
    ${STEP_UPSERT}
  ), ack AS (
    DELETE FROM run_commands d USING r, ${unnest('a', ACK_COLS, ack)}
    WHERE a.i = r.i AND d.run_id = r.id AND d.id = a.id
  )
  SELECT i AS idx, last_seq FROM r`;
}

let commitText: string | undefined;

/** Columns by name, each filled row by row. */
function columns<N extends string>(cols: readonly (readonly [N, string])[]): Record<N, Cell[]> {
  return Object.fromEntries(cols.map(([c]) => [c, []])) as unknown as Record<N, Cell[]>;
}

function literals(
  cols: readonly (readonly [string, string])[],
  data: Record<string, Cell[]>,
  json: ReadonlySet<string>,
): string[] {
  return cols.map(([c]) => pgArray(data[c] as Cell[], json.has(c)));
}

function pushStep(s: Record<(typeof STEP_COLS)[number][0], Cell[]>, i: number, r: StepRecord): void {
  s.i.push(i);
  s.id.push(r.stepId);
  s.status.push(r.status);
  s.attempts.push(r.attempts);
  s.input.push(jsonOrNull(r.input));
  s.output.push(jsonOrNull(r.output));
  s.port.push(r.port);
  s.error.push(jsonOrNull(r.error));
  s.started_at.push(r.startedAt);
  s.finished_at.push(r.finishedAt);
  s.wait_reason.push(r.waitReason);
  s.wake_at.push(r.wakeAt);
  s.state.push(jsonOrNull(r.state));
}

/**
 * One statement for commits of distinct runs. Its rows are `{ idx, last_seq }` for the commits that
 * held their lease (idx = position in `commits`); a missing idx lost its lease or has no run.
 * A commit's events share packed rows (`packedEventRows`, as on SQLite: a run that runs to its end in
 * one turn adds a few rows to the log, not two per step; `listEvents` unpacks them).
 */
export function batchCommitQuery(commits: readonly Commit[]): { text: string; values: string[] } {
  commitText ??= batchCommitSql();
  const runs = columns(RUN_BASE);
  const patched: Record<string, Cell[]> = columns(PATCH_COLUMNS.map((c) => [c, ''] as const));
  const ev = columns(EVENT_COLS);
  const st = columns(STEP_COLS);
  const ack = columns(ACK_COLS);
  commits.forEach((c, i) => {
    runs.i.push(i);
    runs.id.push(c.runId);
    runs.owner.push(c.owner);
    runs.n.push(c.events.length);
    runs.rel.push(c.release === true);
    const { columns: cols, values } = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
    let m = 0;
    const patch = new Map<string, Cell>();
    cols.forEach((col, k) => {
      m |= 1 << (PATCH_BIT.get(col) as number);
      patch.set(col, cell(values[k]));
    });
    runs.m.push(m);
    for (const col of PATCH_COLUMNS) (patched[col] as Cell[]).push(patch.get(col) ?? null);
    // Numbered from 1: a row's `o` is its (last) event's place in the commit.
    for (const row of packedEventRows(c.runId, 1, c.events)) {
      ev.i.push(i);
      ev.o.push(row[1] as number);
      ev.at.push(row[2] as number);
      ev.type.push(row[3] as string);
      ev.step.push(row[4] as string | null);
      ev.data.push(row[5] as string);
    }
    // A step upserted twice in one commit: the last record wins (PostgreSQL refuses to touch a row twice).
    const byId = new Map<string, StepRecord>();
    for (const s of c.steps ?? []) byId.set(s.stepId, s);
    for (const s of byId.values()) pushStep(st, i, s);
    for (const id of c.ackCommands ?? []) {
      ack.i.push(i);
      ack.id.push(id);
    }
  });
  return {
    text: commitText,
    values: [
      ...literals(RUN_COLS, { ...runs, ...patched }, PATCH_JSON),
      ...literals(EVENT_COLS, ev, new Set(['data'])),
      ...literals(STEP_COLS, st, STEP_JSON),
      ...literals(ACK_COLS, ack, new Set()),
    ],
  };
}

/** The columns `newRunParams` fills, in its order, with their pg types; then the created event's data. */
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
const CREATE_COLS: readonly (readonly [string, string])[] = [...NEW_RUN_COLUMNS, ['ev_data', 'text']];
const CREATE_JSON = new Set(['inputs', 'trigger', 'debug', 'ev_data']);
const TRIGGER = NEW_RUN_COLUMNS.findIndex(([c]) => c === 'trigger');

let createText: string | undefined;

/** The runs (the `newRunParams` columns by name) and the data of their `run.created` events. */
function batchCreateSql(): string {
  const names = NEW_RUN_COLUMNS.map(([c]) => c).join(', ');
  const cols = NEW_RUN_COLUMNS.map(([c]) => `c.${c}`).join(', ');
  return `WITH c AS (
    SELECT * FROM ${unnest('c', CREATE_COLS, 1)}
  ), ins AS (
    INSERT INTO runs (${names}, status, last_seq, wake_at)
    SELECT ${cols}, 'QUEUED', 1, NULL FROM c
    ON CONFLICT (workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT c.id, 1, c.created_at, 'run.created', NULL, c.ev_data
    FROM ins JOIN c ON c.id = ins.id
  )
  SELECT id FROM ins`;
}

/**
 * One statement creating runs (with their `run.created` event). Rows: the ids created; a run not
 * among them found its idempotency key taken (by an older run or an earlier one of this batch).
 */
export function batchCreateQuery(runs: readonly NewRun[]): { text: string; values: string[] } {
  createText ??= batchCreateSql();
  const data = columns(CREATE_COLS);
  for (const run of runs) {
    const params = newRunParams(run);
    params.forEach((v, k) =>
      (data[(NEW_RUN_COLUMNS[k] as readonly [string, string])[0]] as Cell[]).push(cell(v)),
    );
    (data.ev_data as Cell[]).push(createdEventJson(run, params[TRIGGER] as string | null));
  }
  return { text: createText, values: literals(CREATE_COLS, data, CREATE_JSON) };
}

/** pg types of the columns a creating commit adds to the `newRunParams` ones (everything else is text). */
const COMMITTED_TYPES: Readonly<Record<string, string>> = {
  started_at: 'bigint',
  finished_at: 'bigint',
  wake_at: 'bigint',
  last_seq: 'int',
  event_steps_upto: 'int',
};
/** `COMMITTED_RUN_COLUMNS` with their pg types. */
const COMMITTED_COLS: readonly (readonly [string, string])[] = COMMITTED_RUN_COLUMNS.map(
  (c) => [c, NEW_RUN_COLUMNS.find(([n]) => n === c)?.[1] ?? COMMITTED_TYPES[c] ?? 'text'] as const,
);
const CREATED_COLS: readonly (readonly [string, string])[] = [...COMMITTED_COLS, ['ev_data', 'text']];
const CREATED_JSON = new Set(['inputs', 'trigger', 'debug', 'outputs', 'error', 'ev_data']);
const CREATED_EVENT_COLS = [
  ['run_id', 'text'],
  ['seq', 'int'],
  ['at', 'bigint'],
  ['type', 'text'],
  ['step_id', 'text'],
  ['data', 'text'],
] as const;
const STEP_ROW_COLS = [['run_id', 'text'], ...STEP_COLS.slice(1)].map(([c, t]) =>
  c === 'id' ? (['step_id', t] as const) : ([c, t] as const),
);

let createdText: string | undefined;

function batchCreatedSql(): string {
  const names = COMMITTED_RUN_COLUMNS.join(', ');
  const ev = 1 + CREATED_COLS.length;
  const st = ev + CREATED_EVENT_COLS.length;
  return `WITH c AS (
    SELECT * FROM ${unnest('c', CREATED_COLS, 1)}
  ), ins AS (
    INSERT INTO runs (${names}) SELECT ${names} FROM c RETURNING id
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT id, 1, created_at, 'run.created', NULL, ev_data FROM c
    UNION ALL SELECT * FROM ${unnest('e', CREATED_EVENT_COLS, ev)}
  ), st AS (
    INSERT INTO step_runs (${STEP_ROW_COLS.map(([c]) => c).join(', ')})
    SELECT * FROM ${unnest('s', STEP_ROW_COLS, st)}
  )
  SELECT count(*)::int AS n FROM ins`;
}

/**
 * One statement for commits that create their runs (`Commit.create`, each run's row already built by
 * `committedRun`): every run inserted in the state its commit leaves it in, with its `run.created`
 * event (seq 1), the commit's events (from seq 2, packed as `packedEventRows` packs them) and the step
 * rows `committedStepRows` keeps — none for a step that ended when the events make its record — in
 * one round trip, where a run created and then committed took two statements and a row per step.
 * No conflict is possible but a duplicate run id, which fails the statement (its caller then sends
 * each commit alone).
 */
export function batchCreatedQuery(items: readonly { commit: Commit; created: CommittedRun }[]): {
  text: string;
  values: string[];
} {
  createdText ??= batchCreatedSql();
  const runs = columns(CREATED_COLS);
  const runCols = CREATED_COLS.map(([c]) => runs[c] as Cell[]);
  const ev = columns(CREATED_EVENT_COLS);
  const evCols = CREATED_EVENT_COLS.map(([c]) => ev[c]);
  const st = columns(STEP_ROW_COLS);
  const stCols = STEP_ROW_COLS.map(([c]) => st[c] as Cell[]);
  for (const { commit: c, created } of items) {
    const run = c.create as NewRun;
    created.params.forEach((v, k) => (runCols[k] as Cell[]).push(cell(v)));
    (runs.ev_data as Cell[]).push(createdEventJson(run, created.triggerJson));
    for (const row of packedEventRows(c.runId, 2, c.events))
      row.forEach((v, k) => (evCols[k] as Cell[]).push(cell(v)));
    // A step written twice in one commit: the last record wins (as the upsert of a commit does).
    const byId = new Map<string, StepRecord>();
    for (const s of c.steps ?? []) byId.set(s.stepId, s);
    for (const row of committedStepRows(c, [...byId.values()]))
      row.forEach((v, k) => (stCols[k] as Cell[]).push(cell(v)));
  }
  return {
    text: createdText,
    values: [
      ...literals(CREATED_COLS, runs, CREATED_JSON),
      ...literals(CREATED_EVENT_COLS, ev, new Set(['data'])),
      ...literals(STEP_ROW_COLS, st, STEP_JSON),
    ],
  };
}
