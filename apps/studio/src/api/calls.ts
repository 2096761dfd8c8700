/**
 * Call hooks: stable functions for what a person does (mutations) and for reads a page starts
 * itself (opening a document, checking a run once it ended). Each answers the procedure's output.
 */
import { createClient, type ApiClient } from './client';
import { useCall } from './hooks';
import type { DebugCommand, DebugRequest, RunStatus } from './router-types';
import { forgetSecretNames } from './secret-names';

export const useWhoami = () => useCall((c) => c.auth.whoami.query());

/** Who `token` signs in as, asked before the token is stored (its own client, not the page's). */
export const whoamiWithToken = (token: string) =>
  createClient(window.location.origin, () => token).auth.whoami.query();

type Blocks = ReturnType<ApiClient['catalog']['list']['query']>;
/** The early answer per client; null once taken (later calls ask the server). */
const earlyBlocks = new WeakMap<ApiClient, Blocks | null>();

/**
 * Asks for the block catalog now, as the studio starts, in the same batched request as
 * `auth.whoami`: an editor opened cold then does not wait for a second round trip. The first
 * `useBlocks` call takes the answer; a failed one (not signed in yet) is asked again then.
 */
export function prefetchBlocks(client: ApiClient): void {
  if (earlyBlocks.has(client)) return;
  const early = client.catalog.list.query();
  early.catch(() => undefined);
  earlyBlocks.set(client, early);
}

export const useBlocks = () =>
  useCall((c) => {
    const early = earlyBlocks.get(c);
    earlyBlocks.set(c, null);
    return early ? early.catch(() => c.catalog.list.query()) : c.catalog.list.query();
  });

/** A workflow with the YAML of its latest (or a given) version. */
export const useGetWorkflow = () =>
  useCall((c, id: string, version?: number) =>
    c.workflows.get.query(version === undefined ? { id } : { id, version }),
  );

/**
 * Stores a new version. `create`: the text is a new document — when a workflow with its id exists,
 * nothing is stored and `taken` is true. `unchanged`: the text equals the latest version.
 */
export const useSaveWorkflow = () =>
  useCall((c, yaml: string, message: string, options?: { create?: boolean }) =>
    c.workflows.save.mutate({ yaml, message, ...(options?.create ? { create: true } : {}) }),
  );

export const useDeleteWorkflow = () => useCall((c, id: string) => c.workflows.delete.mutate({ id }));

export const useSetEnabled = () =>
  useCall((c, id: string, enabled: boolean) => c.workflows.setEnabled.mutate({ id, enabled }));

export const useRollback = () =>
  useCall((c, id: string, version: number) => c.workflows.rollback.mutate({ id, version }));

/** Adds the secret, or replaces its value. */
export const useSetSecret = () =>
  useCall(async (c, name: string, value: string) => {
    await c.secrets.set.mutate({ name, value });
    forgetSecretNames(c);
  });

export const useDeleteSecret = () =>
  useCall(async (c, name: string) => {
    await c.secrets.delete.mutate({ name });
    forgetSecretNames(c);
  });

/** The secret names, read when a page needs them now (not cached). */
export const useListSecrets = () => useCall((c) => c.secrets.list.query());

/** Stores a new workflow from the template under a fresh id (never an existing one). */
export const useCreateFromTemplate = () => useCall((c, id: string) => c.templates.use.mutate({ id }));

/** Starts a run; with `debug`, it pauses at those breakpoints (or before every step in step mode). */
export const useStartRun = () =>
  useCall((c, workflowId: string, inputs: Record<string, unknown>, debug?: DebugRequest) =>
    c.runs.start.mutate(debug ? { workflowId, inputs, debug } : { workflowId, inputs }),
  );

export const useGetRun = () => useCall((c, runId: string) => c.runs.get.query({ runId }));

/** A workflow's latest runs of one status. */
export const useListRuns = () =>
  useCall(
    async (c, workflowId: string, status: RunStatus, limit: number) =>
      (await c.runs.list.query({ workflowId, status, limit })).runs,
  );

export const useCancelRun = () => useCall((c, runId: string) => c.runs.cancel.mutate({ runId }));

/** Approves or rejects an approval step that is WAITING. */
export const useDecide = () =>
  useCall((c, runId: string, stepId: string, approved: boolean, comment: string) =>
    c.runs.approve.mutate(comment ? { runId, stepId, approved, comment } : { runId, stepId, approved }),
  );

/** Starts a new run of the same version and inputs from `fromStepId` on (`runId`: the new run). */
export const useRetryRun = () =>
  useCall((c, runId: string, fromStepId: string) => c.runs.retry.mutate({ runId, fromStepId }));

/**
 * Debugger: act on a step paused at a breakpoint. `input` replaces its inputs (continue, step);
 * `output` with skip ends it SUCCESS with that output.
 */
export const useDebugCommand = () => useCall((c, command: DebugCommand) => c.debug.command.mutate(command));

/** A page of the run's event log: up to `limit` events after `afterSeq`, in order (playback). */
export const useRunEventsPage = () =>
  useCall((c, runId: string, afterSeq: number, limit: number) =>
    c.runs.events.query({ runId, afterSeq, limit }),
  );

/**
 * "Test step": runs only `stepId` of `runId` again, with the recorded outputs of its upstream steps and
 * `input` (when given) in place of its resolved inputs, as a new run marked as a step test; answers
 * once the step ended (or its state so far).
 */
export const useTestStep = () =>
  useCall((c, runId: string, stepId: string, input?: Record<string, unknown>) =>
    c.debug.testStep.mutate(input ? { runId, stepId, input } : { runId, stepId }),
  );
