/**
 * The scheduler: pure decisions over one run's state (dsl-v1 §6). Given what is done, failed,
 * skipped or waiting, the DAG and the debugger settings, it says what happens next — start a step,
 * skip it, cancel it, pause before it, retry it, end the run. No I/O, no clock, no timers: the
 * controller applies the answers (emits the events, arms the timers), and a test calls these
 * functions with plain data.
 */
import type { RetryPolicy, Step } from '@weft/dsl';
import { isRetryable } from './backoff';
import type { DebugOptions, RunStatus, StepError, StepRecord } from './ports';
import { isTerminalStep, TERMINAL_RUN } from './run-state';

/** What the scheduler reads of a run. */
export interface RunView {
  /** Step records by id (the run state's `steps`). */
  readonly steps: Readonly<Record<string, StepRecord | undefined>>;
  readonly defs: ReadonlyMap<string, Pick<Step, 'needs' | 'join'>>;
  /** Steps that need a step, by its id. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Steps with work in progress (an attempt, deciding `if`, items). */
  readonly busy: ReadonlySet<string>;
  /** failFast after an unhandled failure: nothing new starts (§6.4). */
  readonly failing: boolean;
  /** A draining stop: nothing new starts, nothing is decided as cancelled because of it. */
  readonly halted: boolean;
}

/** One decision about one step, in the order the controller applies them. */
export type StepAction =
  | { readonly type: 'start'; readonly stepId: string }
  | { readonly type: 'skip'; readonly stepId: string }
  | { readonly type: 'cancel'; readonly stepId: string };

const terminal = (s: StepRecord['status'] | undefined): boolean => s !== undefined && isTerminalStep(s);

/**
 * §6.1-6.4: which of `candidates` (steps whose needs may just have ended) start, are skipped (needs
 * not met by the join), or are cancelled (the run fails fast). A skipped or cancelled step ends, so
 * its dependents are decided in the same pass. Steps not PENDING, or busy, are left alone.
 */
export function nextSteps(run: RunView, candidates: readonly string[]): StepAction[] {
  const actions: StepAction[] = [];
  // Steps this pass decided; the skipped and cancelled ones count as ended for their dependents.
  let decidedHere: Set<string> | undefined;
  let ended: Set<string> | undefined;
  const work = candidates.slice();
  for (let i = 0; i < work.length; i++) {
    const id = work[i] as string;
    const rec = run.steps[id];
    if (!rec || rec.status !== 'PENDING' || run.busy.has(id) || decidedHere?.has(id)) continue;
    const step = run.defs.get(id);
    if (!step) continue;
    let met = 0;
    let decided = true;
    for (const n of step.needs) {
      const up = run.steps[n.step];
      if (ended?.has(n.step)) continue; // skipped or cancelled: ended, never met
      if (!up || !terminal(up.status)) {
        decided = false;
        break;
      }
      if (up.status === 'SUCCESS' && (n.port === undefined || up.port === n.port)) met++;
    }
    if (!decided) continue;
    const runs =
      step.needs.length === 0 ||
      (step.join === 'all' ? met === step.needs.length : step.join === 'any' ? met > 0 : true);
    if (runs && !run.failing) {
      if (run.halted) continue;
      actions.push({ type: 'start', stepId: id });
      (decidedHere ??= new Set()).add(id);
      continue;
    }
    (decidedHere ??= new Set()).add(id);
    actions.push({ type: runs ? 'cancel' : 'skip', stepId: id });
    (ended ??= new Set()).add(id);
    const next = run.dependents.get(id);
    if (next) for (const d of next) work.push(d);
  }
  return actions;
}

/** What the run's end needs, once every step has ended. */
export type RunEnding =
  | { readonly type: 'fail'; readonly error: StepError }
  | { readonly type: 'succeed'; readonly outputs: Record<string, unknown> }
  /** Evaluate the workflow `outputs` (an error there fails the run with OUTPUT_ERROR). */
  | { readonly type: 'outputs' };

/** True when the run can end now: started, not ended, no step unfinished and nothing in progress. */
export function canEnd(run: {
  status: RunStatus;
  unfinished: number;
  busy: number;
  finishing: boolean;
}): boolean {
  return (
    !run.finishing &&
    run.busy === 0 &&
    run.unfinished === 0 &&
    run.status !== 'QUEUED' &&
    !TERMINAL_RUN.has(run.status)
  );
}

/**
 * §6.4/§6.9: how a run whose steps all ended ends. The first unhandled failure (workflow order)
 * fails it; a step test ends as its step did; otherwise its outputs are evaluated.
 */
export function runEnding(
  steps: readonly Pick<Step, 'id' | 'onError'>[],
  records: Readonly<Record<string, StepRecord | undefined>>,
  testedStepId?: string,
): RunEnding {
  if (testedStepId !== undefined) {
    const rec = records[testedStepId];
    if (rec?.status === 'SUCCESS') return { type: 'succeed', outputs: {} };
    const why = rec?.error?.message ?? rec?.status.toLowerCase() ?? 'not run';
    const code = rec?.error?.code ?? 'BLOCK_ERROR';
    return { type: 'fail', error: { code, message: `step "${testedStepId}" failed: ${why}` } };
  }
  for (const s of steps) {
    const rec = records[s.id];
    if (s.onError !== 'fail' || rec?.status !== 'FAILED') continue;
    const e = rec.error;
    return {
      type: 'fail',
      error: {
        code: e?.code ?? 'BLOCK_ERROR',
        message: `step "${s.id}" failed: ${e?.message ?? 'unknown error'}`,
      },
    };
  }
  return { type: 'outputs' };
}

/**
 * §6 statuses: the run is WAITING when nothing runs and something waits, RUNNING again when
 * something runs. The run-level event to emit before a commit, if any.
 */
export function runTransition(
  status: RunStatus,
  running: boolean,
  waiting: boolean,
): 'run.waiting' | 'run.resumed' | undefined {
  if (status === 'RUNNING' && !running && waiting) return 'run.waiting';
  if (status === 'WAITING' && running) return 'run.resumed';
  return undefined;
}

/** Whether to pause before a step: always (step mode, "step"), on a condition, or not at all. */
export type PauseRule =
  | { readonly type: 'none' }
  | { readonly type: 'always'; readonly cause: 'step' | 'breakpoint' }
  | { readonly type: 'condition'; readonly condition: string };

const NO_PAUSE: PauseRule = { type: 'none' };
const STEP_PAUSE: PauseRule = { type: 'always', cause: 'step' };
const BREAKPOINT_PAUSE: PauseRule = { type: 'always', cause: 'breakpoint' };

/** The debugger's rule for one step: step mode or a "step" action pause always; a breakpoint may have a condition. */
export function pauseRule(debug: DebugOptions | undefined, stepOnce: boolean, stepId: string): PauseRule {
  if (debug?.stepMode === true || stepOnce) return STEP_PAUSE;
  const bp = debug?.breakpoints.find((b) => b.stepId === stepId);
  if (!bp) return NO_PAUSE;
  return bp.condition ? { type: 'condition', condition: bp.condition } : BREAKPOINT_PAUSE;
}

/**
 * §6.7: a failed attempt is retried when the policy has attempts left, the error is retryable and the
 * run is not failing fast.
 */
export function shouldRetry(opts: {
  policy: RetryPolicy | undefined;
  attempt: number;
  error: StepError;
  failing: boolean;
}): boolean {
  const { policy } = opts;
  return !opts.failing && policy !== undefined && opts.attempt < policy.attempts && isRetryable(opts.error);
}

/**
 * The steps to end CANCELLED when the run is cancelled (§6.11: every step not ended) or starts
 * failing fast (§6.4: every step not ended and not RUNNING — running steps finish).
 */
export function stepsToCancel(
  records: Readonly<Record<string, StepRecord | undefined>>,
  keepRunning: boolean,
): string[] {
  const out: string[] = [];
  for (const rec of Object.values(records)) {
    if (!rec || isTerminalStep(rec.status) || (keepRunning && rec.status === 'RUNNING')) continue;
    out.push(rec.stepId);
  }
  return out;
}

/**
 * §6.6 foreach: the items still to run (in order, those already finished left out — a recovery) and
 * how many run at once (`concurrency`, default 1, never more than there are items, at least 1).
 */
export function itemPlan(
  count: number,
  finished: Iterable<number>,
  concurrency: number | undefined,
): { queue: number[]; width: number } {
  const done = new Set(finished);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (!done.has(i)) queue.push(i);
  return { queue, width: Math.max(1, Math.min(concurrency ?? 1, queue.length)) };
}
