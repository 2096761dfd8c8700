import { z } from 'zod';
import { router, viewerProcedure } from '../trpc';

const RANGES = { '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 } as const;

export const dashboardRouter = router({
  /**
   * The operator's overview, aggregated in SQL: runs per hour by status over the range, success
   * rate, p50/p95 duration per workflow, failing workflows with their last error, runs running and
   * waiting now, queue depth, approvals waiting, database size. Poll it (the studio does every few s).
   */
  summary: viewerProcedure
    .input(z.object({ range: z.enum(['24h', '7d']).default('24h') }).optional())
    .query(({ ctx, input }) =>
      ctx.deps.store.repos.dashboard.summary({
        now: ctx.deps.now(),
        windowMs: RANGES[input?.range ?? '24h'],
        bucketMs: 3_600_000,
      }),
    ),
});
