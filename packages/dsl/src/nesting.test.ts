import { describe, expect, it } from 'vitest';
import { jsonTextDeeperThan, MAX_DATA_DEPTH, nestedDeeperThan } from './nesting';

const nest = (n: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? { k: v } : [v];
  return v;
};
const text = (n: number): string => `${'[{"a":'.repeat(n / 2)}1${'}]'.repeat(n / 2)}`;

describe('issue 9 item 7: the nesting bound of JSON data', () => {
  it('values: at the limit passes, one deeper does not, any depth is safe to measure', () => {
    expect(nestedDeeperThan(nest(MAX_DATA_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nest(MAX_DATA_DEPTH + 1))).toBe(true);
    expect(nestedDeeperThan(nest(200_000))).toBe(true);
    expect(nestedDeeperThan('scalar', 0)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    // A cycle is as deep as one goes; only own properties count (as Object.values sees them).
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(nestedDeeperThan(cycle)).toBe(true);
    expect(nestedDeeperThan(Object.create({ inherited: nest(500) }) as object)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: [2, [3]] }, 0)).toBe(true);
  });

  it('text: brackets inside strings (escaped quotes too) do not count', () => {
    expect(jsonTextDeeperThan(text(MAX_DATA_DEPTH))).toBe(false);
    expect(jsonTextDeeperThan(text(MAX_DATA_DEPTH + 2))).toBe(true);
    expect(jsonTextDeeperThan(JSON.stringify({ s: '[[[[[[\\"[[[[' }), 1)).toBe(false);
    expect(jsonTextDeeperThan(`{"s":"\\\\"}`, 1)).toBe(false);
    expect(jsonTextDeeperThan('[[1],[2],[3]]', 2)).toBe(false);
    expect(jsonTextDeeperThan(`${'['.repeat(5_000)}`)).toBe(true);
  });
});
