/**
 * A run's log lines, live: the stored lines first (`runs.logs`), then every `step.log` event of the
 * run's event stream as the engine commits it — while the step still runs, not when it ends.
 */
import { useEffect, useState } from 'react';
import { errorText, useApi } from '../api/hooks';
import { mergeLines, toLogLine, type LogLine } from './log-lines';

/** Lines kept in the browser; older ones are dropped (the CLI and API have them all). */
export const MAX_LINES = 5000;

export interface LiveLogs {
  lines: LogLine[];
  /** Lines dropped from the start to stay under MAX_LINES. */
  dropped: number;
  error: string | null;
}

export function useLiveLogs(runId: string): LiveLogs {
  const api = useApi();
  const [state, setState] = useState<LiveLogs>({ lines: [], dropped: 0, error: null });
  useEffect(() => {
    let stopped = false;
    let stop: (() => void) | undefined;
    setState({ lines: [], dropped: 0, error: null });
    const add = (more: LogLine[]): void =>
      setState((s) => {
        const all = mergeLines(s.lines, more);
        const cut = Math.max(0, all.length - MAX_LINES);
        return { lines: cut ? all.slice(cut) : all, dropped: s.dropped + cut, error: s.error };
      });
    api.runLogs(runId).then(
      (events) => {
        if (stopped) return;
        const stored = events.map(toLogLine).filter((l): l is LogLine => l !== undefined);
        add(stored);
        // Lines and other events after the last stored line: the stream resumes there.
        const after = stored[stored.length - 1]?.seq ?? 0;
        let batch: LogLine[] = [];
        let queued = false;
        stop = api.watchRun(
          runId,
          after,
          (e) => {
            const l = toLogLine(e);
            if (!l) return;
            // A burst of lines renders once per frame, not once per line.
            batch.push(l);
            if (queued) return;
            queued = true;
            requestAnimationFrame(() => {
              queued = false;
              const b = batch;
              batch = [];
              if (!stopped) add(b);
            });
          },
          (err) => !stopped && setState((s) => ({ ...s, error: `live log stopped: ${err.message}` })),
        );
      },
      (err: unknown) => !stopped && setState((s) => ({ ...s, error: errorText(err) })),
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }, [api, runId]);
  return state;
}
