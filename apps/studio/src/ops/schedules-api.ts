/**
 * The schedules page's procedures (`triggers.*`, `notifications.*`), typed from the server's
 * AppRouter: the page reaches the server through here only.
 */
import { createClient, type ApiClient } from '../api/client';

let client: ApiClient | undefined;
const api = (): ApiClient => (client ??= createClient());

export type ScheduleEntry = Awaited<ReturnType<ApiClient['triggers']['list']['query']>>[number];
export type Delivery = Awaited<ReturnType<ApiClient['notifications']['list']['query']>>['deliveries'][number];

export const schedulesApi = {
  list: (): Promise<ScheduleEntry[]> => api().triggers.list.query(),
  pause: (workflowId: string, triggerKey: string): Promise<ScheduleEntry> =>
    api().triggers.pause.mutate({ workflowId, triggerKey }),
  resume: (workflowId: string, triggerKey: string): Promise<ScheduleEntry> =>
    api().triggers.resume.mutate({ workflowId, triggerKey }),
  deadLetters: async (): Promise<Delivery[]> =>
    (await api().notifications.list.query({ state: 'dead', limit: 100 })).deliveries,
  redeliver: (deliveryId: string): Promise<Delivery> => api().notifications.redeliver.mutate({ deliveryId }),
};
