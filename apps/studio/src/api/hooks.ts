/** React hooks over `StudioApi`: the pages get data and actions from here, never from fetch. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { StudioApi } from './studio-api';

export const ApiContext = createContext<StudioApi | null>(null);

export function useApi(): StudioApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside an ApiContext provider');
  return api;
}

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

/** Runs `load` when its dependencies change; keeps the last data while reloading. */
export function useAsync<T>(load: (api: StudioApi) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const api = useApi();
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(api).then(
      (data) => !cancelled && setState({ data, error: null, loading: false }),
      (err: unknown) =>
        !cancelled && setState((s) => ({ data: s.data, error: errorText(err), loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
