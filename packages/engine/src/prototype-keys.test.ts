/**
 * Issue 9 item 1: user text (step ids, input, var and output names, `with` keys) never reaches an
 * object's prototype. A step named `__proto__` used to set `Object.prototype.output` for the whole
 * process; ids such as `constructor` or inputs named `toString` read inherited members.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { harness, statuses, step, tf, workflow } from './testing/helpers';

afterEach(() => {
  // Whatever a test did, the host's prototypes must be untouched.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).output).toBeUndefined();
});

describe('hostile names (issue 9 item 1: __proto__ pollution)', () => {
  it('a step named __proto__ does not pollute Object.prototype and another run reads nothing from it', async () => {
    const h = harness();
    const evil = workflow([tf('__proto__', "'PWNED'")], { id: 'evil' });
    const o = await h.run(evil);
    expect(o.run.status).toBe('SUCCESS');
    expect(Object.keys(o.steps)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(o.steps, '__proto__')?.value).toMatchObject({
      status: 'SUCCESS',
      output: 'PWNED',
    });
    expect(({} as Record<string, unknown>).output).toBeUndefined();

    // A skipped step of another workflow reads `output` of nothing: it must stay null.
    const other = workflow(
      [
        tf('a', '1'),
        tf('skipped', "'x'", { needs: ['a'], if: 'false' }),
        tf('b', 'steps.skipped.output', { needs: ['skipped'], join: 'always' }),
      ],
      { id: 'other' },
    );
    const p = await h.run(other);
    expect(statuses(p)).toEqual({ a: 'SUCCESS', skipped: 'SKIPPED', b: 'SUCCESS' });
    expect(p.steps.b?.output ?? null).toBeNull();
  });

  it('a step named constructor keeps its own output', async () => {
    const h = harness();
    const w = workflow([
      tf('constructor', "'mine'"),
      tf('next', 'steps.constructor.output', { needs: ['constructor'] }),
    ]);
    const o = await h.run(w);
    expect(o.run.status).toBe('SUCCESS');
    expect(o.steps.next?.output).toBe('mine');
  });

  it('an undeclared name such as steps.toString or inputs.toString is absent, not a function', async () => {
    const h = harness();
    const w = workflow([
      tf('a', '[$exists(inputs.toString), $exists(steps.toString), $exists(vars.constructor)]'),
    ]);
    const o = await h.run(w);
    expect(o.run.status).toBe('SUCCESS');
    expect(o.steps.a?.output).toEqual([false, false, false]);
  });

  it('inputs named toString and __proto__ keep their values', async () => {
    const h = harness();
    const w = workflow([tf('a', 'inputs')], {
      inputs: {
        toString: { type: 'string', required: true },
        __proto__: { type: 'string', required: false, default: 'd' },
      } as never,
    });
    Object.defineProperty(w.inputs, '__proto__', {
      value: { type: 'string', required: false, default: 'd' },
      enumerable: true,
      configurable: true,
      writable: true,
    });
    const o = await h.run(w, { toString: 'ts' });
    expect(o.run.status).toBe('SUCCESS');
    expect(JSON.stringify(o.steps.a?.output)).toBe('{"toString":"ts","__proto__":"d"}');
  });

  it('a with key named __proto__ stays a plain key', async () => {
    const h = harness();
    const w = workflow([
      step('a', 'transform', {
        with: JSON.parse('{"expression":"input","input":{"__proto__":{"polluted":1},"ok":2}}'),
      }),
    ]);
    const o = await h.run(w);
    expect(o.run.status).toBe('SUCCESS');
    expect(JSON.stringify(o.steps.a?.output)).toBe('{"__proto__":{"polluted":1},"ok":2}');
  });
});
