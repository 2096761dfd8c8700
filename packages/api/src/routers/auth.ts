import { ApiError } from '../errors';
import { publicProcedure, router } from '../trpc';

export const authRouter = router({
  /** Who the caller is; works without a token so the studio can decide to show its sign-in form. */
  whoami: publicProcedure.query(({ ctx }) => ({
    authEnabled: ctx.deps.authEnabled,
    signedIn: ctx.principal !== null,
    name: ctx.principal?.name ?? null,
    role: ctx.principal?.role ?? null,
  })),
  /** Check a token and record the sign-in in the audit log (the studio's sign-in form calls it). */
  signIn: publicProcedure.mutation(({ ctx }) => {
    if (!ctx.principal)
      throw new ApiError('UNAUTHORIZED', ctx.authProblem ?? 'the API token is unknown or revoked');
    return { name: ctx.principal.name, role: ctx.principal.role };
  }),
});
