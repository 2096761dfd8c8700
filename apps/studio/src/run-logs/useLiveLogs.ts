/**
 * A run's log lines, live: every `step.log` event of the run's event stream (the stored ones first,
 * then each as the engine commits it — while the step still runs, not when it ends).
 */
import { useEffect, useRef, useState } from 'react';
import { useRunEvents } from '../api/subscriptions';
import { nextFrame } from '../runs/next-frame';
import { mergeLines, toLogLine, type LogLine } from './log-lines';

/** Lines kept in the browser; older ones are dropped (the CLI and API have them all). */
export const MAX_LINES = 5000;

export interface LiveLogs {
  lines: LogLine[];
  /** Lines dropped from the start to stay under MAX_LINES. */
  dropped: number;
  error: string | null;
}

const EMPTY: LiveLogs = { lines: [], dropped: 0, error: null };

export function useLiveLogs(runId: string): LiveLogs {
  const [state, setState] = useState<LiveLogs>(EMPTY);
  const pending = useRef<{ runId: string; lines: LogLine[]; cancel: (() => void) | null }>({
    runId,
    lines: [],
    cancel: null,
  });
  useEffect(() => {
    setState(EMPTY);
    const p = pending.current;
    p.runId = runId;
    p.lines = [];
    return () => {
      p.cancel?.();
      p.cancel = null;
    };
  }, [runId]);
  useRunEvents(
    runId,
    (e) => {
      const line = toLogLine(e);
      if (!line) return;
      // A burst of lines renders once per frame, not once per line.
      const p = pending.current;
      p.lines.push(line);
      if (p.cancel !== null) return;
      p.cancel = nextFrame(() => {
        p.cancel = null;
        const more = p.lines;
        p.lines = [];
        setState((s) => {
          const all = mergeLines(s.lines, more);
          const cut = Math.max(0, all.length - MAX_LINES);
          return { lines: cut ? all.slice(cut) : all, dropped: s.dropped + cut, error: s.error };
        });
      });
    },
    (err) => setState((s) => ({ ...s, error: `live log stopped: ${err.message}` })),
  );
  return state;
}
