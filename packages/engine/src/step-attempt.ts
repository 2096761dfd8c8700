/**
 * Step attempts: one step from its `if` and breakpoints through its attempts (built-ins, blocks with
 * timeouts, `wait`, `approval`, child workflows, `foreach` items, `repeat` iterations). Each attempt
 * gives a result; whether it is retried, repeated or ends the step is decided from that result (the
 * scheduler's rules). Which steps run, and the run-level rules, are the controller's.
 */
import type { Step } from '@weft/dsl';
import { unwrapExpression } from '@weft/dsl';
import { retryDelay } from './backoff';
import { asError, callBlock, checkResult } from './block-call';
import {
  builtinNow,
  ENGINE_BUILTINS,
  NOW_BUILTINS,
  parseRuntimeDuration,
  runBuiltin,
  SUSPENDING_BUILTINS,
} from './builtins';
import { evaluate, evaluateNow } from './expressions';
import type { BlockResult, StepError } from './ports';
import type { RunContext } from './run-context';
import { itemPlan, pauseRule, shouldRetry } from './scheduler';

export interface LaunchOptions {
  /** `if` and breakpoints were already passed (a retry, a continue, a recovery). */
  passed?: boolean;
  attempt?: number;
  /** Input replaced in the debugger. */
  input?: Record<string, unknown>;
  recovered?: boolean;
}

const truthy = (v: unknown): boolean => Boolean(v) && !(Array.isArray(v) && v.length === 0);

/** What step attempts report to: the run's controller. */
export interface StepOwner {
  /** failFast after an unhandled failure: no retry, no further foreach item. */
  readonly failing: boolean;
  /** End a step FAILED (and apply failFast). */
  failStep(id: string, error: StepError): void;
  /** A step's work ended (SUCCESS, FAILED, SKIPPED, or it parked): decide what follows. */
  stepEnded(id: string): void;
}

export class StepAttempts {
  /** Inputs replaced in the debugger, used for every attempt of the step. */
  private readonly overrides = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly run: RunContext,
    private readonly owner: StepOwner,
  ) {}

  /** Start a step's work (its `if` and breakpoints unless passed, then its attempts). */
  launch(id: string, opts: LaunchOptions = {}): void {
    if (this.runNow(id, opts)) {
      this.owner.stepEnded(id);
      return;
    }
    this.run.busy.add(id);
    void this.launchAsync(id, opts)
      .catch((e: unknown) => {
        if (!this.run.stale(id)) this.owner.failStep(id, asError(e));
      })
      .finally(() => {
        this.run.busy.delete(id);
        this.owner.stepEnded(id);
        this.run.commits.schedule();
      });
  }

  /**
   * A `transform`, `if` or `switch` whose expressions all have shortcuts that answer (fast-expressions.ts),
   * with no pause before it, no `foreach`, `repeat` or edited input, runs to its end here and now: what
   * `launchAsync` would do, without a promise per step, so a chain of them is one loop (the controller's
   * `stepEnded`). Anything else returns false before any event, and the step takes the general way.
   */
  private runNow(id: string, opts: LaunchOptions): boolean {
    const step = this.run.def(id);
    if (!NOW_BUILTINS.has(step.uses) || step.foreach !== undefined || step.repeat || opts.input) return false;
    if (this.overrides.has(id) || this.run.stale(id) || this.run.halted) return false;
    // The same names as launchAsync's ensureSecrets (no foreach or repeat here); cached by step id.
    if (!this.run.secretsReady(id, step.with, step.if)) return false;
    if (!opts.passed) {
      if (pauseRule(this.run.state.debug, this.run.state.stepOnce, id).type !== 'none') return false;
      if (step.if !== undefined) {
        const v = evaluateNow(unwrapExpression(step.if), this.run.doc({ attempt: 1 }));
        if (!v) return false;
        if (!truthy(v.value)) {
          this.run.emit('step.skipped', id, { reason: 'if' });
          return true;
        }
      }
    }
    const attempt = opts.attempt ?? this.run.rec(id).attempts + 1;
    const doc = this.run.doc({ attempt, iteration: this.run.progress(id).iteration ?? 1 });
    const input = this.run.resolveWithNow(step, doc);
    const outcome = input && builtinNow(step.uses, input, doc, this.run.evalOpts);
    if (!input || !outcome) return false;
    this.run.emit('step.started', id, { attempt, input, ...(opts.recovered && { recovered: true }) });
    const result = checkResult(outcome);
    if (result.ok) this.run.deriveOutput(id, result.output);
    if (result.ok) this.succeed(id, result.output, result.port, attempt);
    // A failure: its retry or the step's end, at once (nothing in afterAttempt awaits for one).
    else
      void this.afterAttempt(id, step, attempt, result).catch((e: unknown) => {
        if (!this.run.stale(id)) this.owner.failStep(id, asError(e));
      });
    return true;
  }

  private async launchAsync(id: string, opts: LaunchOptions): Promise<void> {
    const step = this.run.def(id);
    // Always (a resume after a breakpoint, a retry or a recovery may run in a fresh controller that
    // has not resolved this step's secrets yet); cached per run, so a no-op after the first time.
    await this.run.ensureSecrets(id, step.with, step.if, step.foreach, step.repeat?.until);
    if (!opts.passed) {
      if (step.if !== undefined) {
        const v = await evaluate(unwrapExpression(step.if), this.run.doc({ attempt: 1 }), this.run.evalOpts);
        if (this.run.stale(id)) return;
        if (!truthy(v)) {
          this.run.emit('step.skipped', id, { reason: 'if' });
          return;
        }
      }
      if (await this.pauseHere(id, step)) return;
    }
    if (this.run.stale(id) || this.run.halted) return;
    if (opts.input) this.overrides.set(id, opts.input);
    if (step.foreach !== undefined) await this.runForeach(id, step, opts.recovered === true);
    else await this.attempt(id, step, opts.attempt ?? this.run.rec(id).attempts + 1, opts.recovered === true);
  }

  /**
   * Debug: pause before the step when a breakpoint (or step mode) says so. A condition is JSONata over
   * the step's resolved inputs and the run context: `{ ...with, inputs, vars, steps, trigger, run,
   * workflow, with }` (plus `item`/`index` for a foreach, evaluated per item: the step pauses on the
   * first item where it holds, and an edited input replaces that item's input).
   */
  private async pauseHere(id: string, step: Step): Promise<boolean> {
    const rule = pauseRule(this.run.state.debug, this.run.state.stepOnce, id);
    if (rule.type === 'none') return false;
    if (rule.type === 'condition') {
      const hit = await this.conditionHit(id, step, rule.condition);
      if (this.run.stale(id)) return true;
      if (!hit) return false;
      this.run.emit('step.waiting', id, { reason: 'breakpoint', cause: 'condition', ...hit });
      return true;
    }
    const input = await this.run.resolveWith(step, this.run.doc({ attempt: 1, iteration: 1 }));
    if (this.run.stale(id)) return true;
    this.run.emit('step.waiting', id, { reason: 'breakpoint', cause: rule.cause, input });
    return true;
  }

  private async conditionHit(
    id: string,
    step: Step,
    condition: string,
  ): Promise<{ input: Record<string, unknown>; index?: number; item?: unknown } | undefined> {
    const check = async (doc: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
      const input = await this.run.resolveWith(step, doc);
      try {
        const v = await evaluate(
          unwrapExpression(condition),
          { ...input, ...doc, with: input },
          this.run.evalOpts,
        );
        return truthy(v) ? input : undefined;
      } catch (e) {
        this.run.host.log({
          level: 'warn',
          message: `breakpoint condition: ${asError(e).message}`,
          runId: this.run.runId,
          stepId: id,
        });
        return input; // a broken condition pauses, so the person sees why
      }
    };
    if (step.foreach === undefined) {
      const input = await check(this.run.doc({ attempt: 1, iteration: 1 }));
      return input && { input };
    }
    const items = await evaluate(
      unwrapExpression(step.foreach),
      this.run.doc({ attempt: 1 }),
      this.run.evalOpts,
    );
    if (!Array.isArray(items)) return undefined; // the foreach itself reports FOREACH_NOT_ARRAY
    for (let index = 0; index < items.length; index++) {
      const input = await check(this.run.doc({ attempt: 1, item: items[index], index }));
      if (this.run.stale(id)) return undefined;
      if (input) return { input, index, item: items[index] ?? null };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // One attempt of a plain step

  private async attempt(id: string, step: Step, attempt: number, recovered: boolean): Promise<void> {
    const iteration = this.run.progress(id).iteration ?? 1;
    const doc = this.run.doc({ attempt, iteration });
    let input: Record<string, unknown>;
    try {
      input = this.overrides.get(id) ?? (await this.run.resolveWith(step, doc));
    } catch (e) {
      if (this.run.stale(id)) return;
      this.run.emit('step.started', id, { attempt, iteration });
      return this.owner.failStep(id, asError(e));
    }
    if (this.run.stale(id)) return;
    if (SUSPENDING_BUILTINS.has(step.uses)) return this.suspend(id, step, attempt, input);
    const isBlock = !ENGINE_BUILTINS.has(step.uses);
    const free = isBlock ? await this.run.host.acquireStepSlot() : undefined;
    try {
      if (this.run.stale(id) || this.run.halted) return;
      this.run.emit('step.started', id, {
        attempt,
        input,
        ...(step.repeat && { iteration }),
        ...(recovered && { recovered: true }),
      });
      const result = isBlock
        ? await callBlock(this.run, step, { id, input, attempt, key: id })
        : checkResult(await runBuiltin(step.uses, input, doc, this.run.evalOpts));
      if (result.ok) this.run.deriveOutput(id, result.output);
      if (this.run.stale(id)) return;
      await this.afterAttempt(id, step, attempt, result);
    } finally {
      free?.();
    }
  }

  private async afterAttempt(id: string, step: Step, attempt: number, result: BlockResult): Promise<void> {
    if (!result.ok) {
      const policy = step.retry ?? this.run.wf.defaults.retry;
      if (policy && shouldRetry({ policy, attempt, error: result.error, failing: this.owner.failing })) {
        const retryAt = this.run.now + retryDelay(policy, attempt, this.run.host.random);
        this.run.emit('step.attempt.failed', id, { attempt, error: result.error, retryAt });
        this.run.armTimer(id, retryAt, () => this.launch(id, { passed: true, attempt: attempt + 1 }));
        return;
      }
      return this.owner.failStep(id, result.error);
    }
    if (step.repeat) {
      const iteration = this.run.progress(id).iteration ?? 1;
      const doc = this.run.doc({ attempt, iteration, output: result.output });
      const done = truthy(await evaluate(unwrapExpression(step.repeat.until), doc, this.run.evalOpts));
      if (this.run.stale(id)) return;
      if (!done) {
        if (iteration >= step.repeat.max) {
          return this.owner.failStep(id, {
            code: 'REPEAT_LIMIT',
            message: `step "${id}" repeated ${step.repeat.max} times and "until" never became true`,
          });
        }
        const wakeAt = this.run.now + (step.repeat.delayMs ?? 0);
        this.run.emit('step.waiting', id, {
          reason: 'repeat',
          wakeAt,
          iteration: iteration + 1,
          output: result.output,
        });
        this.run.armTimer(id, wakeAt, () => this.launch(id, { passed: true, attempt: 1 }));
        return;
      }
    }
    this.succeed(id, result.output, result.port, attempt);
  }

  /** `wait`, `approval`, `workflow`: the step parks WAITING until a timer, a decision or a child run. */
  private async suspend(
    id: string,
    step: Step,
    attempt: number,
    input: Record<string, unknown>,
  ): Promise<void> {
    const started = (): void => this.run.emit('step.started', id, { attempt, input });
    // dsl-v1 §5: `timeout` is per attempt for every kind of step, `wait` and `approval` included.
    const limit = step.timeoutMs ?? this.run.wf.defaults.timeoutMs;
    const timeoutAt = limit === undefined ? undefined : this.run.now + limit;
    switch (step.uses) {
      case 'wait': {
        const ms = parseRuntimeDuration(input.duration);
        const until = typeof input.until === 'string' ? Date.parse(input.until) : NaN;
        const endAt = input.duration !== undefined ? (ms === undefined ? NaN : this.run.now + ms) : until;
        started();
        if (!Number.isFinite(endAt)) {
          return this.owner.failStep(id, {
            code: 'INVALID_INPUT',
            message: 'wait needs `duration` (e.g. 30s) or `until` (an ISO time)',
          });
        }
        const timesOut = timeoutAt !== undefined && timeoutAt < endAt;
        const wakeAt = timesOut ? timeoutAt : endAt;
        this.run.emit('step.waiting', id, { reason: 'wait', wakeAt, ...(timesOut && { timeoutAt }) });
        this.run.armTimer(id, wakeAt, () => this.wakeFromWait(id));
        return;
      }
      case 'approval': {
        started();
        const approvers = Array.isArray(input.approvers) ? input.approvers.map(String) : undefined;
        this.run.emit('step.waiting', id, {
          reason: 'approval',
          message: String(input.message ?? ''),
          ...(approvers && { approvers }),
          ...(timeoutAt !== undefined && { wakeAt: timeoutAt, timeoutAt }),
        });
        if (timeoutAt !== undefined) this.run.armTimer(id, timeoutAt, () => this.wakeFromWait(id));
        return;
      }
      case 'workflow': {
        if (typeof input.id !== 'string') {
          started();
          return this.owner.failStep(id, {
            code: 'INVALID_INPUT',
            message: 'workflow step needs `with.id` (a workflow id)',
          });
        }
        await this.run.commits.stored; // no child of a run that is not stored yet
        const child = await this.run.host.startChild({
          workflowId: input.id,
          inputs: input.inputs ?? {},
          parent: { runId: this.run.runId, stepId: id },
          idempotencyKey: `${this.run.runId}:${id}:${attempt}`,
        });
        if (this.run.stale(id)) {
          // The run moved on (cancelled, failing) while the child was being created: do not orphan it.
          if (child.ok)
            void this.run.host
              .sendCommand(child.runId, { type: 'cancel', by: 'parent run' })
              .catch(() => undefined);
          return;
        }
        started();
        if (!child.ok) return this.owner.failStep(id, { code: child.code, message: child.message });
        this.run.emit('step.waiting', id, {
          reason: 'child',
          childRunId: child.runId,
          ...(timeoutAt !== undefined && { wakeAt: timeoutAt, timeoutAt }),
        });
        if (timeoutAt !== undefined) this.run.armTimer(id, timeoutAt, () => this.wakeFromWait(id));
        return;
      }
    }
  }

  /** The timer of a suspended step fired: its wait ended, or its `timeout` did first. */
  wakeFromWait(id: string): void {
    const rec = this.run.rec(id);
    if (this.run.stale(id) || rec.status !== 'WAITING') return;
    const timeoutAt = this.run.progress(id).timeoutAt;
    if (timeoutAt !== undefined && rec.waitReason !== 'retry' && rec.waitReason !== 'repeat') {
      const step = this.run.def(id);
      const ms = step.timeoutMs ?? this.run.wf.defaults.timeoutMs ?? 0;
      const what =
        rec.waitReason === 'approval'
          ? 'no decision'
          : rec.waitReason === 'child'
            ? 'the child run'
            : 'the wait';
      void this.afterAttempt(id, step, Math.max(1, rec.attempts), {
        ok: false,
        error: {
          code: 'TIMEOUT',
          message: `step "${id}" timed out after ${ms} ms (${what} outlasted its timeout)`,
        },
      }).finally(() => {
        this.owner.stepEnded(id);
        this.run.commits.schedule();
      });
      return;
    }
    if (rec.waitReason !== 'wait') return;
    this.succeed(
      id,
      { waitedUntil: new Date(this.run.rec(id).wakeAt ?? this.run.now).toISOString() },
      undefined,
      this.run.rec(id).attempts,
    );
    this.owner.stepEnded(id);
  }

  // -------------------------------------------------------------------------------------------
  // foreach

  private async runForeach(id: string, step: Step, recovered: boolean): Promise<void> {
    let items: unknown[];
    let finished: readonly number[] = [];
    if (recovered && this.run.progress(id).items) {
      items = this.run.progress(id).items as unknown[];
      finished = this.run.progress(id).finished ?? [];
    } else {
      const v = await evaluate(
        unwrapExpression(step.foreach as string),
        this.run.doc({ attempt: 1 }),
        this.run.evalOpts,
      );
      if (this.run.stale(id)) return;
      this.run.deriveSecrets(step.foreach, v);
      this.run.emit('step.started', id, { attempt: 1, items: Array.isArray(v) ? v : [], input: v ?? null });
      if (!Array.isArray(v)) {
        const got = v === null || v === undefined ? 'nothing' : typeof v;
        return this.owner.failStep(id, {
          code: 'FOREACH_NOT_ARRAY',
          message: `foreach of step "${id}" gave ${got}, not an array`,
        });
      }
      items = v;
    }
    if (SUSPENDING_BUILTINS.has(step.uses)) {
      return this.owner.failStep(id, {
        code: 'BLOCK_ERROR',
        message: `foreach is not supported with uses: ${step.uses}`,
      });
    }
    const results: unknown[] = [...((this.run.progress(id).results ?? []) as unknown[])];
    const { queue, width } = itemPlan(items.length, finished, step.concurrency);
    let failure: StepError | undefined;
    let maxAttempts = this.run.rec(id).attempts;
    const worker = async (): Promise<void> => {
      while (queue.length > 0 && !failure && !this.run.stale(id) && !this.owner.failing) {
        const index = queue.shift() as number;
        const r = await this.runItem(id, step, index, items[index]);
        if (this.run.stale(id) || !r) return;
        if (!r.ok) {
          failure ??= { code: r.error.code, message: `item ${index}: ${r.error.message}` };
          return;
        }
        results[index] = r.output;
        maxAttempts = Math.max(maxAttempts, r.attempts);
        this.run.emit('step.item.finished', id, {
          index,
          output: r.output,
          attempts: r.attempts,
          ...(r.input !== undefined && { input: r.input }),
        });
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    if (this.run.stale(id)) return;
    if (failure) {
      this.run.abortStep(id);
      this.run.cancelTimersOf(id);
      return this.owner.failStep(id, failure);
    }
    this.succeed(id, results, undefined, Math.max(1, maxAttempts));
  }

  private async runItem(
    id: string,
    step: Step,
    index: number,
    item: unknown,
  ): Promise<
    | { ok: true; output: unknown; attempts: number; input?: Record<string, unknown> }
    | { ok: false; error: StepError }
    | undefined
  > {
    const policy = step.retry ?? this.run.wf.defaults.retry;
    for (let attempt = 1; ; attempt++) {
      const doc = this.run.doc({ item, index, attempt });
      let result: BlockResult;
      // The item's resolved input, recorded with its outcome (the studio's per-iteration view).
      let input: Record<string, unknown> | undefined;
      try {
        const edited = this.run.progress(id).pauseIndex === index ? this.overrides.get(id) : undefined;
        input = edited ?? (await this.run.resolveWith(step, doc));
        if (ENGINE_BUILTINS.has(step.uses)) {
          result = checkResult(await runBuiltin(step.uses, input, doc, this.run.evalOpts));
          if (result.ok) this.run.deriveOutput(id, result.output);
        } else {
          const free = await this.run.host.acquireStepSlot();
          try {
            if (this.run.stale(id)) return undefined;
            result = await callBlock(this.run, step, { id, input, attempt, key: `${id}#${index}`, index });
          } finally {
            free();
          }
        }
      } catch (e) {
        result = { ok: false, error: asError(e) };
      }
      if (this.run.stale(id)) return undefined;
      const seen = input === undefined ? {} : { input };
      if (result.ok) return { ok: true, output: result.output, attempts: attempt, ...seen };
      if (!policy || !shouldRetry({ policy, attempt, error: result.error, failing: this.owner.failing })) {
        // The item's last attempt: recorded with its index (no retryAt), so a view can tell which item failed.
        this.run.emit('step.attempt.failed', id, { attempt, error: result.error, index, ...seen });
        return result;
      }
      const retryAt = this.run.now + retryDelay(policy, attempt, this.run.host.random);
      this.run.emit('step.attempt.failed', id, { attempt, error: result.error, retryAt, index, ...seen });
      const woke = await new Promise<boolean>((resolve) => {
        this.run.armTimer(`${id}#${index}`, retryAt, () => resolve(true));
      });
      if (!woke || this.run.stale(id)) return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Endings

  succeed(id: string, output: unknown, port: string | undefined, attempts: number): void {
    this.run.emit('step.succeeded', id, {
      output: output ?? null,
      ...(port !== undefined && { port }),
      attempts,
    });
    this.run.setLiveOutput(id, output);
  }
}
