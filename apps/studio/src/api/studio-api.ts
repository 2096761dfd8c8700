/**
 * What the studio asks of the server, over the tRPC client: every answer is the procedure's own
 * output (types in `router-types.ts`, derived from `AppRouter`), never a copy of it.
 */
import { createClient, type ApiClient } from './client';
import type {
  DebugCommand,
  DebugRequest,
  RunEvent,
  RunListFilter,
  RunStatus,
  TemplateFilter,
} from './router-types';

export type StudioApi = ReturnType<typeof createStudioApi>;

export function createStudioApi(client: ApiClient = createClient()) {
  return {
    whoami: () => client.auth.whoami.query(),
    /** Gallery cards, filtered by category, tag and search words on the server. */
    listTemplates: (filter?: TemplateFilter) => client.templates.list.query(filter ?? {}),
    /** One template with its YAML. */
    getTemplate: (id: string) => client.templates.get.query({ id }),
    /** Stores a new workflow from the template under a fresh id (never an existing one). */
    useTemplate: (id: string) => client.templates.use.mutate({ id }),
    /** The latest runs of every workflow, newest first (the home page). */
    recentRuns: async (limit: number) => (await client.runs.list.query({ limit })).runs,
    listWorkflows: (search?: string) => client.workflows.list.query(search ? { search } : {}),
    /** A workflow with the YAML of its latest (or a given) version. */
    getWorkflow: (id: string, version?: number) =>
      client.workflows.get.query(version === undefined ? { id } : { id, version }),
    /**
     * Stores a new version. `create`: the text is a new document — when a workflow with its id exists,
     * nothing is stored and `taken` is true. `unchanged`: the text equals the latest version; nothing
     * was stored.
     */
    saveWorkflow: (yaml: string, message: string, options?: { create?: boolean }) =>
      client.workflows.save.mutate({ yaml, message, ...(options?.create ? { create: true } : {}) }),
    deleteWorkflow: async (id: string) => {
      await client.workflows.delete.mutate({ id });
    },
    setEnabled: async (id: string, enabled: boolean) => {
      await client.workflows.setEnabled.mutate({ id, enabled });
    },
    history: (id: string) => client.workflows.history.query({ id }),
    rollback: (id: string, version: number) => client.workflows.rollback.mutate({ id, version }),
    listBlocks: () => client.catalog.list.query(),
    listSecrets: () => client.secrets.list.query(),
    /** Adds the secret, or replaces its value. */
    setSecret: async (name: string, value: string) => {
      await client.secrets.set.mutate({ name, value });
    },
    deleteSecret: async (name: string) => {
      await client.secrets.delete.mutate({ name });
    },
    /** Starts a run; with `debug`, it pauses at those breakpoints (or before every step in step mode). */
    startRun: (workflowId: string, inputs: Record<string, unknown>, debug?: DebugRequest) =>
      client.runs.start.mutate(debug ? { workflowId, inputs, debug } : { workflowId, inputs }),
    listRuns: async (workflowId: string, filters: { status?: RunStatus; limit?: number }) =>
      (
        await client.runs.list.query({
          workflowId,
          limit: filters.limit ?? 50,
          ...(filters.status ? { status: filters.status } : {}),
        } satisfies RunListFilter)
      ).runs,
    getRun: (runId: string) => client.runs.get.query({ runId }),
    cancelRun: async (runId: string) => {
      await client.runs.cancel.mutate({ runId });
    },
    /** Approves or rejects an approval step that is WAITING. */
    decide: async (runId: string, stepId: string, approved: boolean, comment: string) => {
      await client.runs.approve.mutate(
        comment ? { runId, stepId, approved, comment } : { runId, stepId, approved },
      );
    },
    /** Starts a new run of the same version and inputs from `fromStepId` on (`runId`: the new run). */
    retryRun: (runId: string, fromStepId: string) => client.runs.retry.mutate({ runId, fromStepId }),
    /**
     * Debugger: act on a step paused at a breakpoint. `input` replaces its inputs (continue, step);
     * `output` with skip ends it SUCCESS with that output.
     */
    debugCommand: async (command: DebugCommand) => {
      await client.debug.command.mutate(command);
    },
    /** The run's log lines, optionally of one step. */
    runLogs: (runId: string, stepId?: string) =>
      client.runs.logs.query(stepId ? { runId, stepId } : { runId }),
    /** Calls `onEvent` for every event from `fromSeq` on; returns a function that stops listening. */
    watchRun: (
      runId: string,
      fromSeq: number,
      onEvent: (e: RunEvent) => void,
      onError: (err: Error) => void,
    ): (() => void) => {
      const sub = client.runs.onEvents.subscribe(
        { runId, afterSeq: fromSeq },
        { onData: (tracked) => onEvent(tracked.data), onError: (err) => onError(err) },
      );
      return () => sub.unsubscribe();
    },
  };
}
