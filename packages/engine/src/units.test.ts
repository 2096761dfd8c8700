import { describe, expect, it } from 'vitest';
import { parseRuntimeDuration } from './builtins';
import { checkInputs } from './inputs';
import { harness, step, tf, workflow } from './testing/helpers';

describe('small pieces', () => {
  it('parses wait durations like the DSL, plus the milliseconds an expression computed', () => {
    expect(parseRuntimeDuration('250ms')).toBe(250);
    expect(parseRuntimeDuration('1m30s')).toBe(90_000);
    expect(parseRuntimeDuration('2h')).toBe(7_200_000);
    expect(parseRuntimeDuration(1500)).toBe(1500);
    expect(parseRuntimeDuration(1500.4)).toBe(1500);
    expect(parseRuntimeDuration(' 1500 ')).toBe(1500);
    expect(parseRuntimeDuration(-1)).toBeUndefined();
    expect(parseRuntimeDuration('soon')).toBeUndefined();
  });

  it('rejects non-object run inputs', () => {
    expect(checkInputs({}, [1])).toEqual({
      ok: false,
      error: 'run inputs must be an object of name → value',
    });
  });

  it('a wait with a malformed duration fails with INVALID_INPUT', async () => {
    const h = harness();
    const o = await h.run(workflow([step('w', 'wait', { with: { duration: 'soon' } })]));
    expect(o.steps.w?.error?.code).toBe('INVALID_INPUT');
  });

  it('exposes steps.<id> status, attempts and ISO times to expressions', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        tf('a', '1'),
        tf('b', '[steps.a.status, steps.a.attempts, $toMillis(steps.a.finishedAt) > 0]', { needs: ['a'] }),
      ]),
    );
    expect(o.steps.b?.output).toEqual(['SUCCESS', 1, true]);
  });
});
