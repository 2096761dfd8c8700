/**
 * The tRPC client of the studio, typed by the server's router (`import type` only): batched HTTP
 * for queries and mutations, SSE for subscriptions, both at `/api/trpc` on the studio's origin.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@weft/api';

export const TRPC_PATH = '/api/trpc';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export function createClient(baseUrl: string = window.location.origin): ApiClient {
  const url = new URL(TRPC_PATH, baseUrl).toString();
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url }),
      }),
    ],
  });
}
