import { z } from 'zod';
import { adminProcedure, router } from '../trpc';

export const auditRouter = router({
  /**
   * The audit log: every write with who, when, what and from where. Newest first by default;
   * `order: 'asc'` with `since` pages through an export oldest first (pass `nextCursor` back).
   */
  list: adminProcedure
    .input(
      z
        .object({
          since: z.number().int().optional(),
          until: z.number().int().optional(),
          actor: z.string().min(1).max(100).optional(),
          action: z.string().min(1).max(100).optional(),
          order: z.enum(['asc', 'desc']).default('desc'),
          limit: z.number().int().min(1).max(1000).default(100),
          cursor: z.number().int().min(0).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.deps.store.repos.audit.list(input ?? {})),
});
