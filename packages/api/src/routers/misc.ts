import { z } from 'zod';
import type { RunId } from '@weft/engine';
import { createToken } from '../auth/tokens';
import { ApiError, notFound } from '../errors';
import { getTemplate, listTemplates } from '../services/templates';
import { createFromTemplate } from '../services/template-use';
import { testStepProcedure } from './step-test';
import { mustGetStep } from './runs';
import { role, runId, secretName, stepId } from '../schemas';
import { adminProcedure, editorProcedure, publicProcedure, router, viewerProcedure } from '../trpc';

export const debugRouter = router({
  /** Continue, step, skip or cancel at a paused step (`WAITING`, reason `breakpoint`); `input` replaces its inputs. */
  command: editorProcedure
    .input(
      z.object({
        runId,
        stepId,
        action: z.enum(['continue', 'step', 'skip', 'cancel']),
        input: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const r = await ctx.deps.store.repos.runs.get(input.runId as RunId);
      if (!r) throw notFound(`run "${input.runId}"`);
      const step = await mustGetStep(ctx.deps, r, input.stepId);
      if (step.status !== 'WAITING' || step.waitReason !== 'breakpoint') {
        throw new ApiError(
          'CONFLICT',
          `step "${input.stepId}" is not paused at a breakpoint (it is ${step.status})`,
        );
      }
      await ctx.deps.engine.debug({
        runId: r.run.id,
        stepId: input.stepId,
        action: input.action,
        ...(input.input !== undefined ? { input: input.input } : {}),
      });
      return { accepted: true };
    }),

  testStep: testStepProcedure,
});

export const catalogRouter = router({
  /** Every block (built-ins and WASM blocks) with its input/output JSON Schemas and ports. */
  list: viewerProcedure.query(({ ctx }) => ctx.deps.catalog.list()),
  /** One block by its `uses` (`http@1`, `if`). */
  get: viewerProcedure.input(z.object({ uses: z.string().min(1).max(200) })).query(({ ctx, input }) => {
    const b = ctx.deps.catalog.resolve(input.uses);
    if (!b) throw notFound(`block "${input.uses}"`);
    return b;
  }),
});

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

export const templatesRouter = router({
  /** Gallery cards (x-gallery metadata + steps for the mini-canvas), optionally filtered. */
  list: viewerProcedure
    .input(
      z
        .object({
          category: z.string().max(100).optional(),
          tag: z.string().max(100).optional(),
          search: z.string().max(200).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listTemplates(ctx.deps.templatesDir, input ?? {})),
  /** One template with its YAML. */
  get: viewerProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getTemplate(ctx.deps.templatesDir, input.id)),
  /** A new workflow from a template under a fresh id (never an existing one); triggers start off. */
  use: editorProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => createFromTemplate(ctx.deps, input.id, ctx.principal.name)),
});

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
