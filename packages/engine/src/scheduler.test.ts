import type { Step } from '@weft/dsl';
import { describe, expect, it } from 'vitest';
import type { RunId, StepRecord, StepStatus } from './ports';
import {
  canEnd,
  itemPlan,
  nextSteps,
  pauseRule,
  runEnding,
  runTransition,
  shouldRetry,
  stepsToCancel,
} from './scheduler';
import type { RunView } from './scheduler';
import { step } from './testing/helpers';

/** A step record in `status` (`SUCCESS@then` also chose port `then`). */
function rec(id: string, status: string): StepRecord {
  const [s, port] = status.split('@');
  return {
    runId: 'r' as RunId,
    stepId: id,
    status: s as StepStatus,
    attempts: 0,
    ...(port !== undefined && { port }),
  };
}

/** A run view over `steps` (id → definition) in `status` (id → status, default PENDING). */
function view(
  steps: Step[],
  status: Record<string, string> = {},
  extra: Partial<Pick<RunView, 'busy' | 'failing' | 'halted'>> = {},
): RunView {
  const records: Record<string, StepRecord> = {};
  const dependents = new Map<string, string[]>();
  for (const s of steps) {
    records[s.id] = rec(s.id, status[s.id] ?? 'PENDING');
    for (const n of s.needs) dependents.set(n.step, [...(dependents.get(n.step) ?? []), s.id]);
  }
  return {
    steps: records,
    defs: new Map(steps.map((s) => [s.id, s])),
    dependents,
    busy: extra.busy ?? new Set(),
    failing: extra.failing ?? false,
    halted: extra.halted ?? false,
  };
}

const show = (run: RunView, candidates?: string[]): string[] =>
  nextSteps(run, candidates ?? [...run.defs.keys()]).map((a) => `${a.type} ${a.stepId}`);

describe('scheduler: nextSteps (needs, ports, joins, failFast, drain)', () => {
  const a = step('a', 'x@1');
  const b = step('b', 'x@1', { needs: ['a'] });
  const c = step('c', 'x@1', { needs: ['b'] });
  const any = step('j', 'x@1', { needs: ['a', 'b'], join: 'any' });
  const always = step('j', 'x@1', { needs: ['a', 'b'], join: 'always' });
  const all = step('j', 'x@1', { needs: ['a', 'b'] });
  const thenStep = step('t', 'x@1', { needs: ['a.then'] });
  const elseStep = step('e', 'x@1', { needs: ['a.else'] });

  it.each([
    [
      'steps without needs start together (parallel branches)',
      [a, step('z', 'x@1')],
      {},
      ['start a', 'start z'],
    ],
    ['a step waits while a need has not ended', [a, b], { a: 'RUNNING' }, []],
    ['a step starts once its need succeeded', [a, b], { a: 'SUCCESS' }, ['start b']],
    [
      'a failed need skips the step and, in the same pass, its dependents',
      [a, b, c],
      { a: 'FAILED' },
      ['skip b', 'skip c'],
    ],
    [
      'a need on a port is met only on that port',
      [a, thenStep, elseStep],
      { a: 'SUCCESS@else' },
      ['skip t', 'start e'],
    ],
    ['join all: every need met', [a, step('b', 'x@1'), all], { a: 'SUCCESS', b: 'SUCCESS' }, ['start j']],
    [
      'join all: one need skipped skips it',
      [a, step('b', 'x@1'), all],
      { a: 'SUCCESS', b: 'SKIPPED' },
      ['skip j'],
    ],
    [
      'join any: one need met is enough',
      [a, step('b', 'x@1'), any],
      { a: 'FAILED', b: 'SUCCESS' },
      ['start j'],
    ],
    ['join any: none met skips', [a, step('b', 'x@1'), any], { a: 'FAILED', b: 'SKIPPED' }, ['skip j']],
    [
      'join always: runs whatever its needs ended as',
      [a, step('b', 'x@1'), always],
      { a: 'FAILED', b: 'CANCELLED' },
      ['start j'],
    ],
    ['join any waits for every need to end', [a, step('b', 'x@1'), any], { a: 'SUCCESS', b: 'WAITING' }, []],
    [
      'a skip flows down to a join always, which runs',
      [a, b, step('k', 'x@1', { needs: ['b'], join: 'always' })],
      { a: 'FAILED' },
      ['skip b', 'start k'],
    ],
    ['steps not PENDING are left alone', [a, b], { a: 'SUCCESS', b: 'WAITING' }, []],
  ] as const)('%s', (_, steps, status, want) => {
    expect(show(view([...steps], status))).toEqual(want);
  });

  it('failing fast: a step whose needs are met is cancelled; its dependents are decided in the same pass', () => {
    const run = view([a, b, c], { a: 'SUCCESS' }, { failing: true });
    expect(show(run, ['b'])).toEqual(['cancel b', 'skip c']);
    const always = step('c', 'x@1', { needs: ['b'], join: 'always' });
    expect(show(view([a, b, always], { a: 'SUCCESS' }, { failing: true }), ['b'])).toEqual([
      'cancel b',
      'cancel c',
    ]);
  });

  it('failing fast still skips a step whose needs are not met (the join decides first)', () => {
    expect(show(view([a, b], { a: 'FAILED' }, { failing: true }), ['b'])).toEqual(['skip b']);
  });

  it('a draining stop starts nothing but still decides skips', () => {
    const run = view([a, b, step('z', 'x@1', { needs: ['a'] })], { a: 'FAILED' }, { halted: true });
    expect(show(run)).toEqual(['skip b', 'skip z']);
    expect(show(view([a], {}, { halted: true }))).toEqual([]);
  });

  it('a busy step (deciding its `if`, an attempt in flight) is not started twice', () => {
    expect(show(view([a], {}, { busy: new Set(['a']) }))).toEqual([]);
    expect(show(view([a]), ['a', 'a'])).toEqual(['start a']);
  });

  it('decides only the candidates and what their endings unlock', () => {
    const run = view([a, b, step('z', 'x@1')], { a: 'SUCCESS' });
    expect(show(run, ['b'])).toEqual(['start b']);
  });
});

describe('scheduler: ending the run', () => {
  const steps = [step('a', 'x@1'), step('b', 'x@1', { onError: 'continue' }), step('c', 'x@1')];
  const records = (status: Record<string, string>): Record<string, StepRecord> =>
    Object.fromEntries(Object.entries(status).map(([id, s]) => [id, rec(id, s)]));

  it.each([
    ['every step succeeded: evaluate outputs', { a: 'SUCCESS', b: 'SUCCESS', c: 'SUCCESS' }, 'outputs'],
    [
      'onError continue: its failure does not fail the run',
      { a: 'SUCCESS', b: 'FAILED', c: 'SKIPPED' },
      'outputs',
    ],
    ['an unhandled failure fails the run', { a: 'FAILED', b: 'SUCCESS', c: 'CANCELLED' }, 'fail'],
    [
      'skipped and cancelled steps alone do not fail it',
      { a: 'SKIPPED', b: 'CANCELLED', c: 'SKIPPED' },
      'outputs',
    ],
  ] as const)('%s', (_, status, want) => {
    expect(runEnding(steps, records(status)).type).toBe(want);
  });

  it('the first unhandled failure in workflow order gives the code and message', () => {
    const r = records({ a: 'SUCCESS', b: 'SUCCESS', c: 'FAILED' });
    (r.c as StepRecord).error = { code: 'TIMEOUT', message: 'too slow' };
    expect(runEnding(steps, r)).toEqual({
      type: 'fail',
      error: { code: 'TIMEOUT', message: 'step "c" failed: too slow' },
    });
  });

  it('a step test ends as its step did, without outputs', () => {
    expect(runEnding(steps, records({ a: 'SKIPPED', b: 'SUCCESS', c: 'SKIPPED' }), 'b')).toEqual({
      type: 'succeed',
      outputs: {},
    });
    expect(runEnding(steps, records({ a: 'SKIPPED', b: 'CANCELLED', c: 'SKIPPED' }), 'b')).toEqual({
      type: 'fail',
      error: { code: 'BLOCK_ERROR', message: 'step "b" failed: cancelled' },
    });
  });

  it.each([
    ['every step ended', { status: 'RUNNING', unfinished: 0, busy: 0, finishing: false }, true],
    ['a step has not ended', { status: 'RUNNING', unfinished: 1, busy: 0, finishing: false }, false],
    ['a step is still deciding', { status: 'WAITING', unfinished: 0, busy: 1, finishing: false }, false],
    ['already finishing', { status: 'RUNNING', unfinished: 0, busy: 0, finishing: true }, false],
    ['not started', { status: 'QUEUED', unfinished: 0, busy: 0, finishing: false }, false],
    ['already ended', { status: 'SUCCESS', unfinished: 0, busy: 0, finishing: false }, false],
  ] as const)('canEnd: %s', (_, run, want) => {
    expect(canEnd(run)).toBe(want);
  });

  it.each([
    ['RUNNING', false, true, 'run.waiting'],
    ['RUNNING', true, true, undefined],
    ['RUNNING', false, false, undefined],
    ['WAITING', true, false, 'run.resumed'],
    ['WAITING', false, true, undefined],
    ['SUCCESS', true, true, undefined],
  ] as const)('runTransition %s running=%s waiting=%s → %s', (status, running, waiting, want) => {
    expect(runTransition(status, running, waiting)).toBe(want);
  });

  it('cancelling ends every step not ended; failing fast lets running steps finish', () => {
    const r = records({ a: 'RUNNING', b: 'WAITING', c: 'SUCCESS' });
    r.d = rec('d', 'PENDING');
    expect(stepsToCancel(r, false)).toEqual(['a', 'b', 'd']);
    expect(stepsToCancel(r, true)).toEqual(['b', 'd']);
  });
});

describe('scheduler: breakpoints, step mode, retries, foreach', () => {
  const bps = { stepMode: false, breakpoints: [{ stepId: 'a' }, { stepId: 'b', condition: 'amount > 1' }] };

  it.each([
    ['no debugger', undefined, false, 'a', { type: 'none' }],
    [
      'step mode pauses before every step',
      { stepMode: true, breakpoints: [] },
      false,
      'x',
      { type: 'always', cause: 'step' },
    ],
    [
      'the "step" action pauses before the next step',
      undefined,
      true,
      'x',
      { type: 'always', cause: 'step' },
    ],
    ['a breakpoint pauses before its step', bps, false, 'a', { type: 'always', cause: 'breakpoint' }],
    [
      'a conditional breakpoint asks for its condition',
      bps,
      false,
      'b',
      { type: 'condition', condition: 'amount > 1' },
    ],
    ['other steps run', bps, false, 'c', { type: 'none' }],
  ] as const)('pauseRule: %s', (_, debug, stepOnce, id, want) => {
    expect(pauseRule(debug, stepOnce, id)).toEqual(want);
  });

  const policy = { attempts: 3, backoff: 'fixed' as const, delayMs: 10, jitter: false };
  const err = { code: 'BLOCK_ERROR' as const, message: 'x' };

  it.each([
    ['attempts left and retryable', policy, 1, err, false, true],
    ['the last attempt', policy, 3, err, false, false],
    ['no policy', undefined, 1, err, false, false],
    ['a non-retried code', policy, 1, { code: 'INVALID_INPUT' as const, message: 'x' }, false, false],
    ['the block said retryable: false', policy, 1, { ...err, retryable: false }, false, false],
    ['the run is failing fast', policy, 1, err, true, false],
  ] as const)('shouldRetry: %s', (_, p, attempt, error, failing, want) => {
    expect(shouldRetry({ policy: p, attempt, error, failing })).toBe(want);
  });

  it.each([
    ['default concurrency runs one item at a time', 3, [], undefined, [0, 1, 2], 1],
    ['concurrency bounds the width', 5, [], 2, [0, 1, 2, 3, 4], 2],
    ['never wider than the items left', 3, [], 10, [0, 1, 2], 3],
    ['a recovery runs only unfinished items', 4, [0, 2], 4, [1, 3], 2],
    ['an empty list still has width 1 (nothing to do)', 0, [], 3, [], 1],
  ] as const)('itemPlan: %s', (_, count, finished, concurrency, queue, width) => {
    expect(itemPlan(count, finished, concurrency)).toEqual({ queue, width });
  });
});
