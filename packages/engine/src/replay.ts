/**
 * The engine's pure replay entry (`@weft/engine/replay`): event log → run state, with no ports, no
 * I/O and no JSONata. The studio imports it to paint playback in the browser; the CLI's
 * `weft runs replay` and the server use the same reducer, so every view of a run agrees.
 */
import { dict } from '@weft/dsl';
import type { RunEvent, RunEventType, StepRecord } from './ports';
import { applyEvent, copyStepRecord, emptyRunState, type RunState } from './run-state';

export type { RunEvent, RunEventType, RunId, RunStatus, StepError, StepRecord, StepStatus } from './ports';
export type { RunState, StepProgress } from './run-state';
export { applyEvent, isTerminalStep, replay, TERMINAL_RUN } from './run-state';

/** The event types that change no step's state: the run's own, step logs and debugger pauses. */
const NO_STEP_CHANGE_TYPES = [
  'run.created',
  'run.started',
  'run.waiting',
  'run.resumed',
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'step.log',
  'debug.paused',
] as const satisfies readonly RunEventType[];
const NO_STEP_CHANGE: ReadonlySet<RunEventType> = new Set(NO_STEP_CHANGE_TYPES);

/** An event type that may change a step's state (status, attempt, wait, item, debugger command). */
export type StepChangeType = Exclude<RunEventType, (typeof NO_STEP_CHANGE_TYPES)[number]>;

/**
 * Whether events of this type may change a step's state: a view of steps (the studio's timeline)
 * skips the others and switches over the rest exhaustively.
 *
 * @example if (!changesStep(e.type)) continue; switch (e.type) { case 'step.started': … }
 */
export function changesStep(type: RunEventType): type is StepChangeType {
  return !NO_STEP_CHANGE.has(type);
}

/** How many events lie between two stored checkpoints (by default). */
export const CHECKPOINT_EVERY = 32;

/**
 * Rebuilds a run's state at any event of a (growing) log in bounded time: it keeps a checkpoint
 * every `CHECKPOINT_EVERY` events, so `at(seq)` applies fewer than that many events to a copy of
 * the nearest checkpoint before `seq` — or moves forward from the last answer when `seq` is ahead
 * of it (playing, or following a live run).
 *
 * A checkpoint is cheap: it shares the step records with the state it was taken from, and a record
 * is copied only when an event changes it (`copyStepRecord`). So checkpoints can be close together,
 * and the records of steps no event changed since a checkpoint are the same objects in every state
 * built from it.
 *
 * The state `at` returns is owned by the cursor: read it, do not keep or mutate it across calls.
 *
 * @example
 * const cursor = new ReplayCursor(events);
 * cursor.at(42).steps.fetch?.status; // 'RUNNING'
 * cursor.append(liveEvent);
 */
export class ReplayCursor {
  private readonly events: RunEvent[] = [];
  private readonly every: number;
  /** checkpoints[i] = state after events[(i + 1) * every - 1]. */
  private readonly checkpoints: RunState[] = [];
  /** Step records a checkpoint holds: never changed in place, copied first. */
  private readonly shared = new WeakSet<StepRecord>();
  private readonly building: RunState;
  private current: RunState;
  /** Index in `events` of the last event applied to `current` (-1: none). */
  private currentIndex = -1;

  /** `checkpointEvery`: events between two checkpoints (tests set it small). */
  constructor(events: readonly RunEvent[] = [], opts: { checkpointEvery?: number } = {}) {
    this.every = Math.max(1, Math.floor(opts.checkpointEvery ?? CHECKPOINT_EVERY));
    this.building = emptyRunState((events[0]?.runId ?? '') as RunState['runId']);
    this.current = this.snapshot(this.building);
    this.append(...events);
  }

  /** Number of events held. */
  get length(): number {
    return this.events.length;
  }

  /** All events held, in order (shared: do not mutate). */
  get log(): readonly RunEvent[] {
    return this.events;
  }

  /** The last event's seq (0 when empty). */
  get lastSeq(): number {
    return this.events[this.events.length - 1]?.seq ?? 0;
  }

  /** Add events that follow the ones held (duplicates and older ones are ignored). */
  append(...events: readonly RunEvent[]): void {
    for (const e of events) {
      if (e.seq <= this.lastSeq) continue;
      if (this.events.length === 0) this.building.runId = e.runId;
      this.events.push(e);
      this.apply(this.building, e);
      if (this.events.length % this.every === 0) this.checkpoints.push(this.snapshot(this.building));
    }
  }

  /**
   * A state of its own with the same step records as `state`, which are shared from now on.
   * Run-level values are replaced by events, never changed in place, so a shallow copy is enough.
   */
  private snapshot(state: RunState): RunState {
    const steps = dict<StepRecord>();
    for (const [id, s] of Object.entries(state.steps)) {
      this.shared.add(s);
      steps[id] = s;
    }
    return { ...state, steps };
  }

  /** `applyEvent`, copying the step record the event changes first when a checkpoint holds it. */
  private apply(state: RunState, e: RunEvent): void {
    const s = e.stepId === undefined ? undefined : state.steps[e.stepId];
    if (s && e.stepId !== undefined && this.shared.has(s)) state.steps[e.stepId] = copyStepRecord(s);
    applyEvent(state, e);
  }

  /** Index of the last event with `seq <= upto` (-1 when none). */
  private indexOf(upto: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid] as RunEvent).seq <= upto) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The run's state just after the event `seq` (the last event at or before it). */
  at(seq: number): RunState {
    const target = this.indexOf(seq);
    if (target < this.currentIndex || target - this.currentIndex > this.every) {
      const k = Math.floor((target + 1) / this.every) - 1;
      const snap = k >= 0 ? this.checkpoints[k] : undefined;
      if (snap) {
        // The checkpoint's records are shared already: a copy of its step map is enough.
        this.current = { ...snap, steps: Object.assign(dict<StepRecord>(), snap.steps) };
        this.currentIndex = (k + 1) * this.every - 1;
      } else {
        this.current = emptyRunState(this.building.runId);
        this.currentIndex = -1;
      }
    }
    // Events are applied as stored: applyEvent never mutates an event, and records a checkpoint
    // holds are copied before they change.
    for (let i = this.currentIndex + 1; i <= target; i++)
      this.apply(this.current, this.events[i] as RunEvent);
    this.currentIndex = target;
    return this.current;
  }

  /** The state after the last event held. */
  latest(): RunState {
    return this.at(this.lastSeq);
  }
}
