/**
 * The tRPC client of the studio: batched HTTP for queries and mutations, SSE for subscriptions,
 * both at `/api/trpc` on the origin that served the studio.
 */
import { createTRPCUntypedClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';

export const TRPC_PATH = '/api/trpc';

export type UntypedClient = ReturnType<typeof createTRPCUntypedClient>;

export function createClient(baseUrl: string = window.location.origin): UntypedClient {
  const url = new URL(TRPC_PATH, baseUrl).toString();
  return createTRPCUntypedClient({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url }),
      }),
    ],
  });
}
