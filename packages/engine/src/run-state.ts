/**
 * A run's whole state as a pure function of its event log (dsl-v1 §6.9). The engine moves a run only
 * by appending events and applying them here, and stores the records this produces, so `replay` of
 * the log and the stored records agree by construction.
 */
import { dict } from '@weft/dsl';
import type {
  DebugOptions,
  NewRun,
  RunEvent,
  RunId,
  RunRecord,
  RunStatus,
  StepError,
  StepRecord,
  WaitReason,
} from './ports';

/** Engine-private progress kept in `StepRecord.state`. */
export interface StepProgress {
  /** foreach: the evaluated items, the outputs of finished items (by index) and which finished. */
  items?: unknown[];
  results?: unknown[];
  finished?: number[];
  /** repeat: the current iteration (1-based). */
  iteration?: number;
  /** `uses: workflow`: the child run. */
  childRunId?: string;
  /** approval: what the approver is asked. */
  message?: string;
  approvers?: string[];
  /** debug: the step was let past its breakpoint (its input may have been replaced). */
  passed?: boolean;
  /** debug: the foreach item a conditional breakpoint paused on. */
  pauseIndex?: number;
  /** wait/approval/child: when the attempt's `timeout` ends it (set while it waits). */
  timeoutAt?: number;
}

/** A run's record (named by `runId` here) plus every step's record. */
export interface RunState extends Omit<RunRecord, 'id'> {
  runId: RunId;
  /** Step records by step id, in workflow order. */
  steps: Record<string, StepRecord>;
  /** Debug: a `step` command armed a pause before the next step that starts. */
  stepOnce: boolean;
}

export const TERMINAL_RUN: ReadonlySet<RunStatus> = new Set<RunStatus>(['SUCCESS', 'FAILED', 'CANCELLED']);
export const isTerminalStep = (s: StepRecord['status']): boolean =>
  s === 'SUCCESS' || s === 'FAILED' || s === 'SKIPPED' || s === 'CANCELLED';

export function emptyRunState(runId: RunId): RunState {
  return {
    runId,
    workflowId: '',
    workflowVersion: 0,
    status: 'QUEUED',
    inputs: {},
    trigger: null,
    createdAt: 0,
    lastSeq: 0,
    steps: dict<StepRecord>(),
    stepOnce: false,
  };
}

/** The record of a run just created from `run` (what reading it back from a store gives). */
export function newRunRecord(run: NewRun): RunRecord {
  const rec: RunRecord = {
    id: run.id,
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    status: 'QUEUED',
    inputs: run.inputs ?? {},
    trigger: run.trigger,
    createdAt: run.createdAt,
    lastSeq: 1,
  };
  if (run.parent) rec.parent = run.parent;
  if (run.idempotencyKey !== undefined) rec.idempotencyKey = run.idempotencyKey;
  if (run.debug) rec.debug = run.debug;
  if (run.concurrencyLimit !== undefined) rec.concurrencyLimit = run.concurrencyLimit;
  return rec;
}

/** The state of a run just created from `run` (what replaying its `run.created` event gives). */
export function freshRunState(run: RunRecord): RunState {
  const state = emptyRunState(run.id);
  const data: Record<string, unknown> = {
    workflowId: run.workflowId,
    workflowVersion: run.workflowVersion,
    inputs: run.inputs,
    trigger: run.trigger,
  };
  if (run.parent) data.parent = run.parent;
  if (run.idempotencyKey !== undefined) data.idempotencyKey = run.idempotencyKey;
  if (run.debug) data.debug = run.debug;
  if (run.concurrencyLimit !== undefined) data.concurrencyLimit = run.concurrencyLimit;
  applyEvent(state, { runId: run.id, seq: 1, at: run.createdAt, type: 'run.created', data });
  state.lastSeq = run.lastSeq;
  return state;
}

/** The run's record as the store holds it once `state` is committed. */
export function recordOf(state: RunState): RunRecord {
  const r: RunRecord = {
    id: state.runId,
    workflowId: state.workflowId,
    workflowVersion: state.workflowVersion,
    status: state.status,
    inputs: state.inputs,
    trigger: state.trigger,
    createdAt: state.createdAt,
    lastSeq: state.lastSeq,
  };
  if (state.outputs !== undefined) r.outputs = state.outputs;
  if (state.error !== undefined) r.error = state.error;
  if (state.parent !== undefined) r.parent = state.parent;
  if (state.idempotencyKey !== undefined) r.idempotencyKey = state.idempotencyKey;
  if (state.debug !== undefined) r.debug = state.debug;
  if (state.concurrencyLimit !== undefined) r.concurrencyLimit = state.concurrencyLimit;
  if (state.startedAt !== undefined) r.startedAt = state.startedAt;
  if (state.finishedAt !== undefined) r.finishedAt = state.finishedAt;
  if (state.wakeAt !== undefined) r.wakeAt = state.wakeAt;
  return r;
}

const progress = (s: StepRecord): StepProgress => (s.state ??= {}) as StepProgress;

/**
 * A copy of a step record that `applyEvent` may change without touching the original: the record
 * and its progress object are copied, and so are the progress arrays it pushes into. Values taken
 * from events (inputs, outputs, items, errors) are shared: `applyEvent` replaces them, never mutates
 * them. (`ReplayCursor` shares records between its checkpoints and copies one only when an event
 * changes it.)
 */
export function copyStepRecord(s: StepRecord): StepRecord {
  const copy = { ...s };
  if (s.state !== undefined && s.state !== null && typeof s.state === 'object') {
    const p: Record<string, unknown> = { ...(s.state as Record<string, unknown>) };
    for (const [k, v] of Object.entries(p)) if (Array.isArray(v)) p[k] = v.slice();
    copy.state = p;
  }
  return copy;
}

function endStep(s: StepRecord, status: StepRecord['status'], at: number): void {
  s.status = status;
  s.finishedAt = at;
  delete s.waitReason;
  delete s.wakeAt;
}

function recomputeWake(state: RunState): void {
  let w: number | undefined;
  for (const s of Object.values(state.steps)) {
    if (s.wakeAt !== undefined && (w === undefined || s.wakeAt < w)) w = s.wakeAt;
  }
  if (w === undefined) delete state.wakeAt;
  else state.wakeAt = w;
}

/**
 * Apply one event to a run state (mutating it). Returns the step record the event changed, if any.
 * Unknown event types are ignored, so older engines can read newer logs.
 */
export function applyEvent(state: RunState, e: RunEvent): StepRecord | undefined {
  state.lastSeq = e.seq;
  const d = e.data;
  if (e.type.startsWith('run.')) {
    switch (e.type) {
      case 'run.created':
        state.workflowId = d.workflowId as string;
        state.workflowVersion = d.workflowVersion as number;
        state.inputs = (d.inputs ?? {}) as Record<string, unknown>;
        state.trigger = d.trigger ?? null;
        if (d.parent !== undefined) state.parent = d.parent as RunState['parent'];
        if (d.idempotencyKey !== undefined) state.idempotencyKey = d.idempotencyKey as string;
        if (d.debug !== undefined) state.debug = d.debug as DebugOptions;
        if (d.concurrencyLimit !== undefined) state.concurrencyLimit = d.concurrencyLimit as number;
        state.createdAt = e.at;
        state.status = 'QUEUED';
        break;
      case 'run.started':
        state.status = 'RUNNING';
        state.startedAt = e.at;
        for (const id of (d.steps ?? []) as string[]) {
          state.steps[id] = { runId: state.runId, stepId: id, status: 'PENDING', attempts: 0 };
        }
        break;
      case 'run.waiting':
        state.status = 'WAITING';
        break;
      case 'run.resumed':
        state.status = 'RUNNING';
        break;
      case 'run.succeeded':
        state.status = 'SUCCESS';
        state.outputs = (d.outputs ?? {}) as Record<string, unknown>;
        state.finishedAt = e.at;
        delete state.wakeAt;
        break;
      case 'run.failed':
      case 'run.cancelled':
        state.status = e.type === 'run.failed' ? 'FAILED' : 'CANCELLED';
        state.error = d.error as StepError;
        state.finishedAt = e.at;
        delete state.wakeAt;
        break;
      case 'debug.command':
      case 'debug.paused':
      case 'step.attempt.failed':
      case 'step.cancelled':
      case 'step.failed':
      case 'step.item.finished':
      case 'step.log':
      case 'step.resumed':
      case 'step.skipped':
      case 'step.started':
      case 'step.succeeded':
      case 'step.waiting':
        break;
    }
    return undefined;
  }
  if (e.type === 'debug.command' && d.action === 'step') state.stepOnce = true;
  const s = e.stepId === undefined ? undefined : state.steps[e.stepId];
  if (!s) return undefined;
  let wakeChanged = s.wakeAt !== undefined;
  switch (e.type) {
    case 'step.started': {
      s.status = 'RUNNING';
      s.attempts = d.attempt as number;
      s.startedAt ??= e.at;
      if ('input' in d) s.input = d.input;
      delete s.error;
      delete s.waitReason;
      delete s.wakeAt;
      if (d.iteration !== undefined) progress(s).iteration = d.iteration as number;
      if (d.items !== undefined) {
        const p = progress(s);
        p.items = d.items as unknown[];
        p.results = [];
        p.finished = [];
      }
      break;
    }
    case 'step.waiting': {
      s.status = 'WAITING';
      s.waitReason = d.reason as WaitReason;
      if (d.wakeAt !== undefined) s.wakeAt = d.wakeAt as number;
      else delete s.wakeAt;
      wakeChanged = true;
      s.startedAt ??= e.at;
      if ('input' in d) s.input = d.input;
      if ('output' in d) s.output = d.output;
      const p = progress(s);
      if (d.iteration !== undefined) p.iteration = d.iteration as number;
      if (d.childRunId !== undefined) p.childRunId = d.childRunId as string;
      if (d.message !== undefined) p.message = d.message as string;
      if (d.approvers !== undefined) p.approvers = d.approvers as string[];
      if (d.timeoutAt !== undefined) p.timeoutAt = d.timeoutAt as number;
      else delete p.timeoutAt;
      if (d.reason === 'breakpoint') {
        state.stepOnce = false;
        delete p.passed;
        if (d.index !== undefined) p.pauseIndex = d.index as number;
        else delete p.pauseIndex;
      }
      break;
    }
    case 'step.resumed':
      s.status = 'RUNNING';
      delete s.waitReason;
      delete s.wakeAt;
      break;
    case 'step.attempt.failed':
      s.error = d.error as StepError;
      s.attempts = Math.max(s.attempts, d.attempt as number);
      if (d.retryAt !== undefined && d.index === undefined) {
        s.status = 'WAITING';
        s.waitReason = 'retry';
        s.wakeAt = d.retryAt as number;
        wakeChanged = true;
      }
      break;
    case 'step.item.finished': {
      const p = progress(s);
      const results = (p.results ??= []);
      while (results.length < (d.index as number)) results.push(null); // dense, as JSON would store it
      results[d.index as number] = d.output;
      (p.finished ??= []).push(d.index as number);
      s.attempts = Math.max(s.attempts, (d.attempts as number) ?? 1);
      break;
    }
    case 'step.succeeded':
      endStep(s, 'SUCCESS', e.at);
      s.output = d.output;
      if (d.port !== undefined) s.port = d.port as string;
      if (d.attempts !== undefined) s.attempts = d.attempts as number;
      delete s.error;
      break;
    case 'step.failed':
      endStep(s, 'FAILED', e.at);
      s.error = d.error as StepError;
      break;
    case 'step.skipped':
      endStep(s, 'SKIPPED', e.at);
      break;
    case 'step.cancelled':
      endStep(s, 'CANCELLED', e.at);
      if (d.error !== undefined) s.error = d.error as StepError;
      break;
    case 'debug.command': {
      const p = progress(s);
      if (d.action === 'continue' || d.action === 'step') {
        p.passed = true;
        if (d.input !== undefined) s.input = d.input;
      }
      break;
    }
    case 'debug.paused':
    case 'run.cancelled':
    case 'run.created':
    case 'run.failed':
    case 'run.resumed':
    case 'run.started':
    case 'run.succeeded':
    case 'run.waiting':
    case 'step.log':
      break;
  }
  if (wakeChanged) recomputeWake(state);
  return s;
}

/**
 * Rebuild a run's state from its events, up to and including `uptoSeq` (all when omitted).
 * Pure: the same events always give the same state. Playback and the debugger use it.
 *
 * @example const atStep5 = replay(await store.listEvents(runId, 0, 1e6), 5);
 */
export function replay(events: readonly RunEvent[], uptoSeq?: number): RunState {
  const first = events[0];
  const state = emptyRunState((first?.runId ?? '') as RunId);
  for (const e of events) {
    if (uptoSeq !== undefined && e.seq > uptoSeq) break;
    applyEvent(state, structuredClone(e));
  }
  return state;
}
