/**
 * The timeline (Gantt) view of a run, beside the canvas view: a row per step on a time axis, a
 * segment per attempt (coloured by how it ended), waits and pauses shaded between them, a sub-bar per
 * foreach item, and a line at the event the scrubber shows. Clicking a bar selects the step and moves
 * the scrubber to the event that opened the bar.
 */
import { useMemo } from 'react';
import { useDoc, useDocShallow, useDocumentStore } from '../document/context';
import { buildTimeline, type ItemBar, type Segment } from './timeline';
import type { Playback } from './usePlayback';

/** About six round steps over `span` ms. */
function axisTicks(span: number): number[] {
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const unit = [1, 2, 5, 10].map((m) => m * mag).find((u) => u >= raw) ?? mag * 10;
  const out: number[] = [];
  for (let t = 0; t <= span; t += unit) out.push(t);
  return out;
}

const ms = (v: number): string =>
  v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)} s`;

function segmentText(stepId: string, s: Segment): string {
  const what =
    s.kind === 'attempt'
      ? `attempt ${s.attempt ?? 1}`
      : s.kind === 'pause'
        ? 'paused at a breakpoint'
        : `waiting${s.reason ? ` (${s.reason})` : ''}`;
  const end = s.end === 'OPEN' ? 'still going' : s.end === 'RESUMED' ? '' : s.end;
  return [`${stepId}: ${what}`, ms(s.to - s.from), end].filter(Boolean).join(', ');
}

export function Timeline({ playback: p }: { playback: Playback }) {
  const store = useDocumentStore();
  const order = useDocShallow((s) => s.workflow?.steps.map((x) => x.id) ?? []);
  const selected = useDoc((s) => (s.selectedSteps.size === 1 ? [...s.selectedSteps][0] : undefined));
  const n = p.events.length;
  // The log grows in place: its length says when to build again.
  const t = useMemo(() => buildTimeline(p.events, order), [p.events, n, order]);
  const span = Math.max(1, t.end - t.start);
  const x = (at: number): number => ((at - t.start) / span) * 100;
  const now = p.events[p.index]?.at ?? t.end;
  const go = (stepId: string, seq: number) => {
    store.getState().select([stepId]);
    p.setPlaying(false);
    p.seekSeq(seq);
  };
  const bar = (stepId: string, s: Segment, i: number) => (
    <button
      type="button"
      key={i}
      className={`tl-seg tl-${s.kind} tl-end-${s.end.toLowerCase()}`}
      style={{ left: `${x(s.from)}%`, width: `${x(s.to) - x(s.from)}%` }}
      aria-label={segmentText(stepId, s)}
      title={segmentText(stepId, s)}
      data-kind={s.kind}
      data-attempt={s.attempt}
      onClick={() => go(stepId, s.seq)}
    >
      {s.kind === 'attempt' && (s.attempt ?? 1) > 1 ? `#${s.attempt}` : ''}
    </button>
  );
  const item = (stepId: string, b: ItemBar) => (
    <button
      type="button"
      key={`i${b.index}`}
      className={`tl-item tl-end-${b.status.toLowerCase()}`}
      style={{ left: `${x(b.from)}%`, width: `${x(b.to) - x(b.from)}%` }}
      aria-label={`${stepId} item ${b.index}: ${b.status}, ${b.attempts} attempt${b.attempts > 1 ? 's' : ''}, ${ms(b.to - b.from)}`}
      title={`item ${b.index}: ${b.status}, ${b.attempts} attempt(s)`}
      onClick={() => go(stepId, b.seq)}
    />
  );
  return (
    <section className="timeline" aria-label="Timeline">
      <div className="tl-axis" aria-hidden="true">
        <div className="tl-label" />
        <div className="tl-track">
          {axisTicks(span).map((v) => (
            <span key={v} className="tl-tick" style={{ left: `${(v / span) * 100}%` }}>
              {ms(v)}
            </span>
          ))}
          <div className="tl-now" style={{ left: `${x(now)}%` }} />
        </div>
      </div>
      <ol className="tl-rows">
        {t.rows.map((row) => (
          <li
            key={row.stepId}
            className={row.stepId === selected ? 'tl-row selected' : 'tl-row'}
            data-step={row.stepId}
          >
            <button
              type="button"
              className="tl-label"
              aria-current={row.stepId === selected ? 'true' : undefined}
              onClick={() =>
                row.firstSeq >= 0 ? go(row.stepId, row.firstSeq) : store.getState().select([row.stepId])
              }
            >
              {row.stepId}
            </button>
            <div className="tl-track" role="group" aria-label={`${row.stepId} on the timeline`}>
              {row.segments.length === 0 && <span className="tl-never">did not run</span>}
              {row.segments.map((s, i) => bar(row.stepId, s, i))}
              {row.items.length > 0 && (
                <div className="tl-items">{row.items.map((b) => item(row.stepId, b))}</div>
              )}
              <div className="tl-now" style={{ left: `${x(now)}%` }} aria-hidden="true" />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
