import { z } from 'zod';
import { createToken } from '../auth/tokens';
import { notFound } from '../errors';
import { role } from '../schemas';
import { adminProcedure, router } from '../trpc';

export const tokensRouter = router({
  /** Tokens without their values (only hashes are stored). */
  list: adminProcedure.query(async ({ ctx }) =>
    (await ctx.deps.store.repos.tokens.list()).map(({ hash: _hash, ...rest }) => rest),
  ),
  /** Create a token; its value is in this answer only. */
  create: adminProcedure
    .input(z.object({ name: z.string().min(1).max(100), role }))
    .mutation(async ({ ctx, input }) => {
      const { token, row } = await createToken(ctx.deps.store.repos.tokens, {
        name: input.name,
        role: input.role,
        now: ctx.deps.now(),
      });
      return { id: row.id, name: row.name, role: row.role, token };
    }),
  revoke: adminProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.deps.store.repos.tokens.revoke(input.id, ctx.deps.now())))
        throw notFound(`token "${input.id}"`);
      return { id: input.id, revoked: true };
    }),
});
