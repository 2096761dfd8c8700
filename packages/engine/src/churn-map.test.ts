import { describe, expect, it } from 'vitest';
import { ChurnMap, ChurnSet } from './churn-map';

describe('ChurnMap', () => {
  it('behaves as a Map through many renewals (entries come and go, a few stay)', () => {
    const m = new ChurnMap<string, number>();
    const model = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      m.set(`run-${i}`, i);
      model.set(`run-${i}`, i);
      // Most runs end soon; every 10th stays for good.
      if (i >= 3 && (i - 3) % 10 !== 0) {
        expect(m.delete(`run-${i - 3}`)).toBe(true);
        model.delete(`run-${i - 3}`);
      }
      expect(m.size).toBe(model.size);
    }
    expect(m.delete('run-3')).toBe(false); // gone already
    expect(m.delete('never')).toBe(false);
    expect(m.entries()).toEqual([...model.entries()]);
    expect(m.keys()).toEqual([...model.keys()]);
    expect(m.values()).toEqual([...model.values()]);
    expect(m.get('run-10')).toBe(10);
    expect(m.has('run-13')).toBe(false);
  });

  it('iterates over a copy: deleting in the loop visits every entry once', () => {
    const m = new ChurnMap<number, string>();
    for (let i = 0; i < 200; i++) m.set(i, String(i));
    const seen: number[] = [];
    for (const k of m.keys()) {
      seen.push(k);
      m.delete(k); // renews the Map part-way through
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(m.size).toBe(0);
  });

  it('clear empties it and it fills again', () => {
    const m = new ChurnMap<string, number>();
    m.set('a', 1).set('b', 2);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('a')).toBeUndefined();
    m.set('a', 3);
    expect(m.entries()).toEqual([['a', 3]]);
  });
});

describe('ChurnSet', () => {
  it('behaves as a Set through many renewals', () => {
    const s = new ChurnSet<object>();
    const kept: object[] = [];
    for (let i = 0; i < 500; i++) {
      const p = { i };
      s.add(p);
      if (i % 7 === 0) kept.push(p);
      else {
        expect(s.delete(p)).toBe(true);
        expect(s.delete(p)).toBe(false);
      }
      expect(s.size).toBe(kept.length);
    }
    expect(s.values()).toEqual(kept);
    expect(s.has(kept[3] as object)).toBe(true);
    expect(s.has({ i: 3 })).toBe(false);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.has(kept[3] as object)).toBe(false);
  });
});
