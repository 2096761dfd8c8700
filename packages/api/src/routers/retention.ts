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
      const { retention } = ctx.deps.store.repos;
      const at = ctx.deps.now();
      const r = await retention.prune({
        ...(input.olderThanMs !== undefined && { finishedBefore: at - input.olderThanMs }),
        ...(input.keepPerWorkflow !== undefined && { keepPerWorkflow: input.keepPerWorkflow }),
        dryRun: input.dryRun,
      });
      if (!r.dryRun)
        await retention
          .recordLast({ at, source: 'manual', runs: r.runs, events: r.events, tookMs: ctx.deps.now() - at })
          .catch(() => undefined);
      return { pruned: r.runs, events: r.events, dryRun: r.dryRun };
    }),

  /**
   * The effective retention policy (from the server's settings; `enabled: false` when no rule is set
   * or the server runs no job), when the job runs next, and what the last prune did.
   */
  status: adminProcedure.query(async ({ ctx }) => {
    const job = ctx.deps.retention;
    const last = await ctx.deps.store.repos.retention.last();
    return {
      enabled: job?.enabled ?? false,
      maxAgeMs: job?.policy.maxAgeMs ?? null,
      keepPerWorkflow: job?.policy.keepPerWorkflow ?? null,
      intervalMs: job?.policy.intervalMs ?? null,
      nextRunAt: job?.nextRunAt ?? null,
      last: last ?? null,
    };
  }),
});
