import { z } from 'zod';
import { getTemplate, listTemplates } from '../services/templates';
import { createFromTemplate } from '../services/template-use';
import { editorProcedure, router, viewerProcedure } from '../trpc';

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
    .query(({ ctx, input }) => listTemplates(ctx.deps.templates, input ?? {})),
  /** One template with its YAML. */
  get: viewerProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(({ ctx, input }) => getTemplate(ctx.deps.templates, input.id)),
  /** A new workflow from a template under a fresh id (never an existing one); triggers start off. */
  use: editorProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => createFromTemplate(ctx.deps, input.id, ctx.principal.name)),
});
