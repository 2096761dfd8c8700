/**
 * Runs `fn` once before the next paint, or soon after if the page paints no frames: a tab in the
 * background gets no animation frames, yet what it shows must be current (two tabs on one run, or a
 * tab the person returns to). Returns a cancel function.
 */
export function nextFrame(fn: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    fn();
  };
  const frame = requestAnimationFrame(run);
  // Hidden tabs run no frames; a timer still fires there (throttled, at most once a second).
  const timer = setTimeout(run, FALLBACK_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** Longer than a frame at 60 Hz with room for a busy main thread, so visible tabs paint first. */
const FALLBACK_MS = 100;
