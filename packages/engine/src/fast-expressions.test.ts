import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluate, toPlain } from './expressions';
import { compileFast } from './fast-expressions';

/** A small seeded PRNG (mulberry32), so a failure is reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'n', 'output', 'body', 'x1', 'true', 'in', '_k', 'length', 'constructor'];

function value(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 2 ? 6 : 9));
  switch (k) {
    case 0:
      return Math.floor(r() * 200) - 100;
    case 1:
      return r() * 10 - 5;
    case 2:
      return 'text' + Math.floor(r() * 10);
    case 3:
      return null;
    case 4:
      return r() < 0.5;
    case 5:
      return 0;
    case 6:
    case 7: {
      const o: Record<string, unknown> = {};
      for (const key of KEYS) if (r() < 0.45) o[key] = value(r, depth + 1);
      return o;
    }
    default:
      return Array.from({ length: Math.floor(r() * 3) }, () => value(r, depth + 1));
  }
}

function path(r: () => number): string {
  const n = 1 + Math.floor(r() * 3);
  return Array.from({ length: n }, () => KEYS[Math.floor(r() * KEYS.length)]).join('.');
}

function operand(r: () => number): string {
  const p = r();
  if (p < 0.2) return String(Math.floor(r() * 50));
  if (p < 0.3) return (r() * 10).toFixed(2);
  if (p < 0.33) return '0';
  return path(r);
}

describe('expression shortcut', () => {
  it('gives exactly what JSONata gives whenever it answers (randomised)', async () => {
    const r = rng(20251121);
    let answered = 0;
    for (let i = 0; i < 3_000; i++) {
      const doc = value(r, 0);
      const ops = ['+', '-', '*', '/'];
      const src = r() < 0.5 ? path(r) : `${operand(r)} ${ops[Math.floor(r() * 4)]} ${operand(r)}`;
      const fast = compileFast(src)?.(doc);
      if (!fast) continue;
      answered++;
      const full = toPlain(await jsonata(src).evaluate(doc));
      expect({ src, doc, got: toPlain(fast.value) }).toEqual({ src, doc, got: full });
    }
    expect(answered).toBeGreaterThan(150);
  });

  it('declines shapes it does not know, and evaluate still gives JSONata results and errors', async () => {
    for (const src of [
      '$now()',
      'a[0]',
      'a.b[x=1]',
      '-1',
      '1e3',
      'true',
      'a and b',
      '"s"',
      'a.*',
      'a + b + c',
      '007',
    ]) {
      expect(compileFast(src)?.({ a: { b: 1 } })).toBeUndefined();
    }
    const doc = { steps: { a: { output: [1, 2] }, b: { output: 'x' } }, n: 0 };
    expect(await evaluate('steps.a.output', doc, { now: 0 })).toEqual([1, 2]);
    expect(await evaluate('steps.missing.output', doc, { now: 0 })).toBeNull();
    await expect(evaluate('steps.b.output + 1', doc, { now: 0 })).rejects.toThrow(/failed/);
    expect(await evaluate('1 / n', doc, { now: 0 })).toBeNull(); // Infinity is not JSON
    expect(await evaluate('steps.b.output', doc, { now: 0 })).toBe('x');
    expect(await evaluate('n - 2', doc, { now: 0 })).toBe(-2);
  });
});
