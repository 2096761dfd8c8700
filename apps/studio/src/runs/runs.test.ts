import { describe, expect, it } from 'vitest';
import { applyStepEvent, awaitingApproval, runStatusOf } from './run-events';
import { resolveRunInputs } from '@weft/dsl';
import { readRunForm } from './run-inputs';

describe('run overlay', () => {
  it('folds engine events into status, attempts, port and duration', () => {
    const t0 = Date.parse('2025-01-01T00:00:00.000Z');
    const running = applyStepEvent(undefined, {
      seq: 3,
      type: 'step.started',
      stepId: 'a',
      at: t0,
      data: { attempt: 1 },
    });
    expect(running).toEqual({ status: 'RUNNING', attempts: 1, startedAt: t0 });
    const retrying = applyStepEvent(running, {
      seq: 4,
      type: 'step.attempt.failed',
      stepId: 'a',
      at: t0 + 10,
      data: { attempt: 1, error: { code: 'TIMEOUT' } },
    });
    expect(retrying).toMatchObject({ status: 'RUNNING', attempts: 1 });
    const done = applyStepEvent(retrying, {
      seq: 5,
      type: 'step.succeeded',
      stepId: 'a',
      at: t0 + 1250,
      data: { output: 1, port: 'then', attempts: 2 },
    });
    expect(done).toMatchObject({ status: 'SUCCESS', attempts: 2, durationMs: 1250, port: 'then' });
    expect(
      applyStepEvent(done, { seq: 6, type: 'step.log', stepId: 'a', at: t0, data: { message: 'x' } }),
    ).toBeUndefined();
    expect(runStatusOf({ seq: 7, type: 'run.succeeded', at: t0, data: {} })).toBe('SUCCESS');
    expect(runStatusOf({ seq: 8, type: 'step.succeeded', stepId: 'a', at: t0, data: {} })).toBeUndefined();
  });

  it('reads the run form by the one input rule of @weft/dsl: typed values, defaults, one message per problem', () => {
    const specs = {
      repo: { type: 'string', required: true },
      limit: { type: 'integer', required: false, default: 10 },
      tags: { type: 'array', required: false },
      dry: { type: 'boolean', required: false },
    } as const;
    expect(readRunForm(specs, { repo: 'a/b', limit: '', tags: '["x"]', dry: 'true' })).toEqual({
      ok: true,
      value: { repo: 'a/b', limit: 10, tags: ['x'], dry: true },
    });
    const bad = readRunForm(specs, { repo: '', limit: '1.5', tags: '{}', dry: 'yes' });
    // The same texts as `weft run` and the engine give (resolveRunInputs).
    const cli = resolveRunInputs(specs, { limit: '1.5', tags: '{}', dry: 'yes' }, { coerce: true });
    expect(bad).toEqual({ ok: false, error: cli.ok ? [] : cli.error.map((p) => p.message) });
    expect(bad.ok ? [] : bad.error).toEqual([
      "input 'repo' is required",
      'input \'limit\' must be an integer, not "1.5"',
      'input \'tags\' must be an array, not "{}"',
      'input \'dry\' must be a boolean, not "yes"',
    ]);
  });

  it('knows which steps wait for an approval (not a timer or a breakpoint)', () => {
    const t0 = Date.parse('2025-01-01T00:00:00.000Z');
    const started = applyStepEvent(undefined, {
      seq: 1,
      type: 'step.started',
      stepId: 'ok',
      at: t0,
      data: { attempt: 1 },
    });
    const waiting = applyStepEvent(started, {
      seq: 2,
      type: 'step.waiting',
      stepId: 'ok',
      at: t0,
      data: { reason: 'approval', message: 'Ship it?' },
    });
    expect(waiting).toMatchObject({ status: 'WAITING', waitReason: 'approval', message: 'Ship it?' });
    const timer = applyStepEvent(undefined, {
      seq: 3,
      type: 'step.waiting',
      stepId: 'pause',
      at: t0,
      data: { reason: 'wait' },
    });
    const done = applyStepEvent(waiting, {
      seq: 4,
      type: 'step.succeeded',
      stepId: 'ok',
      at: t0 + 5,
      data: { port: 'approved' },
    });
    expect(done?.waitReason).toBeUndefined();
    const steps = { ok: waiting!, pause: timer!, legacy: { status: 'WAITING' as const, attempts: 1 } };
    expect(awaitingApproval(steps, new Set(['ok', 'legacy']))).toEqual(['ok', 'legacy']);
    expect(awaitingApproval({ ...steps, ok: done! }, new Set(['ok']))).toEqual([]);
  });
});
