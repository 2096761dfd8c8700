/**
 * Step tests ("test step"): a run made by `Engine.testStep` that runs ONE step of a workflow with the
 * recorded outputs of its upstream steps (copied from an earlier run) and, optionally, an input the
 * person edited. Every other step ends SKIPPED (reason `step-test`) without running. The run is marked
 * by its trigger, so the store, the dashboard and run lists can tell it from a production run.
 */
import type { Step } from '@weft/dsl';
import type { RunId } from './ports';

/** What a step-test run's `trigger` holds. */
export interface StepTestTrigger {
  type: 'step-test';
  /** The run whose upstream outputs the test uses. */
  runId: RunId;
  stepId: string;
  /** Replaces the step's resolved `with` (absent: resolved from the upstream outputs as in a run). */
  input?: Record<string, unknown>;
  /** The tested run's trigger (what expressions see as `trigger`). */
  original: unknown;
}

/** What a stored run is: a production `run`, or a `step-test` (kept out of lists and aggregates). */
export type RunKind = 'run' | 'step-test';

/** The trigger `type` of step-test runs. */
export const STEP_TEST = 'step-test';

/** The step-test description of a run's trigger, or undefined for any other run. */
export function stepTestOf(trigger: unknown): StepTestTrigger | undefined {
  if (!trigger || typeof trigger !== 'object') return undefined;
  const t = trigger as Partial<StepTestTrigger>;
  return t.type === STEP_TEST && typeof t.runId === 'string' && typeof t.stepId === 'string'
    ? (t as StepTestTrigger)
    : undefined;
}

/** Every step `stepId` needs, directly or through others (its upstream), in workflow order. */
export function upstreamOf(steps: readonly Step[], stepId: string): string[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const work = [stepId];
  while (work.length > 0) {
    for (const n of byId.get(work.pop() as string)?.needs ?? []) {
      if (seen.has(n.step)) continue;
      seen.add(n.step);
      work.push(n.step);
    }
  }
  return steps.filter((s) => seen.has(s.id)).map((s) => s.id);
}
