import { describe, expect, it } from 'vitest';
import { cameWithin, nowUs } from './clock.mjs';

describe('the request/answer clock', () => {
  it('tells a stamp that came within the budget from one that came late or before', () => {
    expect(cameWithin(1_000, 1_000, 50)).toBe(true);
    expect(cameWithin(1_000, 1_050, 50)).toBe(true);
    expect(cameWithin(1_000, 1_051, 50)).toBe(false);
    // An answer stamped before the request it answers is not one (a stale stamp).
    expect(cameWithin(1_000, 999, 50)).toBe(false);
  });

  it('reads across the 32-bit wrap', () => {
    const max = 2 ** 31 - 1;
    expect(cameWithin(max - 10, (max + 20) | 0, 50)).toBe(true);
    expect(cameWithin(max - 10, (max + 100) | 0, 50)).toBe(false);
    expect(cameWithin(-5, 30, 50)).toBe(true);
  });

  it('stamps a 32-bit integer that follows the monotonic clock', () => {
    const a = nowUs();
    const b = nowUs();
    expect(Number.isInteger(a) && a === (a | 0)).toBe(true);
    expect(cameWithin(a, b, 60_000_000)).toBe(true);
  });
});
