/**
 * The scrubber under the run's canvas: one tick per event, coloured by kind (drawn on a canvas
 * element, so a run of thousands of events stays light), a thumb on the event shown, play/pause at
 * 1×–20×, one event back/forward (← →, also on the whole page unless typing), the next failure, and
 * back to the live end. The track is a `role="slider"` over the events' seqs.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { eventLabel, SPEEDS, tickKind, type TickKind } from './playback';
import type { Playback, Speed } from './usePlayback';
import './playback.css';

const KINDS: readonly TickKind[] = ['run', 'start', 'success', 'failure', 'wait', 'skip', 'log', 'debug'];
const KIND_TEXT: Record<TickKind, string> = {
  run: 'run',
  start: 'started',
  success: 'succeeded',
  failure: 'failed',
  wait: 'waiting',
  skip: 'skipped',
  log: 'log',
  debug: 'debugger',
};

/** True when a key press belongs to a field the person is typing in (← → move the caret there). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return (
    tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.monaco-editor') !== null
  );
}

const ENDS = new Set(['run.succeeded', 'run.failed', 'run.cancelled']);

const time = (ms: number): string => `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)} s`;

export function Scrubber({ playback: p, view }: { playback: Playback; view: React.ReactNode }) {
  const track = useRef<HTMLDivElement>(null);
  const ticks = useRef<HTMLCanvasElement>(null);
  const n = p.events.length;
  const event = p.events[p.index];
  const first = p.events[0];
  const last = p.events[n - 1];

  // Draw one tick per event; again when the log grows or the track is resized.
  const draw = useCallback(() => {
    const c = ticks.current;
    const el = track.current;
    if (!c || !el) return;
    const w = el.clientWidth;
    const h = el.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.max(1, Math.round(w * dpr));
    c.height = Math.max(1, Math.round(h * dpr));
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const css = getComputedStyle(el);
    const colour = Object.fromEntries(
      KINDS.map((k) => [k, css.getPropertyValue(`--tick-${k}`).trim() || '#888']),
    );
    const tw = Math.max(1, Math.min(4, w / Math.max(1, n) - 1));
    // Failures last, so they stay visible where ticks overlap.
    for (const pass of [false, true])
      for (let i = 0; i < n; i++) {
        const kind = tickKind((p.events[i] as { type: string }).type);
        if ((kind === 'failure') !== pass) continue;
        g.fillStyle = colour[kind] as string;
        const x = n === 1 ? 0 : (i / (n - 1)) * (w - tw);
        const tall = kind === 'failure' || kind === 'wait' ? h - 4 : kind === 'log' ? h / 2 : h - 10;
        g.fillRect(x, h - 2 - tall, tw, tall);
      }
  }, [p.events, n]);
  useLayoutEffect(draw, [draw]);
  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const ro = new ResizeObserver(draw);
    ro.observe(el);
    return () => ro.disconnect();
  }, [draw]);

  // ← → anywhere on the page, except while typing in a field (the slider handles its own keys).
  const { step } = p;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        step(e.key === 'ArrowLeft' ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const indexAtX = (clientX: number): number => {
    const r = track.current?.getBoundingClientRect();
    if (!r || n <= 1) return 0;
    return Math.round(Math.max(0, Math.min(1, (clientX - r.left) / r.width)) * (n - 1));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    p.setPlaying(false);
    p.seek(indexAtX(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) p.seek(indexAtX(e.clientX));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.round(n / 20));
    const moves: Record<string, () => void> = {
      ArrowLeft: () => p.step(-1),
      ArrowDown: () => p.step(-1),
      ArrowRight: () => p.step(1),
      ArrowUp: () => p.step(1),
      PageDown: () => p.step(-page),
      PageUp: () => p.step(page),
      Home: () => p.seek(0),
      End: () => p.seek(n - 1),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  const left = n <= 1 ? 0 : (p.index / (n - 1)) * 100;
  const ended = last !== undefined && ENDS.has(last.type);
  const label = event ? `event ${event.seq} of ${last?.seq ?? 0}: ${eventLabel(event)}` : 'no events';
  return (
    <section className="playback" aria-label="Playback">
      {view}
      <div className="playback-buttons">
        <button
          type="button"
          onClick={() => p.step(-1)}
          disabled={p.index <= 0}
          aria-label="Previous event (←)"
          title="Previous event (←)"
        >
          ◀︎
        </button>
        <button
          type="button"
          className="play"
          onClick={() => p.setPlaying(!p.playing)}
          disabled={n === 0}
          aria-label={p.playing ? 'Pause playback' : 'Play'}
          title={p.playing ? 'Pause playback' : 'Play the run event by event'}
        >
          {p.playing ? '❚❚' : '▶︎'}
        </button>
        <button
          type="button"
          onClick={() => p.step(1)}
          disabled={p.index >= n - 1}
          aria-label="Next event (→)"
          title="Next event (→)"
        >
          ▶︎▏
        </button>
        <button
          type="button"
          onClick={() => p.nextFailure()}
          disabled={n === 0}
          title="Jump to the next failure"
        >
          Next failure
        </button>
        <label className="speed">
          Speed{' '}
          <select value={p.speed} onChange={(e) => p.setSpeed(Number(e.target.value) as Speed)}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <div
        ref={track}
        className="scrub-track"
        role="slider"
        tabIndex={0}
        aria-label="Run event"
        aria-valuemin={first?.seq ?? 0}
        aria-valuemax={last?.seq ?? 0}
        aria-valuenow={event?.seq ?? 0}
        aria-valuetext={label}
        aria-busy={p.loading}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      >
        <canvas ref={ticks} aria-hidden="true" />
        {n > 0 && <div className="scrub-thumb" style={{ left: `${left}%` }} aria-hidden="true" />}
      </div>
      <div className="playback-readout">
        {p.loading ? (
          <span className="muted">Loading the run's events…</span>
        ) : event ? (
          <>
            <span data-testid="playback-position">
              Event <strong>{event.seq}</strong> / {last?.seq}
            </span>
            <span className="muted">{time(event.at - (first?.at ?? event.at))}</span>
            <code className={`tick-label tick-${tickKind(event.type)}`}>{eventLabel(event)}</code>
          </>
        ) : (
          <span className="muted">No events yet.</span>
        )}
        {p.error && <span className="field-error">{p.error}</span>}
        <div className="spacer" />
        <ul className="tick-legend" aria-label="Event kinds">
          {KINDS.filter((k) => k !== 'debug' && k !== 'run').map((k) => (
            <li key={k}>
              <span className={`tick-swatch tick-${k}`} aria-hidden="true" /> {KIND_TEXT[k]}
            </li>
          ))}
        </ul>
        <button
          type="button"
          onClick={p.follow}
          aria-pressed={p.following}
          title={ended ? 'Show the run as it ended' : 'Show the run as it is now, and follow it'}
        >
          {ended ? (p.following ? 'End' : 'Go to end') : p.following ? 'Live' : 'Go live'}
        </button>
      </div>
    </section>
  );
}
