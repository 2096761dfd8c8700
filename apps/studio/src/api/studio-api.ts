/**
 * `StudioApi` over the server's tRPC router: the only file that knows procedure names and the
 * server's record shapes (times as epoch ms, runs as `{ run, steps }`), mapped to what pages show.
 */
import type { BlockInfo } from '@weft/dsl';
import type { RunStatus, StepStatus } from '../document/run-slice';
import { createClient, type ApiClient } from './client';
import type { RunDetail, RunEvent, RunSummary, StepRunDetail, StudioApi } from './types';

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

interface RunRecordLike {
  id: string;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  createdAt: number;
  finishedAt?: number;
  trigger?: unknown;
}

function runSummary(r: RunRecordLike): RunSummary {
  const out: RunSummary = {
    runId: r.id,
    workflowId: r.workflowId,
    version: r.workflowVersion,
    status: r.status,
    createdAt: iso(r.createdAt) as string,
    trigger: r.trigger,
  };
  if (r.finishedAt !== undefined) out.finishedAt = iso(r.finishedAt) as string;
  return out;
}

interface StepRecordLike {
  stepId: string;
  status: StepStatus;
  attempts: number;
  input?: unknown;
  output?: unknown;
  port?: string;
  error?: { code: string; message: string };
  startedAt?: number;
  finishedAt?: number;
  waitReason?: string;
}

function stepDetail(s: StepRecordLike): StepRunDetail {
  const out: StepRunDetail = {
    stepId: s.stepId,
    status: s.status,
    attempts: s.attempts,
    input: s.input,
    output: s.output,
    error: s.error ?? null,
  };
  if (s.port !== undefined) out.port = s.port;
  if (s.waitReason !== undefined) out.waitReason = s.waitReason;
  if (s.startedAt !== undefined) out.startedAt = iso(s.startedAt) as string;
  if (s.finishedAt !== undefined) out.finishedAt = iso(s.finishedAt) as string;
  return out;
}

export function createStudioApi(client: ApiClient = createClient()): StudioApi {
  return {
    whoami: async () => client.auth.whoami.query(),
    listTemplates: async (filter) => client.templates.list.query(filter ?? {}),
    getTemplate: async (id) => client.templates.get.query({ id }),
    useTemplate: async (id) => client.templates.use.mutate({ id }),
    recentRuns: async (limit) => (await client.runs.list.query({ limit })).runs.map(runSummary),
    listWorkflows: async (query) => {
      const rows = await client.workflows.list.query(query ? { search: query } : {});
      return rows.map((w) => ({
        id: w.id,
        name: w.name,
        enabled: w.enabled,
        version: w.latestVersion,
        updatedAt: iso(w.updatedAt) as string,
      }));
    },
    getWorkflow: async (id, version) => {
      const r = await client.workflows.get.query(version === undefined ? { id } : { id, version });
      return {
        id: r.workflow.id,
        version: r.version.version,
        yaml: r.version.yaml,
        enabled: r.workflow.enabled,
      };
    },
    saveWorkflow: async (yaml, message, options) => {
      const r = await client.workflows.save.mutate({
        yaml,
        message,
        ...(options?.create ? { create: true } : {}),
      });
      return { id: r.id, version: r.version, unchanged: r.unchanged, taken: r.taken === true };
    },
    deleteWorkflow: async (id) => {
      await client.workflows.delete.mutate({ id });
    },
    setEnabled: async (id, enabled) => {
      await client.workflows.setEnabled.mutate({ id, enabled });
    },
    history: async (id) =>
      (await client.workflows.history.query({ id })).map((v) => {
        const out = {
          version: v.version,
          message: v.message ?? '',
          createdAt: iso(v.createdAt) as string,
          hash: v.hash,
        };
        return v.author !== undefined ? { ...out, author: v.author } : out;
      }),
    rollback: async (id, version) => ({
      version: (await client.workflows.rollback.mutate({ id, version })).version,
    }),
    listBlocks: async () => (await client.catalog.list.query()) as BlockInfo[],
    listSecrets: async () =>
      (await client.secrets.list.query()).map((s) => ({
        name: s.name,
        updatedAt: iso(s.updatedAt) as string,
      })),
    setSecret: async (name, value) => {
      await client.secrets.set.mutate({ name, value });
    },
    deleteSecret: async (name) => {
      await client.secrets.delete.mutate({ name });
    },
    startRun: async (workflowId, inputs, debug) => ({
      runId: (await client.runs.start.mutate(debug ? { workflowId, inputs, debug } : { workflowId, inputs }))
        .runId,
    }),
    listRuns: async (workflowId, filters) => {
      const page = await client.runs.list.query({
        workflowId,
        limit: filters.limit ?? 50,
        ...(filters.status ? { status: filters.status } : {}),
      });
      return page.runs.map(runSummary);
    },
    getRun: async (runId) => {
      const { run, steps } = await client.runs.get.query({ runId });
      const detail: RunDetail = {
        ...runSummary(run),
        inputs: run.inputs,
        outputs: run.outputs,
        error: run.error ?? null,
        steps: steps.map(stepDetail),
      };
      if (run.debug) detail.debug = run.debug as RunDetail['debug'] & object;
      return detail;
    },
    cancelRun: async (runId) => {
      await client.runs.cancel.mutate({ runId });
    },
    decide: async (runId, stepId, approved, comment) => {
      await client.runs.approve.mutate(
        comment ? { runId, stepId, approved, comment } : { runId, stepId, approved },
      );
    },
    // `runs.retry` answers { runId: the new run, retriedRunId: the old one }.
    retryRun: async (runId, fromStepId) => ({
      runId: (await client.runs.retry.mutate({ runId, fromStepId })).runId,
    }),
    debugCommand: async (command) => {
      await client.debug.command.mutate(command);
    },
    runLogs: async (runId, stepId) =>
      (await client.runs.logs.query(stepId ? { runId, stepId } : { runId })) as RunEvent[],
    watchRun: (runId, fromSeq, onEvent, onError) => {
      const sub = client.runs.onEvents.subscribe(
        { runId, afterSeq: fromSeq },
        {
          onData: (tracked) => onEvent(tracked.data as RunEvent),
          onError: (err) => onError(err),
        },
      );
      return () => sub.unsubscribe();
    },
  };
}
