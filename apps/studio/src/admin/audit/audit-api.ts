/**
 * The audit page's procedure (`audit.list`), typed from the server's AppRouter: the page reaches
 * the server through here only.
 */
import { createClient, type ApiClient } from '../../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type AuditQuery = Exclude<Parameters<ApiClient['audit']['list']['query']>[0], void | undefined>;
export type AuditPage = Awaited<ReturnType<ApiClient['audit']['list']['query']>>;
export type AuditEntry = AuditPage['entries'][number];

export const auditApi = {
  list: (q: AuditQuery): Promise<AuditPage> => api().audit.list.query(q),
};
