/** The secret names expression completion offers as `secrets.<NAME>`: fetched once per page. */
import { useEffect, useState } from 'react';
import { useApi } from '../api/hooks';
import type { StudioApi } from '../api/studio-api';

const cache = new WeakMap<StudioApi, Promise<readonly string[]>>();

/** Forgets the cached names (after a secret is added or deleted). */
export function forgetSecretNames(api: StudioApi): void {
  cache.delete(api);
}

export function useSecretNames(): readonly string[] {
  const api = useApi();
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    let cancelled = false;
    let p = cache.get(api);
    if (!p) {
      // Without a server (the local draft) there are no secrets to offer: complete the rest.
      p = api.listSecrets().then(
        (list) => list.map((s) => s.name),
        () => [],
      );
      cache.set(api, p);
    }
    void p.then((n) => !cancelled && setNames(n));
    return () => {
      cancelled = true;
    };
  }, [api]);
  return names;
}
