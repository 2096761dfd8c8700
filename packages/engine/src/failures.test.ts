import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';
import type { BlockCall } from './ports';
import { deferred, harness, statuses, step, tf, workflow } from './testing/helpers';
import type { BlockResult } from './ports';

const fail = (code = 'BLOCK_ERROR', message = 'boom'): BlockResult => ({
  ok: false,
  error: { code: code as never, message },
});

describe('§6.4 failures: failFast and onError', () => {
  it('failFast: running steps finish and are recorded, everything else is CANCELLED, the run FAILED', async () => {
    const h = harness();
    const slow = deferred<BlockResult>();
    h.runner.on('slow@1', () => slow.promise);
    h.runner.on('bad@1', () => fail());
    h.runner.on('ok@1', () => ({ ok: true, output: 1 }));
    const id = await h.start(
      workflow([
        step('slow', 'slow@1'),
        step('bad', 'bad@1'),
        step('after_slow', 'ok@1', { needs: ['slow'] }),
        step('after_bad', 'ok@1', { needs: ['bad'] }),
        step('appr', 'approval', { with: { message: 'ok?' } }),
      ]),
    );
    await h.clock.advanceAsync(0);
    let o = await h.outcome(id);
    expect(o.steps.slow?.status).toBe('RUNNING');
    expect(o.steps.appr?.status).toBe('CANCELLED');
    expect(o.steps.after_bad?.status).toBe('CANCELLED');
    slow.resolve({ ok: true, output: 'done' });
    await h.engine.waitForRun(id);
    o = await h.outcome(id);
    expect(statuses(o)).toEqual({
      slow: 'SUCCESS',
      bad: 'FAILED',
      after_slow: 'CANCELLED',
      after_bad: 'CANCELLED',
      appr: 'CANCELLED',
    });
    expect(o.steps.slow?.output).toBe('done');
    expect(o.run.status).toBe('FAILED');
    expect(o.run.error?.message).toContain('step "bad" failed: boom');
  });

  it('failFast: false skips dependents and lets independent branches go on; the run ends FAILED', async () => {
    const h = harness();
    h.runner.on('bad@1', () => fail());
    const o = await h.run(
      workflow(
        [
          step('bad', 'bad@1'),
          tf('dep', '1', { needs: ['bad'] }),
          tf('other', '2'),
          tf('other2', '3', { needs: ['other'] }),
        ],
        { failFast: false },
      ),
    );
    expect(statuses(o)).toEqual({ bad: 'FAILED', dep: 'SKIPPED', other: 'SUCCESS', other2: 'SUCCESS' });
    expect(o.run.status).toBe('FAILED');
  });

  it('onError: continue ends the step FAILED without failing the run; join always still runs', async () => {
    const h = harness();
    h.runner.on('bad@1', () => fail());
    const o = await h.run(
      workflow([
        step('bad', 'bad@1', { onError: 'continue' }),
        tf('dep', '1', { needs: ['bad'] }),
        tf('cleanup', 'steps.bad.error.code', { needs: ['bad'], join: 'always' }),
      ]),
    );
    expect(statuses(o)).toEqual({ bad: 'FAILED', dep: 'SKIPPED', cleanup: 'SUCCESS' });
    expect(o.steps.cleanup?.output).toBe('BLOCK_ERROR');
    expect(o.run.status).toBe('SUCCESS');
  });
});

describe('§6.7 retries', () => {
  it('computes fixed, linear, exponential delays, capped by maxDelay, with jitter in [d/2, d]', () => {
    const p = { attempts: 5, delayMs: 1000, jitter: false };
    expect([1, 2, 3].map((n) => retryDelay({ ...p, backoff: 'fixed' }, n, Math.random))).toEqual([
      1000, 1000, 1000,
    ]);
    expect([1, 2, 3].map((n) => retryDelay({ ...p, backoff: 'linear' }, n, Math.random))).toEqual([
      1000, 2000, 3000,
    ]);
    expect([1, 2, 3, 4].map((n) => retryDelay({ ...p, backoff: 'exponential' }, n, Math.random))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(retryDelay({ ...p, backoff: 'exponential', maxDelayMs: 3000 }, 4, Math.random)).toBe(3000);
    expect(retryDelay({ ...p, backoff: 'fixed', jitter: true }, 1, () => 0)).toBe(500);
    expect(retryDelay({ ...p, backoff: 'fixed', jitter: true }, 1, () => 0.999999)).toBe(1000);
  });

  it('retries a failing block after the backoff delays and succeeds; attempts are counted', async () => {
    const h = harness();
    let n = 0;
    h.runner.on('flaky@1', () => (++n < 3 ? fail('HTTP_ERROR', `try ${n}`) : { ok: true, output: 'fine' }));
    const id = await h.start(
      workflow([
        step('f', 'flaky@1', {
          retry: { attempts: 3, backoff: 'exponential', delayMs: 1000, jitter: false },
        }),
      ]),
    );
    await h.clock.advanceAsync(0);
    expect((await h.outcome(id)).steps.f?.waitReason).toBe('retry');
    await h.clock.advanceAsync(999);
    expect(h.runner.calls.length).toBe(1);
    await h.clock.advanceAsync(1);
    expect(h.runner.calls.length).toBe(2);
    await h.clock.advanceAsync(2000);
    const run = await h.engine.waitForRun(id);
    const o = await h.outcome(id);
    expect(run.status).toBe('SUCCESS');
    expect(o.steps.f?.attempts).toBe(3);
    expect(h.runner.calls.map((c) => c.context.attempt)).toEqual([1, 2, 3]);
    expect(h.runner.calls.map((c) => c.context.idempotencyKey)).toEqual([
      `${id}:f:1`,
      `${id}:f:2`,
      `${id}:f:3`,
    ]);
  });

  it('defaults.retry applies to steps without their own retry; the step fails when attempts are spent', async () => {
    const h = harness();
    h.runner.on('bad@1', () => fail('BLOCK_ERROR', 'always'));
    const id = await h.start(
      workflow([step('b', 'bad@1')], {
        defaults: { retry: { attempts: 2, backoff: 'fixed', delayMs: 10, jitter: false } },
      }),
    );
    await h.clock.advanceAsync(10);
    await h.engine.waitForRun(id);
    const o = await h.outcome(id);
    expect(o.steps.b?.status).toBe('FAILED');
    expect(o.steps.b?.attempts).toBe(2);
  });

  it.each(['INVALID_INPUT', 'PERMISSION_DENIED', 'EXPRESSION_ERROR', 'SECRET_NOT_FOUND'])(
    'does not retry %s',
    async (code) => {
      const h = harness();
      h.runner.on('bad@1', () => fail(code));
      const o = await h.run(
        workflow([
          step('b', 'bad@1', { retry: { attempts: 5, backoff: 'fixed', delayMs: 1, jitter: false } }),
        ]),
      );
      expect(o.steps.b?.status).toBe('FAILED');
      expect(o.steps.b?.error?.code).toBe(code);
      expect(h.runner.calls.length).toBe(1);
    },
  );

  it('uses the injected randomness for jitter', async () => {
    const h = harness({ random: () => 0 });
    let n = 0;
    h.runner.on('flaky@1', () => (++n < 2 ? fail() : { ok: true, output: 1 }));
    const id = await h.start(
      workflow([
        step('f', 'flaky@1', { retry: { attempts: 2, backoff: 'fixed', delayMs: 1000, jitter: true } }),
      ]),
    );
    await h.clock.advanceAsync(499);
    expect(h.runner.calls.length).toBe(1);
    await h.clock.advanceAsync(1);
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
  });
});

describe('timeouts', () => {
  it('fails an attempt that exceeds `timeout` with TIMEOUT, aborts its signal, and retries it', async () => {
    const h = harness();
    const calls: BlockCall[] = [];
    h.runner.on('hang@1', (c) => {
      calls.push(c);
      return calls.length === 1 ? new Promise<BlockResult>(() => undefined) : { ok: true, output: 'second' };
    });
    const id = await h.start(
      workflow([
        step('h', 'hang@1', {
          timeoutMs: 5000,
          retry: { attempts: 2, backoff: 'fixed', delayMs: 100, jitter: false },
        }),
      ]),
    );
    await h.clock.advanceAsync(4999);
    expect(calls[0]?.signal.aborted).toBe(false);
    await h.clock.advanceAsync(1);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(calls[0]?.timeoutMs).toBe(5000);
    const mid = await h.outcome(id);
    expect(mid.steps.h?.error?.code).toBe('TIMEOUT');
    await h.clock.advanceAsync(100);
    expect((await h.engine.waitForRun(id)).status).toBe('SUCCESS');
  });

  it('takes the timeout from defaults', async () => {
    const h = harness();
    h.runner.on('hang@1', () => new Promise<BlockResult>(() => undefined));
    const id = await h.start(workflow([step('h', 'hang@1')], { defaults: { timeoutMs: 1000 } }));
    await h.clock.advanceAsync(1000);
    await h.engine.waitForRun(id);
    const o = await h.outcome(id);
    expect(o.steps.h?.error).toEqual({ code: 'TIMEOUT', message: 'step "h" timed out after 1000 ms' });
  });
});
