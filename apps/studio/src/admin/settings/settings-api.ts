/** The settings page's procedures (`retention.status`), typed from the server's AppRouter. */
import { createClient, type ApiClient } from '../../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type RetentionStatus = Awaited<ReturnType<ApiClient['retention']['status']['query']>>;

export const settingsApi = {
  retention: (): Promise<RetentionStatus> => api().retention.status.query(),
};
