/**
 * The operations procedures (`dashboard.*`, `runs.*` across workflows, `triggers.*`), typed from the
 * server's AppRouter: the ops pages reach the server through here only.
 */
import { createClient, type ApiClient } from '../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type DashboardRange = '24h' | '7d';
export type DashboardSummary = Awaited<ReturnType<ApiClient['dashboard']['summary']['query']>>;

export type RunListInput = NonNullable<Parameters<ApiClient['runs']['list']['query']>[0]>;
export type RunPage = Awaited<ReturnType<ApiClient['runs']['list']['query']>>;
export type WorkflowSummary = Awaited<ReturnType<ApiClient['workflows']['list']['query']>>[number];

export const opsApi = {
  summary: (range: DashboardRange): Promise<DashboardSummary> => api().dashboard.summary.query({ range }),
  listRuns: (input: RunListInput): Promise<RunPage> => api().runs.list.query(input),
  workflows: (): Promise<WorkflowSummary[]> => api().workflows.list.query(),
  cancelRun: (runId: string): Promise<unknown> => api().runs.cancel.mutate({ runId }),
  retryRun: (runId: string): Promise<{ runId: string; fromStepId: string }> =>
    api().runs.retry.mutate({ runId }),
};
