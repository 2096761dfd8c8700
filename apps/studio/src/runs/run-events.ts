/** Folding run events into what the canvas paints: each step's status, attempts and duration. */
import type { RunStatus, StepRunView, StepStatus } from '../document/run-slice';
import type { RunEvent, StepRunDetail } from '../api/types';

const STEP_STATUSES = new Set<string>(['PENDING', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED']);
const RUN_STATUSES = new Set<string>(['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED']);
const TERMINAL = new Set<string>(['SUCCESS', 'FAILED', 'SKIPPED', 'CANCELLED']);

export function isTerminalRun(status: RunStatus): boolean {
  return TERMINAL.has(status);
}

/** The next view of a step after one of its events, or undefined when the event changes nothing. */
export function applyStepEvent(prev: StepRunView | undefined, e: RunEvent): StepRunView | undefined {
  if (!e.stepId || !e.status || !STEP_STATUSES.has(e.status)) return undefined;
  const status = e.status as StepStatus;
  const next: StepRunView = { status, attempts: Math.max(prev?.attempts ?? 0, e.attempt ?? (status === 'RUNNING' ? (prev?.attempts ?? 0) + 1 : 0)) };
  const startedAt = prev?.startedAt ?? (status === 'RUNNING' ? e.at : undefined);
  if (startedAt) next.startedAt = startedAt;
  if (TERMINAL.has(status)) {
    next.finishedAt = e.at;
    if (startedAt) next.durationMs = Math.max(0, Date.parse(e.at) - Date.parse(startedAt));
  }
  if (e.port ?? prev?.port) next.port = e.port ?? prev?.port;
  return next;
}

/** The run's status after an event without a step, or undefined. */
export function runStatusOf(e: RunEvent): RunStatus | undefined {
  return !e.stepId && e.status && RUN_STATUSES.has(e.status) ? (e.status as RunStatus) : undefined;
}

/** The view of a step from the run's stored detail (used when opening a finished run). */
export function viewFromDetail(d: StepRunDetail): StepRunView {
  const v: StepRunView = { status: d.status, attempts: d.attempts };
  if (d.startedAt) v.startedAt = d.startedAt;
  if (d.finishedAt) v.finishedAt = d.finishedAt;
  if (d.startedAt && d.finishedAt) v.durationMs = Math.max(0, Date.parse(d.finishedAt) - Date.parse(d.startedAt));
  return v;
}
