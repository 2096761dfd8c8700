/** Pieces of the run store that both backends share. */
import { newRunRecord, stepTestOf } from '@weft/engine';
import type { NewRun, NewRunEvent, RunKind, StepRecord } from '@weft/engine';
import {
  EVENT_STEPS,
  NOT_SUCCESS,
  EVENT_STEPS_ID,
  PACKED_EVENTS,
  PACKED_STEPS,
  jsonOrNull,
  num,
  stepParams,
} from './rows';
import type { SqlValue } from './sql-db';

export const ACTIVE = "('QUEUED', 'RUNNING', 'WAITING')";
/** Runs that hold a concurrency slot: started ones, and QUEUED ones already admitted by a claim. */
export const HOLDS_SLOT = `${NOT_SUCCESS} AND status IN ${ACTIVE} AND (status <> 'QUEUED' OR admitted = 1)`;

/**
 * Runs an engine may claim without admission (parameters: now, owner, now, now, owner, now):
 * - RUNNING/WAITING runs whose lease is free (none, expired, or the caller's) and that need an engine:
 *   a timer is due, a command is pending, the lease of another engine expired (it died: take over), or
 *   a RUNNING run nobody holds;
 * - QUEUED runs admitted earlier whose lease is free and not the caller's own live one (being started).
 */
export const CLAIMABLE_ADMITTED = `status IN ${ACTIVE} AND (
  (status <> 'QUEUED' AND (lease_owner IS NULL OR lease_until <= ? OR lease_owner = ?)
    AND (wake_at <= ? OR id IN (SELECT run_id FROM run_commands)
      OR (lease_owner IS NOT NULL AND lease_until <= ?)
      OR (lease_owner IS NULL AND status = 'RUNNING')
      OR (lease_owner = ? AND ? = 1)))
  OR (status = 'QUEUED' AND admitted = 1 AND (lease_owner IS NULL OR lease_until <= ? OR (lease_owner = ? AND ? = 1))))`;

/**
 * Parameters of CLAIMABLE_ADMITTED. An expired lease is claimable by anyone, its own owner included
 * (an engine restarted under the same instance id). With `reclaimOwn` (an engine's first claim after
 * it starts), every run leased to `owner` is claimable at once, expired or not: a starting engine
 * drives nothing yet, so whatever its name still holds was stranded by its previous life.
 */
export function claimableParams(
  now: number,
  owner: string,
  reclaimOwn = false,
): [number, string, number, number, string, number, number, string, number] {
  const own = reclaimOwn ? 1 : 0;
  return [now, owner, now, now, owner, own, now, owner, own];
}

/** QUEUED runs waiting for admission (parameter: now), oldest first. */
export const AWAITING_ADMISSION = `${NOT_SUCCESS} AND status = 'QUEUED' AND admitted = 0 AND (lease_owner IS NULL OR lease_until <= ?)`;

/** The columns `newRunParams` gives values for, in its order. */
export const NEW_RUN_COLUMNS = [
  'id',
  'workflow_id',
  'workflow_version',
  'inputs',
  'trigger',
  'parent_run_id',
  'parent_step_id',
  'idempotency_key',
  'debug',
  'concurrency_limit',
  'created_at',
  'lease_owner',
  'lease_until',
  'admitted',
  'kind',
] as const;

/** A run created with `lease` is leased to its creator and admitted at once (the engine starts it itself). */
export const INSERT_RUN = `INSERT INTO runs (${NEW_RUN_COLUMNS.join(', ')}, status, last_seq, wake_at)
  VALUES (${NEW_RUN_COLUMNS.map(() => '?').join(', ')}, 'QUEUED', 1, NULL)`;

export function newRunParams(run: NewRun): SqlValue[] {
  return [
    run.id,
    run.workflowId,
    run.workflowVersion,
    JSON.stringify(run.inputs ?? {}),
    jsonOrNull(run.trigger),
    run.parent?.runId ?? null,
    run.parent?.stepId ?? null,
    run.idempotencyKey ?? null,
    jsonOrNull(run.debug),
    run.concurrencyLimit ?? null,
    run.createdAt,
    run.lease?.owner ?? null,
    run.lease?.until ?? null,
    run.lease ? 1 : 0,
    runKind(run.trigger),
  ];
}

/** The `kind` column: step tests (`Engine.testStep`) are kept apart from production runs in lists and aggregates. */
export function runKind(trigger: unknown): RunKind {
  return stepTestOf(trigger) ? 'step-test' : 'run';
}

/** The record of a run just inserted from `run` (what reading it back would give). */
export const createdRecord = newRunRecord;

/** The first event of every run. */
export function createdEvent(run: NewRun): NewRunEvent {
  const data: Record<string, unknown> = {
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    inputs: run.inputs,
  };
  if (run.trigger !== undefined) data.trigger = run.trigger;
  if (run.parent) data.parent = run.parent;
  if (run.idempotencyKey !== undefined) data.idempotencyKey = run.idempotencyKey;
  if (run.debug) data.debug = run.debug;
  if (run.concurrencyLimit !== undefined) data.concurrencyLimit = run.concurrencyLimit;
  return { at: run.createdAt, type: 'run.created', data };
}

/**
 * `JSON.stringify(createdEvent(run).data)` without serialising the trigger a second time: `triggerJson`
 * is the text already made for the run's `trigger` column (`newRunParams`). A run with a parent, an
 * idempotency key, a debug session or a concurrency limit takes the plain way.
 */
export function createdEventJson(run: NewRun, triggerJson: string | null): string {
  const plain =
    triggerJson === null ||
    run.inputs === undefined ||
    run.parent ||
    run.idempotencyKey !== undefined ||
    run.debug ||
    run.concurrencyLimit !== undefined;
  if (plain) return JSON.stringify(createdEvent(run).data);
  return `{"workflowId":${JSON.stringify(run.workflowId)},"workflowVersion":${JSON.stringify(run.workflowVersion)},"inputs":${JSON.stringify(run.inputs)},"trigger":${triggerJson}}`;
}

export const INSERT_EVENT =
  'INSERT INTO run_events (run_id, seq, at, type, step_id, data) VALUES (?, ?, ?, ?, ?, ?)';

/**
 * Most events one packed row holds, and the JSON length after which it takes no more: SQLite keeps at
 * most ~1,000 bytes of a WITHOUT ROWID row in its b-tree page (4 KB pages); a longer row spills into
 * an overflow page of its own, a whole page more to write (measured: 23% larger database than rows
 * kept under it, for the same runs).
 */
const PACK_EVENTS = 64;
const PACK_CHARS = 900;

/**
 * The `INSERT_EVENT` rows of a commit's events, numbered from `firstSeq`: consecutive events share a
 * packed row (`PACKED_EVENTS`, at most 64 events or about 900 bytes of JSON each), so a step that starts
 * and ends in one commit adds one row to the log, not two, and a whole run that runs in one turn
 * adds one. In a packed row each event's time is counted from the row's `at` (its first event's: 0),
 * mostly one digit instead of thirteen. A lone event keeps its plain row, and so does one whose time
 * is not a whole number of ms. `eventsFromRows` gives the events back one by one.
 */
export function packedEventRows(
  runId: string,
  firstSeq: number,
  events: readonly NewRunEvent[],
): SqlValue[][] {
  const rows: SqlValue[][] = [];
  let start = 0;
  let text = '';
  /** The data JSON of the latest event (what a row of that one event holds). */
  let data = '';
  const close = (end: number): void => {
    const first = events[start] as NewRunEvent;
    rows.push(
      end - start === 1
        ? [runId, firstSeq + start, first.at, first.type, first.stepId ?? null, data]
        : [runId, firstSeq + end - 1, first.at, PACKED_EVENTS, null, `[${text}]`],
    );
    start = end;
    text = '';
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as NewRunEvent;
    const json = JSON.stringify(e.data ?? {});
    const whole = Number.isSafeInteger(e.at);
    if (i > start && !whole) close(i);
    const rest = `,${JSON.stringify(e.type)},${e.stepId === undefined ? 'null' : JSON.stringify(e.stepId)},${json}]`;
    let one = `[${e.at - (events[start] as NewRunEvent).at}${rest}`;
    if (i > start && (i - start >= PACK_EVENTS || text.length + 1 + one.length > PACK_CHARS)) {
      close(i);
      one = `[0${rest}`;
    }
    text = i === start ? one : `${text},${one}`;
    data = json; // a row of one event (the last of a full row, or alone) stores just this
    if (!whole) close(i + 1);
  }
  if (events.length > start) close(events.length);
  return rows;
}

/** A step row of a run that has none yet (its creating commit): a plain insert, nothing to update. */
export const INSERT_STEP = `INSERT INTO step_runs (run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const ENDED: ReadonlySet<string> = new Set(['SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED']);

/** Whether a creating commit's steps include one that ended: `eventStepRows` then derives it from the events. */
export function endsAStep(steps: readonly StepRecord[] | undefined): boolean {
  return steps?.some((s) => ENDED.has(s.status)) === true;
}

/**
 * The `INSERT_STEP` rows of the steps of the commit that creates their run (no step has a row yet):
 * the steps that ended in it share packed rows (`PACKED_STEPS`, at most about 900 characters of JSON
 * each, as packed events are), so a chain that runs to its end in the run's first turn writes one or
 * two rows, not one per step. A step that did not end (it will change) keeps a row of its own, and so
 * does one whose record alone is longer than a packed row holds. `stepsFromRows` reads them back.
 */
export function packedStepRows(runId: string, steps: readonly StepRecord[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  let text = '';
  const close = (): void => {
    rows.push([
      runId,
      `#packed:${rows.length}`,
      PACKED_STEPS,
      0,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      `[${text}]`,
    ]);
    text = '';
  };
  const own = (s: StepRecord): void => {
    const row = stepParams(s);
    row[0] = runId;
    rows.push(row);
  };
  for (const s of steps) {
    if (!ENDED.has(s.status)) {
      own(s);
      continue;
    }
    const json = packedStep(s);
    if (json.length > PACK_CHARS) {
      own(s);
      continue;
    }
    if (text && text.length + 1 + json.length > PACK_CHARS) close();
    text = text ? `${text},${json}` : json;
  }
  if (text) close();
  return rows;
}

/**
 * The `INSERT_STEP` rows of the steps of a commit that creates their run and whose records its events
 * make (`Commit.stepsFromEvents`): a step that ended has no row, its record is derived from the events
 * when read, and the run's `event_steps_upto` (the commit's `lastSeq`, written with the run's row when
 * `markerRow` is false) or else one `EVENT_STEPS` row says so; a step that did not end (it will change)
 * has a row of its own. `getStepRows` reads them back.
 */
export function eventStepRows(
  runId: string,
  steps: readonly StepRecord[],
  lastSeq: number,
  opts: { markerRow: boolean },
): SqlValue[][] {
  const rows: SqlValue[][] = [];
  let derived = false;
  for (const s of steps) {
    if (ENDED.has(s.status)) {
      derived = true;
      continue;
    }
    const row = stepParams(s);
    row[0] = runId;
    rows.push(row);
  }
  if (derived && opts.markerRow)
    rows.push([
      runId,
      EVENT_STEPS_ID,
      EVENT_STEPS,
      lastSeq,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  return rows;
}

/**
 * One ended step in a packed row: `[stepId, status, attempts, startedAt, finishedAt - startedAt, input,
 * output]` when the record has exactly those fields (a built-in that succeeded: the common case, in
 * half the bytes of the record's JSON), else the record's JSON without its `runId`.
 */
function packedStep(s: StepRecord): string {
  const { startedAt, finishedAt } = s;
  if (
    startedAt !== undefined &&
    finishedAt !== undefined &&
    Number.isSafeInteger(startedAt) &&
    Number.isSafeInteger(finishedAt) &&
    Number.isSafeInteger(s.attempts) &&
    s.port === undefined &&
    s.error === undefined &&
    s.waitReason === undefined &&
    s.wakeAt === undefined &&
    s.state === undefined
  ) {
    const input = JSON.stringify(s.input) as string | undefined;
    const output = JSON.stringify(s.output) as string | undefined;
    if (input !== undefined && output !== undefined)
      return `[${JSON.stringify(s.stepId)},${JSON.stringify(s.status)},${s.attempts},${startedAt},${finishedAt - startedAt},${input},${output}]`;
  }
  const { runId: _run, ...rec } = s;
  return JSON.stringify(rec);
}

export const UPSERT_STEP = `INSERT INTO step_runs (run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, input = excluded.input,
    output = excluded.output, port = excluded.port, error = excluded.error, started_at = excluded.started_at,
    finished_at = excluded.finished_at, wait_reason = excluded.wait_reason, wake_at = excluded.wake_at, state = excluded.state`;

export interface AdmissionCandidate {
  ord: number;
  id: string;
  workflow_id: string;
  concurrency_limit: number | null;
}

/**
 * Admission of QUEUED runs in creation order: a run of a workflow with a concurrency limit is admitted
 * while the workflow holds fewer slots than the limit; once one waits, younger runs of that workflow
 * wait behind it (no overtaking).
 */
export class Admission {
  private readonly held = new Map<string, number>();
  private readonly blocked = new Set<string>();

  /** `slotsOf` counts the slots a workflow holds now (called once per workflow). */
  constructor(private readonly slotsOf: (workflowId: string) => number) {}

  take(c: AdmissionCandidate): boolean {
    if (c.concurrency_limit === null) return true;
    if (this.blocked.has(c.workflow_id)) return false;
    const n = this.held.get(c.workflow_id) ?? this.slotsOf(c.workflow_id);
    if (n < num(c.concurrency_limit)) {
      this.held.set(c.workflow_id, n + 1);
      return true;
    }
    this.blocked.add(c.workflow_id);
    return false;
  }

  /** Workflows whose slots were not counted yet but will be needed for these candidates. */
  uncounted(cs: readonly AdmissionCandidate[]): string[] {
    return [
      ...new Set(
        cs
          .filter(
            (c) =>
              c.concurrency_limit !== null &&
              !this.held.has(c.workflow_id) &&
              !this.blocked.has(c.workflow_id),
          )
          .map((c) => c.workflow_id),
      ),
    ];
  }
}
