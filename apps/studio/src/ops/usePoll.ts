/**
 * Loads now and again every `everyMs` while the tab is visible (and at once when it becomes
 * visible again): how the ops pages stay live without a subscription per aggregate.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/hooks';

export interface PollState<T> {
  data: T | undefined;
  error: string | null;
  /** When the shown data arrived (epoch ms). */
  updatedAt: number | null;
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, everyMs: number, deps: readonly unknown[]): PollState<T> {
  const [state, setState] = useState<Omit<PollState<T>, 'reload'>>({
    data: undefined,
    error: null,
    updatedAt: null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = () => {
      if (stopped) return;
      if (document.visibilityState === 'hidden') return;
      loadRef
        .current()
        .then(
          (data) => !stopped && setState({ data, error: null, updatedAt: Date.now() }),
          (err: unknown) => !stopped && setState((s) => ({ ...s, error: errorText(err) })),
        )
        .finally(() => {
          if (!stopped) timer = setTimeout(round, everyMs);
        });
    };
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(timer);
      round();
    };
    round();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [everyMs, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
