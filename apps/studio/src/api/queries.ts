/**
 * Query hooks: what a page shows from the server, loaded when its arguments change and reloadable.
 * Each answers the procedure's own output (types in `router-types.ts`).
 */
import { useQuery } from './hooks';
import type { RunStatus, TemplateFilter } from './router-types';

export const useWorkflows = (search: string) =>
  useQuery((c) => c.workflows.list.query(search ? { search } : {}), [search]);

export const useWorkflowHistory = (id: string) => useQuery((c) => c.workflows.history.query({ id }), [id]);

/** The YAML of two versions (nothing until both are picked). */
export const useVersionTexts = (id: string, from: number | null, to: number | null) =>
  useQuery(
    from === null || to === null
      ? null
      : async (c) => {
          const [x, y] = await Promise.all([
            c.workflows.get.query({ id, version: from }),
            c.workflows.get.query({ id, version: to }),
          ]);
          return [x.version.yaml, y.version.yaml] as const;
        },
    [id, from, to],
  );

/** A run with every step; `key` changes when it should be read again (its events moved a status). */
export const useRun = (runId: string, key?: string) =>
  useQuery((c) => c.runs.get.query({ runId }), [runId, key]);

/** A run's log lines, optionally of one step; read again when `key` changes. */
export const useRunLogs = (runId: string, stepId?: string, key?: string) =>
  useQuery((c) => c.runs.logs.query(stepId ? { runId, stepId } : { runId }), [runId, stepId, key]);

/** The latest runs of every workflow, newest first (the home page). */
export const useRecentRuns = (limit: number) =>
  useQuery(async (c) => (await c.runs.list.query({ limit })).runs, [limit]);

/** A workflow's runs, newest first, optionally of one status. */
export const useWorkflowRuns = (workflowId: string, status: RunStatus | '', limit: number) =>
  useQuery(
    async (c) => (await c.runs.list.query({ workflowId, limit, ...(status ? { status } : {}) })).runs,
    [workflowId, status, limit],
  );

export const useSecrets = () => useQuery((c) => c.secrets.list.query(), []);

/** Gallery cards, filtered by category, tag and search words on the server. */
export const useTemplates = (filter: TemplateFilter = {}) =>
  useQuery((c) => c.templates.list.query(filter), [filter.category, filter.tag, filter.search]);

/** One template with its YAML. */
export const useTemplate = (id: string) => useQuery((c) => c.templates.get.query({ id }), [id]);
