/**
 * Sending a notice under the server's network policy: the URL's own host is what the workflow
 * declared (so it is allowed as an entry of its own — an IP literal or `localhost` reaches a local
 * receiver, a name that resolves to a private address does not), then `networkDeny` and, when set,
 * `networkAllow` apply exactly as they do to blocks. DNS is resolved and checked by the sandbox's
 * HTTP client, which connects only to the address it checked; redirects are not followed.
 */
import { blockFetch, defaultResolver, parseEntries, type Resolver } from '@weft/sandbox';
import type { SendNotice } from './notifier';

export function policySender(policy: {
  networkAllow?: readonly string[];
  networkDeny: readonly string[];
  resolve?: Resolver;
}): SendNotice {
  const serverDeny = parseEntries(policy.networkDeny);
  const serverAllow = policy.networkAllow ? parseEntries(policy.networkAllow) : undefined;
  return async ({ url, headers, body, timeoutMs }) => {
    let entries;
    try {
      const u = new URL(url);
      entries = parseEntries([`${u.protocol}//${u.host}`]);
    } catch {
      return { error: `invalid URL "${url}"`, refused: true };
    }
    const res = await blockFetch(
      { method: 'POST', url, headers, body, timeoutMs },
      {
        entries,
        serverDeny,
        ...(serverAllow ? { serverAllow } : {}),
        resolve: policy.resolve ?? defaultResolver,
        maxResponseBytes: 64 * 1024,
        maxRedirects: 0,
        deadline: Date.now() + timeoutMs,
        signal: AbortSignal.timeout(timeoutMs + 1000),
      },
    );
    if (res.ok) return { status: res.status, body: res.body };
    return {
      error: res.error.message,
      ...(res.error.code === 'PERMISSION_DENIED' ? { refused: true } : {}),
    };
  };
}
