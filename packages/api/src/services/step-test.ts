/**
 * `debug.testStep`: run one step of a run again with an edited input ("test step"), as a new run
 * marked as a step test, and answer with the step's result once it is known.
 */
import type { RunId, RunStatus, StepRecord } from '@weft/engine';
import { notFound, orRefuse } from '../errors';
import type { ApiDeps } from '../ports';
import { mustGetStep } from '../routers/runs';

export interface StepTestRequest {
  runId: string;
  stepId: string;
  /** Replaces the step's resolved inputs; absent: resolved from the recorded upstream outputs. */
  input?: Record<string, unknown>;
  /** How long to wait for the step to end before answering with its state so far. */
  waitMs: number;
}

export interface StepTestResult {
  /** The new run (marked as a step test: `trigger.type` is `step-test`). */
  runId: RunId;
  /** The run whose upstream outputs were used. */
  testedRunId: RunId;
  stepId: string;
  /** The step-test run's status: its step's outcome, or RUNNING/WAITING if it outlasted `waitMs`. */
  status: RunStatus;
  /** The tested step in the new run (secrets masked); `status` PENDING if it had not started yet. */
  step: Omit<StepRecord, 'state'>;
}

export async function testStep(deps: ApiDeps, req: StepTestRequest): Promise<StepTestResult> {
  const r = await deps.store.repos.runs.get(req.runId as RunId);
  if (!r) throw notFound(`run "${req.runId}"`);
  await mustGetStep(deps, r, req.stepId); // an unknown step is NOT_FOUND, naming it
  const { runId } = orRefuse(
    await deps.engine.testStep({
      runId: r.run.id,
      stepId: req.stepId,
      ...(req.input !== undefined ? { input: req.input } : {}),
    }),
  );
  await deps.engine.waitForRun(runId, req.waitMs);
  const done = await deps.store.repos.runs.get(runId);
  if (!done) throw notFound(`run "${runId}"`);
  const rec = done.steps.find((s) => s.stepId === req.stepId);
  const { state: _state, ...step } = rec ?? {
    runId,
    stepId: req.stepId,
    status: 'PENDING' as const,
    attempts: 0,
  };
  return { runId, testedRunId: r.run.id, stepId: req.stepId, status: done.run.status, step };
}
