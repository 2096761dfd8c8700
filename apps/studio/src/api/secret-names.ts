/** The secret names expression completion offers as `secrets.<NAME>`: fetched once per client. */
import { useEffect, useState } from 'react';
import type { ApiClient } from './client';
import { useClient } from './context';

const cache = new WeakMap<ApiClient, Promise<readonly string[]>>();

/** Forgets the cached names (after a secret is added or deleted: the secret hooks call it). */
export function forgetSecretNames(client: ApiClient): void {
  cache.delete(client);
}

export function useSecretNames(): readonly string[] {
  const client = useClient();
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    let cancelled = false;
    let p = cache.get(client);
    if (!p) {
      // Without a server (the local draft) there are no secrets to offer: complete the rest.
      p = client.secrets.list.query().then(
        (list) => list.map((s) => s.name),
        () => [],
      );
      cache.set(client, p);
    }
    void p.then((n) => !cancelled && setNames(n));
    return () => {
      cancelled = true;
    };
  }, [client]);
  return names;
}
