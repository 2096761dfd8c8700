import { describe, expect, it } from 'vitest';
import { parseTyped } from './parse-value';

describe('a typed default', () => {
  it('is read by the input’s type', () => {
    expect(parseTyped('world', 'string')).toEqual({ ok: true, value: 'world' });
    expect(parseTyped('3', 'integer')).toEqual({ ok: true, value: 3 });
    expect(parseTyped('2.5', 'number')).toEqual({ ok: true, value: 2.5 });
    expect(parseTyped('true', 'boolean')).toEqual({ ok: true, value: true });
    expect(parseTyped('[1,2]', 'array')).toEqual({ ok: true, value: [1, 2] });
    expect(parseTyped('{"a":1}', 'object')).toEqual({ ok: true, value: { a: 1 } });
  });
  it('names what does not fit', () => {
    expect(parseTyped('2.5', 'integer')).toEqual({ ok: false, error: '“2.5” is not a whole number' });
    expect(parseTyped('abc', 'number')).toMatchObject({ ok: false });
    expect(parseTyped('yes', 'boolean')).toMatchObject({ ok: false, error: '“yes” is not true or false' });
    expect(parseTyped('{}', 'array')).toMatchObject({ ok: false });
  });
});
