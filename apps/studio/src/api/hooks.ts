/** The building blocks of the server hooks (a query: load, keep, reload; a call: a stable function) and `errorText`. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from './client';
import { useClient } from './context';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Runs `load` when its dependencies change; keeps the last data while reloading. `load` null: nothing
 * to load yet (not loading, no data).
 */
export function useQuery<T>(
  load: ((client: ApiClient) => Promise<T>) | null,
  deps: readonly unknown[],
): AsyncState<T> {
  const client = useClient();
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: load !== null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== null;
  useEffect(() => {
    const run = loadRef.current;
    if (!run) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    run(client).then(
      (data) => !cancelled && setState({ data, error: null, loading: false }),
      (err: unknown) =>
        !cancelled && setState((s) => ({ data: s.data, error: errorText(err), loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [client, tick, enabled, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A stable function that calls the server (a mutation, or a read a page starts itself). */
export function useCall<A extends unknown[], R>(
  call: (client: ApiClient, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  const client = useClient();
  const callRef = useRef(call);
  callRef.current = call;
  return useCallback((...args: A) => callRef.current(client, ...args), [client]);
}

/** A group of calls bound to the client, made once per client (stable across renders). */
export function useCalls<T>(make: (client: ApiClient) => T): T {
  const client = useClient();
  const makeRef = useRef(make);
  makeRef.current = make;
  return useMemo(() => makeRef.current(client), [client]);
}
