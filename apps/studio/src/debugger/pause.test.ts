import { describe, expect, it } from 'vitest';
import { pausedSteps, pauseReason, readEditedInput } from './pause';

describe('pause', () => {
  it('lists the steps paused at a breakpoint, in workflow order', () => {
    const steps = {
      c: { status: 'WAITING', waitReason: 'breakpoint' },
      a: { status: 'WAITING', waitReason: 'breakpoint' },
      b: { status: 'WAITING', waitReason: 'approval' },
      d: { status: 'RUNNING' },
    };
    expect(pausedSteps(['a', 'b', 'c', 'd'], steps)).toEqual(['a', 'c']);
  });

  it('says why it paused', () => {
    expect(pauseReason('x', { cause: 'step', input: {}, seq: 1 })).toBe('Step mode: paused before x.');
    expect(pauseReason('x', { cause: 'breakpoint', input: {}, seq: 1 })).toBe('Breakpoint: paused before x.');
    expect(pauseReason('x', { cause: 'condition', input: {}, index: 1, item: 2, seq: 1 }, 'item = 2')).toBe(
      'Condition “item = 2” holds on item 2 (2): paused before x.',
    );
    expect(pauseReason('x', undefined)).toBe('Paused before x.');
  });

  it('reads an edited input: JSON, an object, and what the schema check says', () => {
    const none = () => [];
    expect(readEditedInput('{"a":1}', none)).toEqual({ ok: true, value: { a: 1 } });
    expect(readEditedInput('{"a":', none)).toMatchObject({ ok: false });
    expect(readEditedInput('[1]', none)).toMatchObject({ ok: false });
    expect(
      readEditedInput('{"a":"x"}', (v) => ((v as { a: unknown }).a === 1 ? [] : ['a must be number'])),
    ).toEqual({
      ok: false,
      errors: ['a must be number'],
    });
  });
});
