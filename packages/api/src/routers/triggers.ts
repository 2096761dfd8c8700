import { z } from 'zod';
import { ApiError } from '../errors';
import { listSchedules, type ScheduleEntry } from '../services/schedules';
import { editorProcedure, router, viewerProcedure } from '../trpc';
import type { ApiContext } from '../trpc';

const workflowId = z.string().min(1).max(63);
const triggerKey = z
  .string()
  .regex(/^(cron|interval):\d{1,4}$/, 'a trigger key is cron:<n> or interval:<n> (see triggers.list)');

async function findTrigger(ctx: ApiContext, wf: string, key: string): Promise<ScheduleEntry> {
  if (!(await ctx.deps.store.repos.workflows.get(wf)))
    throw new ApiError('NOT_FOUND', `workflow ${wf} not found`);
  const all = await listSchedules(ctx.deps, { workflowId: wf });
  const found = all.find((e) => e.triggerKey === key);
  if (!found)
    throw new ApiError(
      'NOT_FOUND',
      all.length === 0
        ? `workflow ${wf} has no cron or interval trigger`
        : `workflow ${wf} has no trigger ${key}; its triggers are ${all.map((e) => e.triggerKey).join(', ')}`,
    );
  return found;
}

export const triggersRouter = router({
  /**
   * Every cron and interval trigger across workflows (latest versions): in words, its time zone, the
   * next five fire times, the last fire and the run it started, and whether it is paused.
   */
  list: viewerProcedure
    .input(z.object({ workflowId: workflowId.optional() }).optional())
    .query(({ ctx, input }) =>
      listSchedules(ctx.deps, input?.workflowId !== undefined ? { workflowId: input.workflowId } : {}),
    ),
  /** Stop a trigger from firing until it is resumed (survives restarts and new versions). */
  pause: editorProcedure.input(z.object({ workflowId, triggerKey })).mutation(async ({ ctx, input }) => {
    await findTrigger(ctx, input.workflowId, input.triggerKey);
    await ctx.deps.store.repos.pauses.pause({
      workflowId: input.workflowId,
      triggerKey: input.triggerKey,
      pausedAt: ctx.deps.now(),
      ...(ctx.principal ? { pausedBy: ctx.principal.name } : {}),
    });
    return findTrigger(ctx, input.workflowId, input.triggerKey);
  }),
  /** Let a paused trigger fire again from its next tick (ticks missed while paused do not fire). */
  resume: editorProcedure.input(z.object({ workflowId, triggerKey })).mutation(async ({ ctx, input }) => {
    await findTrigger(ctx, input.workflowId, input.triggerKey);
    await ctx.deps.store.repos.pauses.resume(input.workflowId, input.triggerKey);
    return findTrigger(ctx, input.workflowId, input.triggerKey);
  }),
});
