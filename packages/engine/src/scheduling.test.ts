import { describe, expect, it } from 'vitest';
import { harness, statuses, step, tf, workflow } from './testing/helpers';
import { settle } from './testing/fake-clock';

describe('§6.1-6.3 scheduling: needs, ports, joins, if', () => {
  it('§6.1 starts every step without needs when the run starts', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        tf('a', '1'),
        tf('b', '2'),
        tf('c', 'steps.a.output + steps.b.output', { needs: ['a', 'b'] }),
      ]),
    );
    expect(o.run.status).toBe('SUCCESS');
    expect(o.steps.c?.output).toBe(3);
    expect(o.steps.a?.startedAt).toBeDefined();
  });

  it('§6.2 runs a step only once every need is terminal, in dependency order', async () => {
    const h = harness();
    const order: string[] = [];
    h.runner.on('rec@1', (c) => {
      order.push(c.context.stepId);
      return { ok: true, output: c.context.stepId };
    });
    await h.run(
      workflow([
        step('d', 'rec@1', { needs: ['b', 'c'] }),
        step('b', 'rec@1', { needs: ['a'] }),
        step('c', 'rec@1', { needs: ['a'] }),
        step('a', 'rec@1'),
      ]),
    );
    expect(order[0]).toBe('a');
    expect(order[3]).toBe('d');
  });

  it('§6.2 a need on a port is met only when that port was chosen; skips flow downstream', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        step('check', 'if', { with: { condition: '${{ 1 > 2 }}' } }),
        tf('yes', '"yes"', { needs: ['check.then'] }),
        tf('after_yes', '"after"', { needs: ['yes'] }),
        tf('no', '"no"', { needs: ['check.else'] }),
      ]),
    );
    expect(statuses(o)).toEqual({ check: 'SUCCESS', yes: 'SKIPPED', after_yes: 'SKIPPED', no: 'SUCCESS' });
    expect(o.steps.check?.port).toBe('else');
    expect(o.steps.check?.output).toEqual({ value: false });
    expect(o.run.status).toBe('SUCCESS');
  });

  it('§6.2 join any runs when at least one need is met; join always runs whatever they ended as', async () => {
    const h = harness();
    const o = await h.run(
      workflow([
        step('sw', 'switch', { with: { value: 'b', cases: ['a', 'b'] } }),
        tf('on_a', '"A"', { needs: ['sw.a'] }),
        tf('on_b', '"B"', { needs: ['sw.b'] }),
        tf('any', '"any"', { needs: ['on_a', 'on_b'], join: 'any' }),
        tf('all', '"all"', { needs: ['on_a', 'on_b'] }),
        tf('always', '"always"', { needs: ['on_a', 'on_b'], join: 'always' }),
        tf('below_all', '"x"', { needs: ['all'] }),
      ]),
    );
    expect(statuses(o)).toEqual({
      sw: 'SUCCESS',
      on_a: 'SKIPPED',
      on_b: 'SUCCESS',
      any: 'SUCCESS',
      all: 'SKIPPED',
      always: 'SUCCESS',
      below_all: 'SKIPPED',
    });
  });

  it('§6.3 a false `if` skips the step, and its dependents', async () => {
    const h = harness();
    const o = await h.run(
      workflow(
        [
          tf('a', '5'),
          tf('b', '"ran"', { needs: ['a'], if: 'steps.a.output > 10' }),
          tf('c', '"c"', { needs: ['b'] }),
          tf('d', '"d"', { needs: ['a'], if: '${{ steps.a.output = 5 }}' }),
        ],
        {},
      ),
    );
    expect(statuses(o)).toEqual({ a: 'SUCCESS', b: 'SKIPPED', c: 'SKIPPED', d: 'SUCCESS' });
  });

  it('§6.3 an `if` that fails to evaluate fails the step with EXPRESSION_ERROR quoting it', async () => {
    const h = harness();
    const o = await h.run(workflow([tf('a', '1', { if: '$error("nope")' })]));
    expect(o.steps.a?.status).toBe('FAILED');
    expect(o.steps.a?.error?.code).toBe('EXPRESSION_ERROR');
    expect(o.steps.a?.error?.message).toContain('$error(\\"nope\\")');
    expect(o.run.status).toBe('FAILED');
  });

  it('§6.5 evaluates outputs at the end; an error there fails the run with OUTPUT_ERROR', async () => {
    const h = harness();
    const ok = await h.run(
      workflow([tf('a', '{"n": 2}')], {
        id: 'w1',
        outputs: { n: '${{ steps.a.output.n }}', text: 'n=${{ steps.a.output.n }}' },
      }),
    );
    expect(ok.run.outputs).toEqual({ n: 2, text: 'n=2' });
    const bad = await h.run(
      workflow([tf('a', '1')], { id: 'w2', outputs: { x: '${{ $error("broken output") }}' } }),
    );
    expect(bad.run.status).toBe('FAILED');
    expect(bad.run.error?.code).toBe('OUTPUT_ERROR');
    expect(bad.run.error?.message).toContain('broken output');
  });

  it('a block may choose a port; needs on other ports are skipped', async () => {
    const h = harness();
    h.runner.on('route@1', () => ({ ok: true, output: 1, port: 'left' }));
    const o = await h.run(
      workflow([
        step('r', 'route@1'),
        tf('l', '"l"', { needs: ['r.left'] }),
        tf('rt', '"r"', { needs: ['r.right'] }),
      ]),
    );
    expect(statuses(o)).toEqual({ r: 'SUCCESS', l: 'SUCCESS', rt: 'SKIPPED' });
    await settle();
  });
});
