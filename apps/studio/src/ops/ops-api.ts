/**
 * The operations procedures (`dashboard.*`, `runs.*` across workflows, `triggers.*`), typed from the
 * server's AppRouter: the ops pages reach the server through here only.
 */
import { createClient, type ApiClient } from '../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type DashboardRange = '24h' | '7d';
export type DashboardSummary = Awaited<ReturnType<ApiClient['dashboard']['summary']['query']>>;

export const opsApi = {
  summary: (range: DashboardRange): Promise<DashboardSummary> => api().dashboard.summary.query({ range }),
};
