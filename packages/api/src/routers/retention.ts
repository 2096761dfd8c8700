import { z } from 'zod';
import { ApiError } from '../errors';
import { adminProcedure, router } from '../trpc';

export const retentionRouter = router({
  /**
   * Delete ended runs (with their steps and events) older than `olderThanMs` and/or beyond the newest
   * `keepPerWorkflow` per workflow. Runs that are queued, running or waiting are never touched.
   */
  prune: adminProcedure
    .input(
      z.object({
        olderThanMs: z.number().int().positive().optional(),
        keepPerWorkflow: z.number().int().min(0).optional(),
        dryRun: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.olderThanMs === undefined && input.keepPerWorkflow === undefined)
        throw new ApiError('BAD_REQUEST', 'give olderThanMs, keepPerWorkflow or both: what to prune');
      const r = await ctx.deps.store.repos.retention.prune({
        ...(input.olderThanMs !== undefined && { finishedBefore: ctx.deps.now() - input.olderThanMs }),
        ...(input.keepPerWorkflow !== undefined && { keepPerWorkflow: input.keepPerWorkflow }),
        dryRun: input.dryRun,
      });
      return { pruned: r.runs, events: r.events, dryRun: r.dryRun };
    }),
});
