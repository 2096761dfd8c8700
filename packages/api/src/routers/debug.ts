import { z } from 'zod';
import type { RunId } from '@weft/engine';
import { ApiError, notFound, orRefuse } from '../errors';
import { testStep } from '../services/step-test';
import { mustGetStep } from './runs';
import { runId, stepId } from '../schemas';
import { editorProcedure, router } from '../trpc';

export const debugRouter = router({
  /**
   * Continue, step, skip or cancel at a paused step (`WAITING`, reason `breakpoint`); `input` replaces its
   * inputs; `output` with `skip` ends the step SUCCESS with that output (instead of SKIPPED).
   */
  command: editorProcedure
    .input(
      z.object({
        runId,
        stepId,
        action: z.enum(['continue', 'step', 'skip', 'cancel']),
        input: z.record(z.string(), z.unknown()).optional(),
        /** With `skip`: the step ends SUCCESS with this output (what downstream steps see). */
        output: z.unknown().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.output !== undefined && input.action !== 'skip')
        throw new ApiError('BAD_REQUEST', `output goes with action "skip", not "${input.action}"`);
      const r = await ctx.deps.store.repos.runs.get(input.runId as RunId);
      if (!r) throw notFound(`run "${input.runId}"`);
      const step = await mustGetStep(ctx.deps, r, input.stepId);
      if (step.status !== 'WAITING' || step.waitReason !== 'breakpoint') {
        throw new ApiError(
          'CONFLICT',
          `step "${input.stepId}" is not paused at a breakpoint (it is ${step.status})`,
        );
      }
      orRefuse(
        await ctx.deps.engine.debug({
          runId: r.run.id,
          stepId: input.stepId,
          action: input.action,
          ...(input.input !== undefined ? { input: input.input } : {}),
          ...(input.output !== undefined ? { output: input.output } : {}),
        }),
      );
      return { accepted: true };
    }),

  /**
   * Test one step ("test step"): run ONLY `stepId` of `runId` again, with the recorded outputs of its
   * upstream steps and `input` (when given) in place of its resolved inputs. Nothing else starts. The
   * result is stored as a new run marked as a step test (`trigger.type` `step-test`), left out of
   * `runs.list` (unless `kind`) and of the dashboard. Waits up to `waitMs` for the step to end.
   * Answers a `StepTestResult` (services/step-test.ts).
   */
  testStep: editorProcedure
    .input(
      z.object({
        runId,
        stepId,
        input: z.record(z.string(), z.unknown()).optional(),
        waitMs: z.number().int().min(0).max(60_000).default(30_000),
      }),
    )
    .mutation(({ ctx, input }) => testStep(ctx.deps, input)),
});
