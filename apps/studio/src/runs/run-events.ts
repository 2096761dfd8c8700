/**
 * Folding run events (the engine's event log: `step.started`, `step.succeeded`, `run.failed`, …)
 * into what the canvas paints: each step's status, attempts, port and duration.
 */
import type { StepRunView } from '../document/run-slice';
import type { RunEvent, RunStatus, StepRecord, StepStatus } from '../api/router-types';
import type { PauseInfo, PauseCause } from '../debugger/pause';

/** The pause of a `step.waiting` event at a breakpoint (why, the inputs, the foreach item), else undefined. */
export function pauseOf(e: Pick<RunEvent, 'type' | 'seq' | 'data'>): PauseInfo | undefined {
  const d = e.data;
  if (e.type !== 'step.waiting' || d.reason !== 'breakpoint') return undefined;
  const cause: PauseCause = d.cause === 'step' || d.cause === 'condition' ? d.cause : 'breakpoint';
  const input = d.input && typeof d.input === 'object' && !Array.isArray(d.input) ? d.input : {};
  const p: PauseInfo = { cause, input: input as Record<string, unknown>, seq: e.seq };
  if (typeof d.index === 'number') {
    p.index = d.index;
    p.item = d.item ?? null;
  }
  return p;
}

/** An event of the watched run (its run id is known). */
type Event = Omit<RunEvent, 'runId'>;

const STEP_EVENTS: Record<string, StepStatus> = {
  'step.started': 'RUNNING',
  'step.resumed': 'RUNNING',
  'step.attempt.failed': 'RUNNING',
  'step.waiting': 'WAITING',
  'step.succeeded': 'SUCCESS',
  'step.failed': 'FAILED',
  'step.skipped': 'SKIPPED',
  'step.cancelled': 'CANCELLED',
};

const RUN_EVENTS: Record<string, RunStatus> = {
  'run.created': 'QUEUED',
  'run.started': 'RUNNING',
  'run.resumed': 'RUNNING',
  'run.waiting': 'WAITING',
  'run.succeeded': 'SUCCESS',
  'run.failed': 'FAILED',
  'run.cancelled': 'CANCELLED',
};

const TERMINAL = new Set<string>(['SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED']);

export function isTerminalRun(status: RunStatus): boolean {
  return TERMINAL.has(status);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The next view of a step after one of its events, or undefined when the event changes nothing shown. */
export function applyStepEvent(prev: StepRunView | undefined, e: Event): StepRunView | undefined {
  const status = e.stepId ? STEP_EVENTS[e.type] : undefined;
  if (!status) return undefined;
  const attempt = num(e.data.attempt) ?? num(e.data.attempts);
  const next: StepRunView = {
    status,
    attempts: Math.max(
      prev?.attempts ?? 0,
      attempt ?? (e.type === 'step.started' ? (prev?.attempts ?? 0) + 1 : 0),
    ),
  };
  const startedAt = prev?.startedAt ?? (e.type === 'step.started' ? e.at : undefined);
  if (startedAt !== undefined) next.startedAt = startedAt;
  if (TERMINAL.has(status)) {
    next.finishedAt = e.at;
    if (startedAt !== undefined) next.durationMs = Math.max(0, e.at - startedAt);
  }
  const port = typeof e.data.port === 'string' ? e.data.port : prev?.port;
  if (port) next.port = port;
  if (status === 'WAITING') {
    const reason = typeof e.data.reason === 'string' ? e.data.reason : prev?.waitReason;
    if (reason) next.waitReason = reason;
    if (typeof e.data.message === 'string') next.message = e.data.message;
    const pause = pauseOf(e);
    if (pause) next.pause = pause;
  }
  return next;
}

/** The run's status after a run-level event, or undefined. */
export function runStatusOf(e: Event): RunStatus | undefined {
  return e.stepId ? undefined : RUN_EVENTS[e.type];
}

/** The view of a step from the run's stored detail (used when opening a run). */
export function viewFromDetail(d: StepRecord): StepRunView {
  const v: StepRunView = { status: d.status, attempts: d.attempts };
  if (d.startedAt !== undefined) v.startedAt = d.startedAt;
  if (d.finishedAt !== undefined) v.finishedAt = d.finishedAt;
  if (d.port) v.port = d.port;
  if (d.status === 'WAITING' && d.waitReason) v.waitReason = d.waitReason;
  if (d.startedAt !== undefined && d.finishedAt !== undefined)
    v.durationMs = Math.max(0, d.finishedAt - d.startedAt);
  return v;
}

/** The steps of the watched run that wait for a person's decision. */
export function awaitingApproval(
  runSteps: Readonly<Record<string, StepRunView>>,
  approvalSteps: ReadonlySet<string>,
): string[] {
  return Object.entries(runSteps)
    .filter(
      ([id, v]) =>
        v.status === 'WAITING' &&
        (v.waitReason === 'approval' || (v.waitReason === undefined && approvalSteps.has(id))),
    )
    .map(([id]) => id);
}
