import { z } from 'zod';
import { runId, stepId } from '../schemas';
import { testStep } from '../services/step-test';
import { editorProcedure } from '../trpc';

/**
 * `debug.testStep` — test one step ("test step"): run ONLY `stepId` of `runId` again, with the
 * recorded outputs of its upstream steps and `input` (when given) in place of its resolved inputs.
 * Nothing else starts. The result is stored as a new run marked as a step test (`trigger.type`
 * `step-test`), left out of `runs.list` (unless `kind`) and of the dashboard. Waits up to `waitMs`
 * for the step to end. Answers `StepTestResult` (services/step-test.ts).
 */
export const testStepProcedure = editorProcedure
  .input(
    z.object({
      runId,
      stepId,
      input: z.record(z.string(), z.unknown()).optional(),
      waitMs: z.number().int().min(0).max(60_000).default(30_000),
    }),
  )
  .mutation(({ ctx, input }) => testStep(ctx.deps, input));
