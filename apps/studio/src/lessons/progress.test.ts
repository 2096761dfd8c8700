import { describe, expect, it } from 'vitest';
import { loadProgress, saveProgress, withMet, withoutLesson } from './progress';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('lesson progress', () => {
  it('adds met goals once, keeps them across a save and a load', () => {
    const s = memory();
    let p = withMet({}, 'loops', ['foreach']);
    p = withMet(p, 'loops', ['foreach', 'item']);
    expect(p).toEqual({ loops: { met: ['foreach', 'item'] } });
    expect(withMet(p, 'loops', ['item'])).toBe(p);
    saveProgress(p, s);
    expect(loadProgress(s)).toEqual(p);
    expect(withoutLesson(p, 'loops')).toEqual({});
  });

  it('reads broken storage as no progress', () => {
    const s = memory();
    s.setItem('weft.studio.lessons', '{not json');
    expect(loadProgress(s)).toEqual({});
    s.setItem('weft.studio.lessons', JSON.stringify({ a: { met: ['x', 3] }, b: 'nope' }));
    expect(loadProgress(s)).toEqual({ a: { met: ['x'] }, b: { met: [] } });
  });
});
