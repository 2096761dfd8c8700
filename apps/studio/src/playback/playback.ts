/**
 * Playback of a run: the event log mapped to what the scrubber and the canvas show at one event —
 * the colour of each tick, each step's state as of that event, and the next failure.
 * Pure: the state comes from the engine's own reducer (`@weft/engine/replay`), so playback, the CLI's
 * `weft runs replay` and the server always agree.
 */
import type { ReplayCursor, RunEvent, RunState } from '@weft/engine/replay';
import type { PlaybackFrame, PlaybackRecord, StepRunView } from '../document/run-slice';

export type TickKind = 'run' | 'start' | 'success' | 'failure' | 'wait' | 'skip' | 'log' | 'debug';

/** The colour class of an event's tick. */
export function tickKind(type: string): TickKind {
  switch (type) {
    case 'step.started':
    case 'step.resumed':
      return 'start';
    case 'step.succeeded':
    case 'step.item.finished':
      return 'success';
    case 'step.failed':
    case 'step.attempt.failed':
    case 'run.failed':
      return 'failure';
    case 'step.waiting':
    case 'run.waiting':
      return 'wait';
    case 'step.skipped':
    case 'step.cancelled':
    case 'run.cancelled':
      return 'skip';
    case 'step.log':
      return 'log';
    case 'debug.paused':
    case 'debug.command':
      return 'debug';
    default:
      return 'run';
  }
}

const FAILURES = new Set(['step.failed', 'step.attempt.failed', 'run.failed']);

/** Index of the first failure event after `index` (wrapping to the start), or -1 when there is none. */
export function nextFailure(events: readonly { type: string }[], index: number): number {
  const n = events.length;
  for (let k = 1; k <= n; k++) {
    const i = (index + k) % n;
    if (FAILURES.has((events[i] as { type: string }).type)) return i;
  }
  return -1;
}

/**
 * Each step's view in `state` (a replayed state at the event at time `now`): status, attempts, times,
 * and the duration so far of a step still running.
 */
export function viewsOf(state: RunState, now: number): Record<string, StepRunView> {
  const out: Record<string, StepRunView> = {};
  for (const id in state.steps) {
    const s = state.steps[id];
    if (s) out[id] = viewOf(s, now);
  }
  return out;
}

/** One replayed step's view at time `now` (see `viewsOf`). */
function viewOf(s: RunState['steps'][string], now: number): StepRunView {
  const v: StepRunView = { status: s.status, attempts: s.attempts };
  if (s.startedAt !== undefined) v.startedAt = s.startedAt;
  if (s.finishedAt !== undefined) v.finishedAt = s.finishedAt;
  if (s.startedAt !== undefined) v.durationMs = Math.max(0, (s.finishedAt ?? now) - s.startedAt);
  if (s.port !== undefined) v.port = s.port;
  if (s.status === 'WAITING' && s.waitReason) v.waitReason = s.waitReason;
  return v;
}

/** Index of the last event with `seq` at or before the given one (0 when it is before the first). */
export function indexOfSeq(events: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as { seq: number }).seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const sameView = (a: StepRunView, b: StepRunView): boolean =>
  a.status === b.status &&
  a.attempts === b.attempts &&
  a.durationMs === b.durationMs &&
  a.startedAt === b.startedAt &&
  a.finishedAt === b.finishedAt &&
  a.port === b.port &&
  a.waitReason === b.waitReason;

/**
 * The run at the event `index` of the cursor's log (the engine's checkpointed replay), as the canvas
 * and the step panel show it. What equals `prev`'s (views, records) is `prev`'s object, so unchanged
 * nodes do not repaint, and a seek allocates only for the steps whose state differs.
 */
export function frameAt(cursor: ReplayCursor, index: number, prev: PlaybackFrame | null): PlaybackFrame {
  const i = Math.max(0, Math.min(index, cursor.length - 1));
  const event = cursor.log[i] as RunEvent;
  const state = cursor.at(event.seq);
  const steps: Record<string, StepRunView> = {};
  const records: Record<string, PlaybackRecord> = {};
  for (const id in state.steps) {
    const s = state.steps[id];
    if (!s) continue;
    const view = viewOf(s, event.at);
    const old = prev?.steps[id];
    steps[id] = old && sameView(old, view) ? old : view;
    // The state is the cursor's own (reused by its next seek): keep only the values, which events
    // replace and never mutate.
    const was = prev?.records[id];
    if (
      was &&
      was.input === s.input &&
      was.output === s.output &&
      was.error?.code === s.error?.code &&
      was.error?.message === s.error?.message
    ) {
      records[id] = was;
      continue;
    }
    const r: PlaybackRecord = {};
    if (s.input !== undefined) r.input = s.input;
    if (s.output !== undefined) r.output = s.output;
    if (s.error !== undefined) r.error = { code: s.error.code, message: s.error.message };
    records[id] = r;
  }
  return { seq: event.seq, index: i, at: event.at, status: state.status, steps, records };
}

/** The step's log lines among the first `upto + 1` events. */
export function logsUpTo(events: readonly RunEvent[], stepId: string, upto: number): RunEvent[] {
  const out: RunEvent[] = [];
  for (let i = 0; i <= upto && i < events.length; i++) {
    const e = events[i] as RunEvent;
    if (e.type === 'step.log' && e.stepId === stepId) out.push(e);
  }
  return out;
}

/** What an event is, in a few words (the scrubber's readout). */
export function eventLabel(e: Pick<RunEvent, 'type' | 'stepId' | 'data'>): string {
  const d = e.data;
  const bits: string[] = [e.type];
  if (e.stepId) bits.push(e.stepId);
  if (typeof d.reason === 'string') bits.push(`(${d.reason})`);
  if (typeof d.attempt === 'number' && e.type !== 'step.succeeded') bits.push(`attempt ${d.attempt}`);
  if (typeof d.index === 'number') bits.push(`item ${d.index}`);
  const err = d.error as { code?: string; message?: string } | undefined;
  if (err?.code) bits.push(`${err.code}: ${err.message ?? ''}`);
  if (e.type === 'step.log') bits.push(String(d.message ?? ''));
  return bits.join(' ');
}

/** Playback speeds offered. */
export const SPEEDS = [1, 2, 5, 10, 20] as const;

/** How long to show an event before the next while playing: the real gap, bounded, divided by the speed. */
export function playDelay(gapMs: number, speed: number): number {
  return Math.min(1000, Math.max(60, gapMs)) / speed;
}
