/**
 * Playback of a run: the event log mapped to what the scrubber and the canvas show at one event —
 * the colour of each tick, each step's state as of that event, and the next failure.
 * Pure: the state comes from the engine's own reducer (`@weft/engine/replay`), so playback, the CLI's
 * `weft runs replay` and the server always agree.
 */
import type { RunEvent, RunState } from '@weft/engine/replay';
import type { StepRunView } from '../document/run-slice';

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
  for (const [id, s] of Object.entries(state.steps)) {
    const v: StepRunView = { status: s.status, attempts: s.attempts };
    if (s.startedAt !== undefined) v.startedAt = new Date(s.startedAt).toISOString();
    if (s.finishedAt !== undefined) v.finishedAt = new Date(s.finishedAt).toISOString();
    if (s.startedAt !== undefined) v.durationMs = Math.max(0, (s.finishedAt ?? now) - s.startedAt);
    if (s.port !== undefined) v.port = s.port;
    if (s.status === 'WAITING' && s.waitReason) v.waitReason = s.waitReason;
    out[id] = v;
  }
  return out;
}

/** Playback speeds offered. */
export const SPEEDS = [1, 2, 5, 10, 20] as const;

/** How long to show an event before the next while playing: the real gap, bounded, divided by the speed. */
export function playDelay(gapMs: number, speed: number): number {
  return Math.min(1000, Math.max(60, gapMs)) / speed;
}
