import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextFrame } from './next-frame';

/** Frames are driven by hand: `paint()` runs what is waiting for the next frame. */
let frames = new Map<number, FrameRequestCallback>();
let nextId = 1;
const paint = () => {
  const due = [...frames.values()];
  frames = new Map();
  for (const cb of due) cb(0);
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    frames.set(nextId, cb);
    return nextId++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => void frames.delete(id));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  frames.clear();
});

describe('nextFrame', () => {
  it('runs once on the next frame of a visible page, and the timer then does nothing', () => {
    const fn = vi.fn();
    nextFrame(fn);
    expect(fn).not.toHaveBeenCalled();
    paint();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('still runs in a background tab, where no frame ever comes', () => {
    const fn = vi.fn();
    nextFrame(fn);
    vi.runAllTimers();
    expect(fn).toHaveBeenCalledTimes(1);
    paint();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(frames.size).toBe(0);
  });

  it('never runs once cancelled', () => {
    const fn = vi.fn();
    nextFrame(fn)();
    paint();
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
  });
});
