/**
 * Work that holds the main thread for a while (evaluating Monaco, creating its editor) waits for a
 * quiet moment: no click, key or wheel for `quietMs`, then the browser's next idle period. A person
 * who is clicking around the canvas is never made to wait for it.
 */

/** What counts as the person acting on the page. */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

/** When each watched target last had input (`Date.now()`); -Infinity: none since it was watched. */
const lastInput = new WeakMap<EventTarget, number>();

/**
 * Records input on `target` from now on, so that a later `whenQuiet` knows how long it has been
 * quiet already. The window is watched from the moment this module loads (with the page).
 */
export function watchInput(target: EventTarget): void {
  if (lastInput.has(target)) return;
  lastInput.set(target, -Infinity);
  const seen = () => lastInput.set(target, Date.now());
  for (const type of INPUT_EVENTS) target.addEventListener(type, seen, { capture: true, passive: true });
}

if (typeof window !== 'undefined') watchInput(window);

export interface QuietOptions {
  /** How long the person must have been still. */
  quietMs: number;
  /** Where input is listened for (the window). */
  target?: EventTarget;
  /** Schedules `run` when the browser is idle; returns a cancel function. */
  idle?: (run: () => void) => () => void;
  /**
   * Count the quiet time from the target's last input (it must be watched: `watchInput`; the window
   * is), not from the call: a page nobody has touched for `quietMs` does not wait at all.
   */
  sinceLastInput?: boolean;
}

/**
 * The browser's next idle period (at most `timeoutMs`, 200 ms, away), or the next task where there
 * is none.
 */
export function onIdle(run: () => void, timeoutMs = 200): () => void {
  if (typeof window !== 'undefined' && 'requestIdleCallback' in window) {
    const id = window.requestIdleCallback(run, { timeout: timeoutMs });
    return () => window.cancelIdleCallback(id);
  }
  return nextTask(run);
}

/** The next task: for work that must not wait for an idle period the page may not have soon. */
export function nextTask(run: () => void): () => void {
  const timer = setTimeout(run, 0);
  return () => clearTimeout(timer);
}

/**
 * Calls `run` once, after `quietMs` without input (each input starts the wait again) and an idle
 * period (with `sinceLastInput`, the time already passed since the last input counts). Returns a function that cancels it (and stops listening).
 */
export function whenQuiet(run: () => void, options: QuietOptions): () => void {
  const { quietMs, target = window, idle = onIdle, sinceLastInput = false } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelIdle: (() => void) | null = null;
  const stop = () => {
    clearTimeout(timer);
    cancelIdle?.();
    cancelIdle = null;
    for (const type of INPUT_EVENTS) target.removeEventListener(type, arm, true);
  };
  const fire = () => {
    cancelIdle = idle(() => {
      stop();
      run();
    });
  };
  function arm() {
    clearTimeout(timer);
    cancelIdle?.();
    cancelIdle = null;
    timer = setTimeout(fire, quietMs);
  }
  for (const type of INPUT_EVENTS) target.addEventListener(type, arm, { capture: true, passive: true });
  const last = sinceLastInput ? lastInput.get(target) : undefined;
  const quietFor = last === undefined ? 0 : Date.now() - last;
  if (quietFor >= quietMs) fire();
  else timer = setTimeout(fire, quietMs - quietFor);
  return stop;
}
