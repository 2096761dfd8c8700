import { z } from 'zod';
import { notFound } from '../errors';
import { diffVersions, exportYaml, getVersion, saveWorkflow } from '../services/workflows';
import { validateYaml } from '../services/validate';
import { version, workflowId, yamlText } from '../schemas';
import { editorProcedure, router, viewerProcedure } from '../trpc';

export const workflowsRouter = router({
  /** Workflows (latest version metadata), ordered by id. */
  list: viewerProcedure
    .input(z.object({ search: z.string().max(200).optional(), enabled: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => ctx.deps.store.repos.workflows.list(input ?? {})),

  /** One workflow with the YAML of its latest (or a given) version. */
  get: viewerProcedure
    .input(z.object({ id: workflowId, version: version.optional() }))
    .query(async ({ ctx, input }) => {
      const repo = ctx.deps.store.repos.workflows;
      const workflow = await repo.get(input.id);
      if (!workflow) throw notFound(`workflow "${input.id}"`);
      const v = await getVersion(repo, input.id, input.version);
      return { workflow, version: v };
    }),

  /** Validate and store a new immutable version. The YAML's `id` names the workflow. */
  save: editorProcedure
    .input(
      z.object({
        yaml: yamlText,
        id: workflowId.optional(),
        message: z.string().max(2000).optional(),
        /** A new document: when a workflow with its id exists, store nothing and answer `taken: true`. */
        create: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => saveWorkflow(ctx.deps, { ...input, author: ctx.principal.name })),

  /** Versions, newest first, without their text. */
  history: viewerProcedure.input(z.object({ id: workflowId })).query(async ({ ctx, input }) => {
    const repo = ctx.deps.store.repos.workflows;
    if (!(await repo.get(input.id))) throw notFound(`workflow "${input.id}"`);
    return repo.history(input.id);
  }),

  /** Unified diff between two versions' YAML text. */
  diff: viewerProcedure
    .input(z.object({ id: workflowId, from: version, to: version }))
    .query(({ ctx, input }) => diffVersions(ctx.deps.store.repos.workflows, input.id, input.from, input.to)),

  /** Store a new version whose text equals an old one. */
  rollback: editorProcedure
    .input(z.object({ id: workflowId, version, message: z.string().max(2000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const old = await getVersion(ctx.deps.store.repos.workflows, input.id, input.version);
      return saveWorkflow(ctx.deps, {
        yaml: old.yaml,
        id: input.id,
        author: ctx.principal.name,
        message: input.message ?? `rollback to version ${input.version}`,
      });
    }),

  /** Turn triggers on or off (manual runs stay possible). */
  setEnabled: editorProcedure
    .input(z.object({ id: workflowId, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const found = await ctx.deps.store.repos.workflows.setEnabled(input.id, input.enabled, ctx.deps.now());
      if (!found) throw notFound(`workflow "${input.id}"`);
      ctx.deps.hooks.workflowChanged({ workflowId: input.id, triggersChanged: true });
      return { id: input.id, enabled: input.enabled };
    }),

  /** Delete a workflow and its versions; its runs stay. */
  delete: editorProcedure.input(z.object({ id: workflowId })).mutation(async ({ ctx, input }) => {
    const found = await ctx.deps.store.repos.workflows.delete(input.id);
    if (!found) throw notFound(`workflow "${input.id}"`);
    ctx.deps.hooks.workflowChanged({ workflowId: input.id, triggersChanged: true, deleted: true });
    return { id: input.id, deleted: true };
  }),

  /** The stored YAML, optionally without `layout` (for `weft export --no-layout`). */
  export: viewerProcedure
    .input(z.object({ id: workflowId, version: version.optional(), noLayout: z.boolean().default(false) }))
    .query(async ({ ctx, input }) => {
      const v = await getVersion(ctx.deps.store.repos.workflows, input.id, input.version);
      return { id: input.id, version: v.version, yaml: exportYaml(v.yaml, { noLayout: input.noLayout }) };
    }),

  /** Check a YAML text without storing it. */
  validate: viewerProcedure.input(z.object({ yaml: yamlText })).query(({ ctx, input }) => {
    const r = validateYaml(input.yaml, ctx.deps.catalog);
    return { valid: r.workflow !== undefined, workflowId: r.workflow?.id, diagnostics: r.diagnostics };
  }),
});
