import { describe, expect, it } from 'vitest';
import {
  countHit,
  debugRequest,
  loadBreakpoints,
  markOf,
  NO_BREAKPOINTS,
  parseBreakpoints,
  renameBreakpoint,
  saveBreakpoints,
  setAllEnabled,
  setBreakpointEnabled,
  setCondition,
  storageKey,
  toggleBreakpoint,
  type KeyValueStorage,
} from './breakpoints';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('breakpoints', () => {
  it('toggles a breakpoint on and off', () => {
    const on = toggleBreakpoint(NO_BREAKPOINTS, 'a');
    expect(on.a).toEqual({ stepId: 'a', enabled: true, hits: 0 });
    expect(markOf(on.a)).toBe('on');
    expect(toggleBreakpoint(on, 'a')).toEqual({});
  });

  it('a condition makes it conditional; an empty condition clears it', () => {
    const c = setCondition(NO_BREAKPOINTS, 'each', ' item = 2 ');
    expect(c.each?.condition).toBe('item = 2');
    expect(markOf(c.each)).toBe('conditional');
    expect(setCondition(c, 'each', '  ').each?.condition).toBeUndefined();
  });

  it('sends only enabled breakpoints on steps the workflow still has', () => {
    let bps = toggleBreakpoint(NO_BREAKPOINTS, 'a');
    bps = setCondition(bps, 'b', 'n > 5');
    bps = toggleBreakpoint(bps, 'gone');
    bps = toggleBreakpoint(bps, 'c');
    bps = setBreakpointEnabled(bps, 'c', false);
    expect(markOf(bps.c)).toBe('disabled');
    expect(debugRequest(bps, ['a', 'b', 'c'], false)).toEqual({
      stepMode: false,
      breakpoints: [{ stepId: 'a' }, { stepId: 'b', condition: 'n > 5' }],
    });
    expect(debugRequest(setAllEnabled(bps, false), ['a', 'b', 'c'], true)).toEqual({
      stepMode: true,
      breakpoints: [],
    });
    expect(debugRequest(setAllEnabled(bps, true), ['c'], false).breakpoints).toEqual([{ stepId: 'c' }]);
  });

  it('counts each pause once, even when a run is watched again', () => {
    let bps = toggleBreakpoint(NO_BREAKPOINTS, 'a');
    bps = countHit(bps, 'a', 'r1:7');
    bps = countHit(bps, 'a', 'r1:7');
    bps = countHit(bps, 'a', 'r2:7');
    expect(bps.a?.hits).toBe(2);
    expect(countHit(bps, 'nope', 'r1:1')).toBe(bps);
  });

  it('follows a renamed step', () => {
    const bps = renameBreakpoint(setCondition(NO_BREAKPOINTS, 'a', 'x'), 'a', 'b');
    expect(Object.keys(bps)).toEqual(['b']);
    expect(bps.b).toMatchObject({ stepId: 'b', condition: 'x' });
  });

  it('round-trips through storage per workflow, and drops what is malformed', () => {
    const storage = memoryStorage();
    const bps = setBreakpointEnabled(
      setCondition(toggleBreakpoint(NO_BREAKPOINTS, 'a'), 'b', 'x'),
      'a',
      false,
    );
    saveBreakpoints(storage, 'wf-1', bps);
    expect(loadBreakpoints(storage, 'wf-1')).toEqual(bps);
    expect(loadBreakpoints(storage, 'wf-2')).toEqual({});
    expect(loadBreakpoints(storage, null)).toEqual({});
    saveBreakpoints(storage, 'wf-1', {});
    expect(storage.map.has(storageKey('wf-1'))).toBe(false);
    expect(parseBreakpoints('not json')).toEqual({});
    expect(parseBreakpoints('{"a":1}')).toEqual({});
    expect(parseBreakpoints('[{"stepId":"bad id"},{"stepId":"ok","hits":-1},null]')).toEqual({
      ok: { stepId: 'ok', enabled: true, hits: 0 },
    });
  });
});
