import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchInput, whenQuiet } from './when-quiet';

/** The idle period comes as a task of its own, as requestIdleCallback's does. */
const idle = (run: () => void) => {
  const t = setTimeout(run, 0);
  return () => clearTimeout(t);
};

describe('whenQuiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once the page had no input for the quiet time, counted from the call', () => {
    const target = new EventTarget();
    watchInput(target);
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

describe('whenQuiet since the last input', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at the next idle period when nothing had input for the quiet time', () => {
    const target = new EventTarget();
    watchInput(target);
    const run = vi.fn();
    whenQuiet(run, { quietMs: 500, target, idle, sinceLastInput: true });
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('counts the quiet time from the last input, not from the call', () => {
    const target = new EventTarget();
    watchInput(target);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(300);
    const run = vi.fn();
    whenQuiet(run, { quietMs: 500, target, idle, sinceLastInput: true });
    vi.advanceTimersByTime(199);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('an input after the call still starts the whole wait again', () => {
    const target = new EventTarget();
    watchInput(target);
    const run = vi.fn();
    whenQuiet(run, {
      quietMs: 500,
      sinceLastInput: true,
      target,
      idle: (r) => {
        const t = setTimeout(r, 50);
        return () => clearTimeout(t);
      },
    });
    vi.advanceTimersByTime(10);
    target.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(499);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1 + 50);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
