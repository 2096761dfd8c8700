/**
 * A run's log: one row per line with its own time, step, level and text; a lowest-level filter,
 * a search that highlights, one step or all, and "follow" that keeps the newest line in view (off
 * as soon as the person scrolls up, on again at the bottom).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { LEVELS, clockTime, filterLines, splitMatches, type Level } from './log-lines';
import type { LiveLogs } from './useLiveLogs';
import './log-view.css';

export function LogView({ logs, stepId }: { logs: LiveLogs; stepId?: string }) {
  const [minLevel, setMinLevel] = useState<Level>('debug');
  const [search, setSearch] = useState('');
  const [allSteps, setAllSteps] = useState(stepId === undefined);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const shown = useMemo(
    () =>
      filterLines(logs.lines, {
        minLevel,
        search,
        ...(!allSteps && stepId !== undefined && { stepId }),
      }),
    [logs.lines, minLevel, search, allSteps, stepId],
  );
  useEffect(() => {
    const el = box.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  }, [shown, follow]);
  return (
    <section className="log-view" aria-label="Log">
      <div className="log-tools" role="toolbar" aria-label="Log filters">
        <label>
          Level{' '}
          <select
            aria-label="Lowest level"
            value={minLevel}
            onChange={(e) => setMinLevel(e.target.value as Level)}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'debug' ? 'all levels' : `${l} and above`}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Search the log"
          placeholder="Search the log"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {stepId !== undefined && (
          <label>
            <input type="checkbox" checked={allSteps} onChange={(e) => setAllSteps(e.target.checked)} /> all
            steps
          </label>
        )}
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <span className="muted" aria-live="polite">
          {shown.length === logs.lines.length
            ? `${logs.lines.length} line${logs.lines.length === 1 ? '' : 's'}`
            : `${shown.length} of ${logs.lines.length} lines`}
          {logs.dropped > 0 && ` (${logs.dropped} older dropped)`}
        </span>
      </div>
      {logs.error && <p className="field-error">{logs.error}</p>}
      <div
        className="log-lines"
        ref={box}
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
          if (atBottom !== follow) setFollow(atBottom);
        }}
      >
        {shown.length === 0 ? (
          <p className="muted">{logs.lines.length === 0 ? 'No log lines yet.' : 'No line matches.'}</p>
        ) : (
          shown.map((l) => (
            <div key={l.seq} className={`log-line level-${l.level}`} data-testid="log-line">
              <time dateTime={new Date(l.at).toISOString()} title={new Date(l.at).toISOString()}>
                {clockTime(l.at)}
              </time>
              <span className="log-level">{l.level}</span>
              <span className="log-step">
                {l.stepId}
                {l.index !== undefined && `[${l.index}]`}
              </span>
              <span className="log-message">
                {splitMatches(l.message, search).map((p, i) =>
                  p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                )}
              </span>
            </div>
          ))
        )}
      </div>
    </section>
  );
}
