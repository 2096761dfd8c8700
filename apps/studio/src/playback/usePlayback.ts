/**
 * Playback of one run, live or finished: its whole event log (paged from `runs.events`, then
 * followed live while the run goes on) in the engine's checkpointed `ReplayCursor`, a position in
 * it, play/pause at a speed, and the frame painted on the canvas (the document's run overlay).
 * Following the end (no `?at=`) paints the live state; any other position paints the replayed one
 * and writes `?at=<seq>` into the address so a link reproduces the view.
 */
import { ReplayCursor, type RunEvent } from '@weft/engine/replay';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useRunEventsPage } from '../api/calls';
import { errorText } from '../api/hooks';
import { useRunEvents } from '../api/subscriptions';
import { href, parseRoute } from '../app/router';
import type { DocumentStore } from '../document/store';
import { frameAt, indexOfSeq, nextFailure, playDelay, type SPEEDS } from './playback';

const PAGE = 5000;

export type Speed = (typeof SPEEDS)[number];

export interface Playback {
  /** The run's events so far (shared with the cursor: read only). */
  events: readonly RunEvent[];
  /** The position: an index into `events` (the last one while following). */
  index: number;
  /** At the end of the log, moving on with the run as it goes (no `?at=`). */
  following: boolean;
  playing: boolean;
  speed: Speed;
  loading: boolean;
  error: string | null;
  /** Goes to an event by its index (stops following). */
  seek: (index: number) => void;
  /** Goes to an event by its seq (the last one at or before it). */
  seekSeq: (seq: number) => void;
  /** One event back (-1) or forward (+1). */
  step: (delta: number) => void;
  /** Back to the end of the log, following the run. */
  follow: () => void;
  /** Goes to the next failure after the position (wrapping); false when the run has none. */
  nextFailure: () => boolean;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: Speed) => void;
}

/** `?at=` of the address, when it names this run. */
function atInAddress(runId: string): number | undefined {
  const r = parseRoute(window.location.hash);
  return r.page === 'run' && r.runId === runId ? r.at : undefined;
}

export function usePlayback(
  store: DocumentStore,
  opts: { runId: string; at: number | undefined; live: boolean },
): Playback {
  const eventsPage = useRunEventsPage();
  const { runId } = opts;
  const cursor = useMemo(() => new ReplayCursor(), []);
  const [length, setLength] = useState(0);
  const [loading, setLoading] = useState(true);
  const loadingRef = useRef(true);
  loadingRef.current = loading;
  const [error, setError] = useState<string | null>(null);
  /** null: following the end. */
  const [pos, setPos] = useState<number | null>(null);
  const [playing, setPlayingState] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  /** A seq asked for (the address) before the events it names were loaded. */
  const wanted = useRef<number | undefined>(opts.at);

  const clampSeq = useCallback(
    (seq: number): number => {
      const events = cursor.log;
      const first = events[0]?.seq ?? 0;
      const last = cursor.lastSeq;
      if (seq > last || seq < first)
        store
          .getState()
          .notify(
            `Event ${seq} is not in this run (its events are ${first} to ${last}): showing event ${seq > last ? last : first}.`,
          );
      return indexOfSeq(events, seq);
    },
    [cursor, store],
  );

  // Load the log page by page. A live run is also followed (from its first event: the cursor keeps
  // each event once, in order, whichever of the two brings it first).
  useEffect(() => {
    let stopped = false;
    (async () => {
      for (;;) {
        const page = (await eventsPage(runId, cursor.lastSeq, PAGE)) as RunEvent[];
        if (stopped) return;
        cursor.append(...page);
        if (page.length < PAGE) break;
      }
      setLength(cursor.length);
      setLoading(false);
      const seq = wanted.current;
      wanted.current = undefined;
      if (seq !== undefined && cursor.length > 0) setPos(clampSeq(seq));
    })().catch((e: unknown) => {
      if (stopped) return;
      setError(`Cannot load the run's events: ${errorText(e)}`);
      setLoading(false);
    });
    return () => {
      stopped = true;
    };
  }, [eventsPage, runId, cursor, clampSeq]);
  useRunEvents(
    opts.live ? runId : null,
    (e) => {
      cursor.append(e as RunEvent);
      if (!loadingRef.current) setLength(cursor.length);
    },
    (err) => setError(`lost the run's live events: ${err.message}`),
  );

  // A link followed on this page (another ?at=, or none): go there.
  useEffect(() => {
    const onHash = () => {
      const r = parseRoute(window.location.hash);
      if (r.page !== 'run' || r.runId !== runId) return;
      if (cursor.length === 0) wanted.current = r.at;
      // Rendered now, in the address's own event and together with the router's render of it: a
      // seek is one task, its frame painted in the next animation frame (not a task later, which
      // can miss it).
      else flushSync(() => setPos(r.at === undefined ? null : clampSeq(r.at)));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [runId, cursor, clampSeq]);

  const index = pos ?? Math.max(0, length - 1);
  const following = pos === null;

  // Paint the frame (or the live state while following) and keep the address in step. A layout
  // effect: the canvas gets the frame in the same commit as the scrubber's new position, so a seek
  // is painted once, not twice (the thumb first, the nodes a frame later).
  const prevFrame = useRef(store.getState().playback);
  useLayoutEffect(() => {
    if (loading) return;
    if (following || length === 0) {
      store.getState().setPlayback(null);
      prevFrame.current = null;
    } else {
      const frame = frameAt(cursor, index, prevFrame.current);
      prevFrame.current = frame;
      store.getState().setPlayback(frame);
    }
    const seq = following ? undefined : cursor.log[index]?.seq;
    if (atInAddress(runId) !== seq) {
      const target = href(seq === undefined ? { page: 'run', runId } : { page: 'run', runId, at: seq });
      window.history.replaceState(window.history.state, '', target);
    }
  }, [store, cursor, runId, index, following, length, loading]);

  // Leaving the page: the document store may outlive it (tests); paint nothing stale.
  useEffect(() => () => store.getState().setPlayback(null), [store]);

  // Play: one event after another, at the real pace bounded and sped up.
  useEffect(() => {
    if (!playing) return;
    const events = cursor.log;
    if (index >= length - 1) {
      setPlayingState(false);
      return;
    }
    const gap = (events[index + 1]?.at ?? 0) - (events[index]?.at ?? 0);
    const t = setTimeout(() => setPos(index + 1), playDelay(gap, speed));
    return () => clearTimeout(t);
  }, [playing, index, length, speed, cursor]);

  const seek = useCallback((i: number) => setPos(Math.max(0, Math.min(i, cursor.length - 1))), [cursor]);
  const seekSeq = useCallback((seq: number) => setPos(indexOfSeq(cursor.log, seq)), [cursor]);
  const step = useCallback(
    (delta: number) => {
      setPlayingState(false);
      setPos((p) => Math.max(0, Math.min((p ?? cursor.length - 1) + delta, cursor.length - 1)));
    },
    [cursor],
  );
  const follow = useCallback(() => {
    setPlayingState(false);
    setPos(null);
  }, []);
  const toFailure = useCallback((): boolean => {
    const i = nextFailure(cursor.log, index);
    if (i < 0) {
      store.getState().notify('This run has no failures.');
      return false;
    }
    setPlayingState(false);
    setPos(i);
    return true;
  }, [cursor, index, store]);
  const setPlaying = useCallback(
    (on: boolean) => {
      // Play from the start when at the end.
      if (on && (pos === null || pos >= cursor.length - 1)) setPos(0);
      setPlayingState(on);
    },
    [cursor, pos],
  );

  return {
    events: cursor.log,
    index,
    following,
    playing,
    speed,
    loading,
    error,
    seek,
    seekSeq,
    step,
    follow,
    nextFailure: toFailure,
    setPlaying,
    setSpeed,
  };
}
