/**
 * The operator pages' calls (dashboard, runs explorer, schedules, block registry, audit, settings), over the one
 * tRPC client of the studio (`context.ts`). Each hook answers an object of stable functions, so a
 * page that polls or acts in bulk holds one value; outputs are the procedures' own (`router-types.ts`).
 */
import { useCalls } from './hooks';
import type { AuditQuery, DashboardRange, RunListInput } from './router-types';

/** Dashboard and runs explorer: `dashboard.summary`, `runs.list` across workflows, bulk cancel/retry. */
export const useOpsCalls = () =>
  useCalls((c) => ({
    summary: (range: DashboardRange) => c.dashboard.summary.query({ range }),
    listRuns: (input: RunListInput) => c.runs.list.query(input),
    workflows: () => c.workflows.list.query(),
    cancelRun: (runId: string) => c.runs.cancel.mutate({ runId }),
    /** A new run from the failed step on (the server picks it). */
    retryRun: (runId: string) => c.runs.retry.mutate({ runId }),
  }));

/** The schedules page: timed triggers (pause, resume) and dead-lettered run-end notifications. */
export const useScheduleCalls = () =>
  useCalls((c) => ({
    list: () => c.triggers.list.query(),
    pause: (workflowId: string, triggerKey: string) => c.triggers.pause.mutate({ workflowId, triggerKey }),
    resume: (workflowId: string, triggerKey: string) => c.triggers.resume.mutate({ workflowId, triggerKey }),
    deadLetters: async () => (await c.notifications.list.query({ state: 'dead', limit: 100 })).deliveries,
    redeliver: (deliveryId: string) => c.notifications.redeliver.mutate({ deliveryId }),
  }));

/** The block registry (`blocks.*`, admin): list, inspect and install an archive (base64), remove, verify. */
export const useBlockCalls = () =>
  useCalls((c) => ({
    list: () => c.blocks.list.query(),
    inspect: (archive: string, source: string) => c.blocks.inspect.mutate({ archive, source }),
    install: (archive: string, source: string) => c.blocks.install.mutate({ archive, source }),
    remove: (name: string, version: string) => c.blocks.remove.mutate({ name, version }),
    verify: () => c.blocks.verify.mutate(),
  }));

/** The audit page (`audit.list`, admin): one page of entries, newest first unless `order: 'asc'`. */
export const useAuditCalls = () =>
  useCalls((c) => ({
    list: (q: AuditQuery) => c.audit.list.query(q),
  }));

/** The settings page (admin): the retention policy, next pass and last prune. */
export const useSettingsCalls = () =>
  useCalls((c) => ({
    retention: () => c.retention.status.query(),
  }));
