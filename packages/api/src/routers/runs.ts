import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { RunEvent, RunId, StepRecord } from '@weft/engine';
import type { RunWithSteps } from '@weft/store';
import { parseStored } from '../services/workflows';
import { ApiError, notFound, orRefuse } from '../errors';
import { startRun } from '../services/run-start';
import { assertNoPendingDecision, oneAtATime } from '../services/decisions';
import { debugOptions, runId, runStatus, stepId, workflowId } from '../schemas';
import { editorProcedure, router, viewerProcedure } from '../trpc';
import type { ApiDeps } from '../ports';

const TERMINAL = new Set(['run.succeeded', 'run.failed', 'run.cancelled']);
const ENDED = new Set(['SUCCESS', 'FAILED', 'CANCELLED']);
const triggerType = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a trigger type is a lowercase word (cron, manual, …)');

/** The step a retry starts from by default: the first (by start time) that failed or was cancelled. */
export function firstFailedStep(steps: readonly StepRecord[]): string | undefined {
  return steps
    .filter((s) => s.status === 'FAILED' || s.status === 'CANCELLED')
    .sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0))[0]?.stepId;
}

async function mustGetRun(deps: ApiDeps, id: string) {
  const r = await deps.store.repos.runs.get(id as RunId);
  if (!r) throw notFound(`run "${id}"`);
  return r;
}

/** The step's record, or a PENDING placeholder for a step of the workflow that has not started. */
export async function mustGetStep(
  deps: ApiDeps,
  r: RunWithSteps,
  stepId: string,
): Promise<Pick<StepRecord, 'stepId' | 'status' | 'waitReason'>> {
  const rec = r.steps.find((s) => s.stepId === stepId);
  if (rec) return rec;
  const v = await deps.store.repos.workflows.workflowVersion(r.run.workflowId, r.run.workflowVersion);
  const wf = v ? parseStored(deps, v) : undefined;
  if (!wf?.steps.some((s) => s.id === stepId)) throw notFound(`step "${stepId}" in run ${r.run.id}`);
  return { stepId, status: 'PENDING' };
}

export const runsRouter = router({
  /** Start a run of the latest version. With an idempotency key already used, returns that run (`created: false`). */
  start: editorProcedure
    .input(
      z.object({
        workflowId,
        inputs: z.record(z.string(), z.unknown()).default({}),
        idempotencyKey: z.string().min(1).max(200).optional(),
        debug: debugOptions.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.deps.store.repos.workflows.get(input.workflowId)))
        throw notFound(`workflow "${input.workflowId}"`);
      const started = await startRun(ctx.deps, {
        workflowId: input.workflowId,
        inputs: input.inputs,
        trigger: { type: 'api', by: ctx.principal.name },
        ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
        ...(input.debug !== undefined ? { debug: input.debug } : {}),
      });
      const { runId: id, status, created } = orRefuse(started);
      return { runId: id, status, created };
    }),

  /** Runs, newest first, with filters and a cursor. */
  list: viewerProcedure
    .input(
      z
        .object({
          workflowId: workflowId.optional(),
          status: z.union([runStatus, z.array(runStatus)]).optional(),
          from: z.number().int().optional(),
          to: z.number().int().optional(),
          parentRunId: runId.optional(),
          /** `run` (default): production runs; `step-test`: runs made by debug.testStep; `all`: both. */
          kind: z.enum(['run', 'step-test', 'all']).default('run'),
          /** The trigger's type: `manual`, `api`, `cron`, `interval`, `webhook`, `retry`, `workflow`, `step-test`. */
          trigger: z.union([triggerType, z.array(triggerType).max(20)]).optional(),
          /** Text in the run's error code or message (case-insensitive). */
          errorText: z.string().max(200, 'the error text is longer than 200 characters').optional(),
          limit: z.number().int().min(1).max(500).default(50),
          cursor: z.string().max(1000).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => {
      const { parentRunId, kind, ...rest } = input ?? { limit: 50, kind: 'run' };
      return ctx.deps.store.repos.runs.list({
        ...rest,
        ...(parentRunId ? { parentRunId: parentRunId as RunId } : {}),
        ...(kind !== 'all' ? { kind } : {}),
      });
    }),

  /** A run with every step. */
  get: viewerProcedure
    .input(z.object({ runId }))
    .query(({ ctx, input }) => mustGetRun(ctx.deps, input.runId)),

  /** A page of the run's event log after `afterSeq` (playback). */
  events: viewerProcedure
    .input(
      z.object({
        runId,
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(1000),
      }),
    )
    .query(async ({ ctx, input }) => {
      await mustGetRun(ctx.deps, input.runId);
      return ctx.deps.store.listEvents(input.runId as RunId, input.afterSeq, input.limit);
    }),

  /** The run's log lines (`step.log` events), optionally of one step. */
  logs: viewerProcedure
    .input(z.object({ runId, stepId: stepId.optional() }))
    .query(async ({ ctx, input }) => {
      await mustGetRun(ctx.deps, input.runId);
      const out: RunEvent[] = [];
      for (let after = 0; ;) {
        const page = await ctx.deps.store.listEvents(input.runId as RunId, after, 1000);
        for (const e of page)
          if (e.type === 'step.log' && (!input.stepId || e.stepId === input.stepId)) out.push(e);
        if (page.length < 1000) break;
        after = page[page.length - 1]?.seq ?? after;
      }
      return out;
    }),

  /**
   * Live events of a run from `afterSeq` (SSE with tRPC's httpSubscriptionLink). Each event is
   * `tracked` by its seq, so a reconnecting client resumes where it stopped. Ends after the run ends.
   */
  onEvents: viewerProcedure
    .input(
      z.object({ runId, afterSeq: z.number().int().min(0).default(0), lastEventId: z.string().optional() }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      await mustGetRun(ctx.deps, input.runId);
      const id = input.runId as RunId;
      const last =
        input.lastEventId !== undefined && /^\d+$/.test(input.lastEventId)
          ? Number(input.lastEventId)
          : input.afterSeq;
      const queue: RunEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = ctx.deps.engine.subscribe(id, last + 1, (e) => {
        queue.push(e);
        wake?.();
      });
      const onAbort = (): void => wake?.();
      signal?.addEventListener('abort', onAbort);
      try {
        while (!signal?.aborted) {
          for (let e = queue.shift(); e; e = queue.shift()) {
            yield tracked(String(e.seq), e);
            if (TERMINAL.has(e.type)) return;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      } finally {
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
      }
    }),

  cancel: editorProcedure.input(z.object({ runId })).mutation(async ({ ctx, input }) => {
    const { run } = await mustGetRun(ctx.deps, input.runId);
    if (ENDED.has(run.status)) throw new ApiError('CONFLICT', `run ${run.id} already ended ${run.status}`);
    orRefuse(await ctx.deps.engine.cancel(run.id, ctx.principal.name));
    return { runId: run.id, accepted: true };
  }),

  /**
   * Run a finished run again from a step: a NEW run where that step and everything downstream run
   * again. Without `fromStepId`, from the run's first failed (or cancelled) step.
   */
  retry: editorProcedure
    .input(z.object({ runId, fromStepId: stepId.optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await mustGetRun(ctx.deps, input.runId);
      const run = r.run;
      if (!ENDED.has(run.status))
        throw new ApiError('CONFLICT', `run ${run.id} is still ${run.status}; cancel it first`);
      const fromStepId = input.fromStepId ?? firstFailedStep(r.steps);
      if (fromStepId === undefined)
        throw new ApiError(
          'CONFLICT',
          `run ${run.id} ended ${run.status} with no failed or cancelled step; name the step to retry from`,
        );
      await mustGetStep(ctx.deps, r, fromStepId);
      const retry = orRefuse(await ctx.deps.engine.retryFrom(run.id, fromStepId));
      return { runId: retry.runId, retriedRunId: run.id, fromStepId };
    }),

  /** Approve or reject an `approval` step that is WAITING. */
  approve: editorProcedure
    .input(
      z.object({
        runId,
        stepId,
        approved: z.boolean().default(true),
        comment: z.string().max(2000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      oneAtATime(ctx.deps, `${input.runId}\u0000${input.stepId}`, async () => {
        const r = await mustGetRun(ctx.deps, input.runId);
        const run = r.run;
        const step = await mustGetStep(ctx.deps, r, input.stepId);
        if (step.status !== 'WAITING' || step.waitReason !== 'approval') {
          throw new ApiError(
            'CONFLICT',
            `step "${input.stepId}" is ${step.status}${step.waitReason ? ` (${step.waitReason})` : ''}, not waiting for approval`,
          );
        }
        await assertNoPendingDecision(ctx.deps, run.id, input.stepId);
        orRefuse(
          await ctx.deps.engine.decideApproval({
            runId: run.id,
            stepId: input.stepId,
            approved: input.approved,
            by: ctx.principal.name,
            ...(input.comment !== undefined ? { comment: input.comment } : {}),
          }),
        );
        return { runId: run.id, stepId: input.stepId, approved: input.approved };
      }),
    ),
});
