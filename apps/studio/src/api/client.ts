/**
 * The tRPC client of the studio, typed by the server's router (`import type` only): batched HTTP
 * for queries and mutations, SSE for subscriptions, both at `/api/trpc` on the studio's origin.
 *
 * With a token, queries and mutations send `Authorization: Bearer <token>`; the SSE subscription
 * sends it as `connectionParams.token` (EventSource cannot set headers; the server reads both).
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@weft/api';
import { loadToken } from '../auth/token-store';

export const TRPC_PATH = '/api/trpc';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** `token` is read on every request, so signing in or out needs no new client. */
export function createClient(
  baseUrl: string = window.location.origin,
  token: () => string | null = loadToken,
): ApiClient {
  const url = new URL(TRPC_PATH, baseUrl).toString();
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          connectionParams: () => {
            const t = token();
            return t ? { token: t } : null;
          },
        }),
        false: httpBatchLink({
          url,
          headers: () => {
            const t = token();
            return t ? { authorization: `Bearer ${t}` } : {};
          },
        }),
      }),
    ],
  });
}
