/** Row shapes of the run tables and their mapping to the engine's records (same on both backends). */
import type {
  DebugOptions,
  RunEvent,
  RunEventType,
  RunId,
  RunRecord,
  RunStatus,
  StepError,
  StepRecord,
  StepStatus,
  StoredCommand,
  RunCommand,
  WaitReason,
} from '@weft/engine';
import { isTerminalStep, replay } from '@weft/engine';
import type { SqlValue } from './sql-db';

/**
 * The WHERE term of the `runs` indexes keyed by status (migration 6), which leave out SUCCESS runs. SQLite
 * uses a partial index only when the query has this very term (it does not infer it from
 * `status = 'FAILED'`): a query over runs that did not succeed adds it to reach those indexes.
 */
export const NOT_SUCCESS = "status <> 'SUCCESS'";

export interface RunRow {
  ord: number;
  id: string;
  workflow_id: string;
  workflow_version: number;
  status: string;
  inputs: string;
  outputs: string | null;
  error: string | null;
  trigger: string | null;
  parent_run_id: string | null;
  parent_step_id: string | null;
  idempotency_key: string | null;
  debug: string | null;
  concurrency_limit: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  last_seq: number;
  wake_at: number | null;
}

export interface StepRow {
  run_id: string;
  step_id: string;
  status: string;
  attempts: number;
  input: string | null;
  output: string | null;
  port: string | null;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
  wait_reason: string | null;
  wake_at: number | null;
  state: string | null;
}

export interface EventRow {
  run_id: string;
  seq: number;
  at: number;
  type: string;
  step_id: string | null;
  data: string;
}

export interface CommandRow {
  id: number;
  run_id: string;
  command: string;
  created_at: number;
}

export const RUN_COLUMNS =
  'ord, id, workflow_id, workflow_version, status, inputs, outputs, error, trigger, parent_run_id, parent_step_id, idempotency_key, debug, concurrency_limit, created_at, started_at, finished_at, last_seq, wake_at';
export const STEP_COLUMNS =
  'run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state';

/** JSON text for a value; `undefined` → NULL (so `null` and "absent" stay distinct). */
export function jsonOrNull(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

function parse(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

/** Numbers come back as strings from some drivers (int8); normalise. */
export function num(v: number | string | bigint): number {
  return typeof v === 'number' ? v : Number(v);
}

function optNum(v: number | string | null): number | undefined {
  return v === null ? undefined : num(v);
}

export function runFromRow(r: RunRow): RunRecord {
  const rec: RunRecord = {
    id: r.id as RunId,
    workflowId: r.workflow_id,
    workflowVersion: num(r.workflow_version),
    status: r.status as RunStatus,
    inputs: JSON.parse(r.inputs) as Record<string, unknown>,
    trigger: parse(r.trigger),
    createdAt: num(r.created_at),
    lastSeq: num(r.last_seq),
  };
  if (r.outputs !== null) rec.outputs = JSON.parse(r.outputs) as Record<string, unknown>;
  if (r.error !== null) rec.error = JSON.parse(r.error) as StepError;
  if (r.parent_run_id !== null)
    rec.parent = { runId: r.parent_run_id as RunId, stepId: r.parent_step_id ?? '' };
  if (r.idempotency_key !== null) rec.idempotencyKey = r.idempotency_key;
  if (r.debug !== null) rec.debug = JSON.parse(r.debug) as DebugOptions;
  if (r.concurrency_limit !== null) rec.concurrencyLimit = num(r.concurrency_limit);
  const startedAt = optNum(r.started_at);
  if (startedAt !== undefined) rec.startedAt = startedAt;
  const finishedAt = optNum(r.finished_at);
  if (finishedAt !== undefined) rec.finishedAt = finishedAt;
  const wakeAt = optNum(r.wake_at);
  if (wakeAt !== undefined) rec.wakeAt = wakeAt;
  return rec;
}

/**
 * The `status` of a packed `step_runs` row: the final records of several steps of one run in one row
 * (`packedStepRows`: steps that ended in the commit that created their run). Its `step_id` is
 * `#packed:<n>` (never a step id: those start with a letter or `_`), its `state` a JSON array of the
 * steps, each a `PackedStep` or its record without the `runId`. A row of the step's own, written
 * later, wins over its packed record. Readers see the steps (`stepsFromRows`), never the row.
 */
export const PACKED_STEPS = 'PACKED';

/** A packed step in its short form (`packedStepRows`): a record with just these fields. */
type PackedStep = [
  stepId: string,
  status: StepStatus,
  attempts: number,
  startedAt: number,
  /** finishedAt − startedAt */
  took: number,
  input: unknown,
  output: unknown,
];

/**
 * The `status` of a `step_runs` row that stands for the steps that ended in the commit that created their
 * run (`Commit.stepsFromEvents`: their records are what the run's events make of them): its `step_id` is
 * `#events`, its `attempts` that commit's last seq. Their records are derived from the run's events up to
 * it (`stepsFromEvents`), so each step's input and output are written once, in its events. A row of the
 * step's own, written later, wins over its derived record.
 */
export const EVENT_STEPS = 'EVENTS';
export const EVENT_STEPS_ID = '#events';

/** The records of the steps that ended in `events` (a run's, from seq 1), as `applyEvent` makes them. */
export function stepsFromEvents(events: readonly RunEvent[]): StepRecord[] {
  const state = replay(events);
  return Object.values(state.steps).filter((s) => isTerminalStep(s.status));
}

/**
 * The step records of a run's `step_runs` rows, packed rows unpacked and `derived` (`stepsFromEvents`, for
 * an `EVENT_STEPS` row) added where a step has no row of its own (ordered by step id, as read).
 */
export function stepsFromRows(rows: readonly StepRow[], derived?: readonly StepRecord[]): StepRecord[] {
  const out: StepRecord[] = [];
  let packed: StepRecord[] | undefined = derived && [...derived];
  for (const r of rows) {
    if (r.status === EVENT_STEPS) continue;
    if (r.status !== PACKED_STEPS) {
      out.push(stepFromRow(r));
      continue;
    }
    const runId = r.run_id as RunId;
    for (const e of JSON.parse(r.state ?? '[]') as (PackedStep | Omit<StepRecord, 'runId'>)[])
      (packed ??= []).push(
        Array.isArray(e)
          ? {
              runId,
              stepId: e[0],
              status: e[1],
              attempts: e[2],
              startedAt: e[3],
              finishedAt: e[3] + e[4],
              input: e[5],
              output: e[6],
            }
          : { runId, ...e },
      );
  }
  if (!packed) return out;
  const own = new Set(out.map((s) => s.stepId));
  for (const rec of packed) if (!own.has(rec.stepId)) out.push(rec);
  return out.sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : 0));
}

export function stepFromRow(r: StepRow): StepRecord {
  const rec: StepRecord = {
    runId: r.run_id as RunId,
    stepId: r.step_id,
    status: r.status as StepStatus,
    attempts: num(r.attempts),
  };
  if (r.input !== null) rec.input = JSON.parse(r.input);
  if (r.output !== null) rec.output = JSON.parse(r.output);
  if (r.port !== null) rec.port = r.port;
  if (r.error !== null) rec.error = JSON.parse(r.error) as StepError;
  const startedAt = optNum(r.started_at);
  if (startedAt !== undefined) rec.startedAt = startedAt;
  const finishedAt = optNum(r.finished_at);
  if (finishedAt !== undefined) rec.finishedAt = finishedAt;
  if (r.wait_reason !== null) rec.waitReason = r.wait_reason as WaitReason;
  const wakeAt = optNum(r.wake_at);
  if (wakeAt !== undefined) rec.wakeAt = wakeAt;
  if (r.state !== null) rec.state = JSON.parse(r.state);
  return rec;
}

export function stepParams(s: StepRecord): SqlValue[] {
  return [
    s.runId,
    s.stepId,
    s.status,
    s.attempts,
    jsonOrNull(s.input),
    jsonOrNull(s.output),
    s.port ?? null,
    jsonOrNull(s.error),
    s.startedAt ?? null,
    s.finishedAt ?? null,
    s.waitReason ?? null,
    s.wakeAt ?? null,
    jsonOrNull(s.state),
  ];
}

/**
 * The `type` of a packed `run_events` row: several consecutive events of one run in one row (a commit's,
 * `packedEventRows`). Its `seq` is its last event's, its `at` its first event's, and its `data` a JSON
 * array of `[at, type, stepId | null, data]`, one per event in order, `at` counted from the row's
 * (rows written before 2026-12-03 hold absolute times: their first `at` is the row's own). Readers
 * see the events, never the row.
 */
export const PACKED_EVENTS = 'packed';

type PackedEvent = [at: number, type: string, stepId: string | null, data: Record<string, unknown>];

/**
 * The events of `run_events` rows (in seq order, as `SELECT … WHERE seq > afterSeq ORDER BY seq LIMIT
 * limit` returns them): packed rows are unpacked, their events up to `afterSeq` left out, and at most
 * `limit` events returned (a row holds at least one, so `limit` rows always give enough).
 */
export function eventsFromRows(rows: readonly EventRow[], afterSeq: number, limit: number): RunEvent[] {
  const out: RunEvent[] = [];
  for (const r of rows) {
    if (out.length >= limit) break;
    if (r.type !== PACKED_EVENTS) {
      out.push(eventFromRow(r));
      continue;
    }
    const packed = JSON.parse(r.data) as PackedEvent[];
    // Times counted from the row's `at` (the first is 0), or, in rows written before that, absolute
    // (the first is the row's `at`: the same when that is 0).
    const base = packed[0]?.[0] === 0 ? num(r.at) : 0;
    let seq = num(r.seq) - packed.length;
    for (const [at, type, stepId, data] of packed) {
      if (++seq <= afterSeq) continue;
      const ev: RunEvent = { runId: r.run_id as RunId, seq, at: base + at, type: type as RunEventType, data };
      if (stepId !== null) ev.stepId = stepId;
      out.push(ev);
    }
  }
  if (out.length > limit) out.length = limit;
  return out;
}

export function eventFromRow(r: EventRow): RunEvent {
  const ev: RunEvent = {
    runId: r.run_id as RunId,
    seq: num(r.seq),
    at: num(r.at),
    type: r.type as RunEventType,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
  if (r.step_id !== null) ev.stepId = r.step_id;
  return ev;
}

export function commandFromRow(r: CommandRow): StoredCommand {
  return {
    id: num(r.id),
    runId: r.run_id as RunId,
    command: JSON.parse(r.command) as RunCommand,
    createdAt: num(r.created_at),
  };
}

/**
 * The run columns a commit's `run` patch may set, with how to encode each. A key present with the
 * value `undefined` clears the column (e.g. `wakeAt: undefined` once a timer fired).
 */
export const RUN_PATCH_COLUMNS: Readonly<
  Record<string, { column: string; encode: (v: unknown) => SqlValue }>
> = {
  workflowId: { column: 'workflow_id', encode: (v) => (v === undefined ? null : String(v)) },
  workflowVersion: { column: 'workflow_version', encode: (v) => (v === undefined ? null : Number(v)) },
  status: { column: 'status', encode: (v) => (v === undefined ? null : String(v)) },
  inputs: { column: 'inputs', encode: (v) => JSON.stringify(v ?? {}) },
  outputs: { column: 'outputs', encode: jsonOrNull },
  error: { column: 'error', encode: jsonOrNull },
  trigger: { column: 'trigger', encode: jsonOrNull },
  idempotencyKey: { column: 'idempotency_key', encode: (v) => (v === undefined ? null : String(v)) },
  debug: { column: 'debug', encode: jsonOrNull },
  concurrencyLimit: { column: 'concurrency_limit', encode: (v) => (v === undefined ? null : Number(v)) },
  createdAt: { column: 'created_at', encode: (v) => (v === undefined ? null : Number(v)) },
  startedAt: { column: 'started_at', encode: (v) => (v === undefined ? null : Number(v)) },
  finishedAt: { column: 'finished_at', encode: (v) => (v === undefined ? null : Number(v)) },
  wakeAt: { column: 'wake_at', encode: (v) => (v === undefined ? null : Number(v)) },
};

/** Patch keys of NOT NULL columns: a patch cannot clear them (a key present with `undefined` is skipped). */
export const RUN_PATCH_NOT_NULL: ReadonlySet<string> = new Set([
  'status',
  'workflowId',
  'workflowVersion',
  'createdAt',
]);

/** Columns + values of a run patch; `parent` expands to two columns. Unknown keys are ignored. */
export function runPatchColumns(patch: Record<string, unknown>): { columns: string[]; values: SqlValue[] } {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const key of Object.keys(patch)) {
    const v = patch[key];
    if (key === 'parent') {
      const p = v as { runId: string; stepId: string } | undefined;
      columns.push('parent_run_id', 'parent_step_id');
      values.push(p?.runId ?? null, p?.stepId ?? null);
      continue;
    }
    const spec = RUN_PATCH_COLUMNS[key];
    if (!spec) continue;
    if (v === undefined && RUN_PATCH_NOT_NULL.has(key)) continue;
    columns.push(spec.column);
    values.push(spec.encode(v));
  }
  return { columns, values };
}
