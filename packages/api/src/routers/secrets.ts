import { z } from 'zod';
import { notFound } from '../errors';
import { secretName } from '../schemas';
import { adminProcedure, router, viewerProcedure } from '../trpc';

export const secretsRouter = router({
  /** Names and times only: values never leave the server. */
  list: viewerProcedure.query(({ ctx }) => ctx.deps.vault.list()),
  /** Create or replace a secret. The answer never echoes the value. */
  set: adminProcedure
    .input(
      z.object({ name: secretName, value: z.string().max(64 * 1024, 'a secret value is at most 64 KiB') }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.vault.set(input.name, input.value);
      return { name: input.name };
    }),
  delete: adminProcedure.input(z.object({ name: secretName })).mutation(async ({ ctx, input }) => {
    if (!(await ctx.deps.vault.delete(input.name))) throw notFound(`secret "${input.name}"`);
    return { name: input.name, deleted: true };
  }),
  /** Re-encrypt every secret with a new key (generated unless given) and persist it. */
  rotateKey: adminProcedure
    .input(z.object({ newKey: z.string().min(32).max(200).optional() }).optional())
    .mutation(({ ctx, input }) => ctx.deps.rotateSecretKey(input?.newKey)),
});
