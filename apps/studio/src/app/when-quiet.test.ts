import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenQuiet } from './when-quiet';

/** The idle period comes as a task of its own, as requestIdleCallback's does. */
const idle = (run: () => void) => {
  const t = setTimeout(run, 0);
  return () => clearTimeout(t);
};

describe('whenQuiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once the page had no input for the quiet time', () => {
    const target = new EventTarget();
    const run = vi.fn();
    whenQuiet(run, { quietMs: 500, target, idle });
    vi.advanceTimersByTime(499);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('waits again after each click, key or wheel', () => {
    const target = new EventTarget();
    const run = vi.fn();
    whenQuiet(run, { quietMs: 500, target, idle });
    for (const type of ['pointerdown', 'keydown', 'wheel']) {
      vi.advanceTimersByTime(400);
      target.dispatchEvent(new Event(type));
    }
    vi.advanceTimersByTime(499);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('an input between the quiet time and the idle period starts the wait again', () => {
    const target = new EventTarget();
    const run = vi.fn();
    whenQuiet(run, { quietMs: 500, target, idle });
    vi.advanceTimersByTime(500);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(499);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('cancelled, it never runs and stops listening', () => {
    const target = new EventTarget();
    const remove = vi.spyOn(target, 'removeEventListener');
    const run = vi.fn();
    const cancel = whenQuiet(run, { quietMs: 500, target, idle });
    cancel();
    vi.advanceTimersByTime(5000);
    expect(run).not.toHaveBeenCalled();
    expect(remove).toHaveBeenCalledTimes(3);
  });
});
