/**
 * Drives one run while this engine holds its lease: decides which steps are ready (needs, ports,
 * joins, skips), applies failFast/onError, ends the run, and handles commands (cancel, approvals,
 * debugger, child runs) and recovery after a restart or takeover.
 */
import { dict } from '@weft/dsl';
import { EvalError, resolveValue } from './expressions';
import type { RunCommand, StepError, StoredCommand } from './ports';
import { isTerminalStep, TERMINAL_RUN } from './run-state';
import { canEnd, nextSteps, runEnding, runTransition, stepsToCancel } from './scheduler';
import type { RunView } from './scheduler';
import { StepRunner } from './step-runner';
import { STEP_TEST, stepTestOf, upstreamOf } from './step-test';

export class RunController extends StepRunner {
  private failFastOn = false;
  private readonly handled = new Set<number>();
  private commandsAgain = false;

  protected get failing(): boolean {
    return this.failFastOn;
  }

  protected failingItems(): boolean {
    return this.failFastOn;
  }

  /**
   * Take the run up: start it (QUEUED) or resume it from its state (recovery, takeover, wake-up).
   * `fresh`: this engine just created the run, so no command can be waiting for it yet.
   */
  async begin(opts: { fresh: boolean }): Promise<void> {
    try {
      await this.ensureSecrets('$vars', this.wf.vars);
      this.vars = Object.assign(
        dict<unknown>(),
        (await resolveValue(this.wf.vars, this.doc({}), this.evalOpts)) as Record<string, unknown>,
      );
      this.deriveSecrets(this.wf.vars, this.vars);
    } catch (e) {
      if (this.state.status === 'QUEUED') this.emit('run.started', undefined, { steps: this.stepIds });
      const error =
        e instanceof EvalError
          ? { code: e.code, message: `vars: ${e.message}` }
          : { code: 'EXPRESSION_ERROR' as const, message: String(e) };
      this.emit('run.failed', undefined, { error });
      return;
    }
    if (this.dead) return;
    if (this.state.status === 'QUEUED') {
      this.emit('run.started', undefined, { steps: this.stepIds });
      await this.copyFromRetriedRun();
      await this.beginStepTest();
    } else {
      this.recover();
      await this.beginStepTest(); // a step test that stopped before all its steps were decided
    }
    if (!opts.fresh) await this.processCommands();
    this.schedule();
  }

  /** A run made by `Engine.retryFrom`: keep the results of steps not downstream of the chosen one. */
  private async copyFromRetriedRun(): Promise<void> {
    const t = this.state.trigger as { type?: string; runId?: string; fromStepId?: string } | null;
    if (t?.type !== 'retry' || !t.runId || !t.fromStepId) return;
    const again = new Set<string>([t.fromStepId]);
    const work = [t.fromStepId];
    while (work.length > 0) {
      for (const d of this.dependents.get(work.pop() as string) ?? []) {
        if (again.has(d)) continue;
        again.add(d);
        work.push(d);
      }
    }
    const old = await this.host.store.getSteps(t.runId as never);
    for (const rec of old) {
      if (again.has(rec.stepId) || !this.state.steps[rec.stepId]) continue;
      if (rec.status === 'SUCCESS') {
        this.emit('step.succeeded', rec.stepId, {
          output: rec.output ?? null,
          ...(rec.port !== undefined && { port: rec.port }),
          attempts: rec.attempts,
          copiedFrom: t.runId,
        });
      } else if (rec.status === 'SKIPPED')
        this.emit('step.skipped', rec.stepId, { reason: 'copied', copiedFrom: t.runId });
    }
  }

  /**
   * A run made by `Engine.testStep`: copy the results of the tested step's upstream steps from the
   * tested run, skip every other step, and start the tested step (past its `if` and breakpoints) with
   * the edited input. Nothing else runs: its dependents are already SKIPPED when it ends. Only
   * steps still PENDING are touched, so it also completes a step test taken over after a crash.
   */
  private async beginStepTest(): Promise<void> {
    const t = stepTestOf(this.state.trigger);
    if (!t || !this.state.steps[t.stepId]) return;
    const upstream = new Set(upstreamOf(this.wf.steps, t.stepId));
    const old = new Map((await this.host.store.getSteps(t.runId)).map((r) => [r.stepId, r]));
    if (this.dead) return;
    for (const id of this.stepIds) {
      if (id === t.stepId || this.rec(id).status !== 'PENDING') continue;
      const rec = upstream.has(id) ? old.get(id) : undefined;
      const from = { copiedFrom: t.runId };
      if (rec?.status === 'SUCCESS')
        this.emit('step.succeeded', id, {
          output: rec.output ?? null,
          ...(rec.port !== undefined && { port: rec.port }),
          attempts: rec.attempts,
          ...from,
        });
      else if (rec?.status === 'FAILED')
        this.emit('step.failed', id, {
          error: rec.error ?? { code: 'BLOCK_ERROR', message: 'failed' },
          ...from,
        });
      else if (rec?.status === 'CANCELLED')
        this.emit('step.cancelled', id, { ...(rec.error && { error: rec.error }), ...from });
      else this.emit('step.skipped', id, { reason: rec ? 'copied' : STEP_TEST, ...(rec && from) });
    }
    if (this.rec(t.stepId).status === 'PENDING' && !this.busy.has(t.stepId))
      this.launch(t.stepId, { passed: true, attempt: 1, ...(t.input && { input: t.input }) });
  }

  /** Something may have changed in the store (a command, a due timer): look again. */
  wake(): void {
    if (this.dead) return;
    void this.processCommands();
  }

  // -------------------------------------------------------------------------------------------
  // Scheduling (dsl-v1 §6.1-6.5)

  private schedule(candidates?: readonly string[]): void {
    if (this.dead || TERMINAL_RUN.has(this.state.status)) return;
    for (const a of nextSteps(this.schedulerView, candidates ?? this.stepIds)) {
      if (a.type === 'start') this.launch(a.stepId);
      else if (a.type === 'skip') this.emit('step.skipped', a.stepId, { reason: 'needs' });
      else this.emit('step.cancelled', a.stepId, { error: cancelled('the run is failing') });
    }
    this.maybeFinish();
  }

  /** What the scheduler reads: live views of this run's state (no copies). */
  private readonly schedulerView: RunView = ((c: RunController): RunView => ({
    steps: c.state.steps,
    defs: c.stepDefs,
    dependents: c.dependents,
    busy: c.busy,
    get failing() {
      return c.failFastOn;
    },
    get halted() {
      return c.halted;
    },
  }))(this);

  protected stepEnded(id: string): void {
    if (this.dead) return;
    if (isTerminalStep(this.rec(id).status)) this.schedule(this.dependents.get(id) ?? []);
    else this.maybeFinish();
  }

  protected failStep(id: string, error: StepError): void {
    if (this.stale(id)) return;
    this.emit('step.failed', id, { error });
    if (this.def(id).onError === 'fail' && this.wf.failFast) this.startFailFast();
  }

  /** §6.4: no new step starts; everything not running ends CANCELLED; running steps finish. */
  private startFailFast(): void {
    if (this.failFastOn) return;
    this.failFastOn = true;
    for (const id of stepsToCancel(this.state.steps, true))
      this.endWaiting(id, cancelled('the run is failing'));
  }

  /** End a step that is not running (PENDING, WAITING) as CANCELLED, cleaning up what it waits on. */
  private endWaiting(id: string, error: StepError): void {
    const rec = this.rec(id);
    this.cancelTimersOf(id);
    this.abortStep(id);
    const child = (rec.state as { childRunId?: string } | undefined)?.childRunId;
    if (rec.status === 'WAITING' && rec.waitReason === 'child' && child) {
      void this.host.sendCommand(child as never, { type: 'cancel', by: 'parent run' }).catch(() => undefined);
    }
    this.emit('step.cancelled', id, { error });
  }

  private maybeFinish(): void {
    if (this.dead) return;
    const s = this.state;
    if (
      !canEnd({
        status: s.status,
        unfinished: this.unfinished,
        busy: this.busy.size,
        finishing: this.finishing,
      })
    )
      return;
    this.finishing = true;
    void this.finish().finally(() => {
      this.finishing = false;
      this.scheduleFlush();
    });
  }

  private async finish(): Promise<void> {
    const ending = runEnding(this.wf.steps, this.state.steps, stepTestOf(this.state.trigger)?.stepId);
    if (ending.type === 'fail') return this.emit('run.failed', undefined, { error: ending.error });
    if (ending.type === 'succeed') return this.emit('run.succeeded', undefined, { outputs: ending.outputs });
    try {
      await this.ensureSecrets('$outputs', this.wf.outputs);
      const outputs = (await resolveValue(this.wf.outputs, this.doc({}), this.evalOpts)) as Record<
        string,
        unknown
      >;
      this.deriveSecrets(this.wf.outputs, outputs);
      if (!this.dead && !TERMINAL_RUN.has(this.state.status))
        this.emit('run.succeeded', undefined, { outputs });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!this.dead && !TERMINAL_RUN.has(this.state.status)) {
        this.emit('run.failed', undefined, {
          error: { code: 'OUTPUT_ERROR', message: `outputs: ${message}` },
        });
      }
    }
  }

  /** Before each commit: the run is WAITING when nothing runs and something waits (§6 statuses). */
  protected beforeFlush(): void {
    const s = this.state.status;
    if (s !== 'RUNNING' && s !== 'WAITING') return;
    const running = this.busy.size > 0 || this.finishing || this.running > 0;
    const event = runTransition(s, running, this.waiting > 0);
    if (event) this.emit(event, undefined, {});
  }

  /** §6.11 */
  private cancelRun(by: string | undefined): void {
    if (TERMINAL_RUN.has(this.state.status)) return;
    for (const id of stepsToCancel(this.state.steps, false))
      this.endWaiting(id, cancelled('the run was cancelled'));
    this.emit('run.cancelled', undefined, { error: cancelled(by ? `cancelled by ${by}` : 'cancelled') });
    // The whole subtree (dsl-v1 §10): also children whose step was not WAITING on them yet (a start
    // in flight); each child cancels its own children in turn.
    void this.host.store
      .listChildRuns(this.runId)
      .then(async (children) => {
        for (const child of children)
          if (!TERMINAL_RUN.has(child.status))
            await this.host.sendCommand(child.id, { type: 'cancel', by: 'parent run' });
      })
      .catch((e: unknown) =>
        this.host.log({ level: 'warn', message: `cancelling child runs: ${String(e)}`, runId: this.runId }),
      );
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  private async processCommands(): Promise<void> {
    if (this.commandsBusy) {
      this.commandsAgain = true;
      return;
    }
    this.commandsBusy = true;
    try {
      do {
        this.commandsAgain = false;
        const list = await this.host.store.listCommands(this.runId);
        for (const c of list) {
          if (this.dead) return;
          if (this.handled.has(c.id)) continue;
          this.handled.add(c.id);
          await this.handle(c);
          this.acks.push(c.id);
        }
      } while (this.commandsAgain && !this.dead);
    } catch (e) {
      this.host.log({ level: 'error', message: `reading commands failed: ${String(e)}`, runId: this.runId });
    } finally {
      this.commandsBusy = false;
      this.scheduleFlush();
    }
  }

  private async handle(stored: StoredCommand): Promise<void> {
    const c: RunCommand = stored.command;
    if (TERMINAL_RUN.has(this.state.status)) return;
    const rec = 'stepId' in c ? this.state.steps[c.stepId] : undefined;
    switch (c.type) {
      case 'cancel':
        return this.cancelRun(c.by);
      case 'approve':
        if (rec?.status !== 'WAITING' || rec.waitReason !== 'approval')
          return this.ignored(c, 'the step is not waiting for approval');
        this.succeed(
          c.stepId,
          {
            approved: c.approved,
            by: c.by ?? null,
            comment: c.comment ?? null,
            at: new Date(this.now).toISOString(),
          },
          c.approved ? 'approved' : 'rejected',
          rec.attempts,
        );
        return this.stepEnded(c.stepId);
      case 'debug':
        if (rec?.status !== 'WAITING' || rec.waitReason !== 'breakpoint')
          return this.ignored(c, 'the step is not paused');
        this.emit('debug.command', c.stepId, {
          action: c.action,
          ...(c.input !== undefined && { input: c.input }),
          ...(c.action === 'skip' && c.output !== undefined && { output: c.output }),
        });
        if (c.action === 'cancel') return this.cancelRun('the debugger');
        if (c.action === 'skip') {
          // With an output the person typed, the step "ran" and downstream steps see that output.
          if (c.output !== undefined) this.succeed(c.stepId, c.output, undefined, rec.attempts);
          else this.emit('step.skipped', c.stepId, { reason: 'debugger' });
          return this.stepEnded(c.stepId);
        }
        this.launch(c.stepId, {
          passed: true,
          attempt: rec.attempts + 1,
          ...(c.input !== undefined && { input: c.input }),
        });
        return;
      case 'child':
        return this.childEnded(c.stepId, c.childRunId);
      case 'retry':
        return this.ignored(c, 'use Engine.retryFrom, which starts a new run');
    }
  }

  private ignored(c: RunCommand, why: string): void {
    this.host.log({ level: 'warn', message: `command ${c.type} ignored: ${why}`, runId: this.runId });
  }

  private async childEnded(stepId: string, childRunId: string): Promise<void> {
    const rec = this.state.steps[stepId];
    if (rec?.status !== 'WAITING' || rec.waitReason !== 'child') return;
    const child = await this.host.store.getRun(childRunId as never);
    if (!child || !TERMINAL_RUN.has(child.status) || this.stale(stepId)) return;
    if (child.status === 'SUCCESS') this.succeed(stepId, child.outputs ?? {}, undefined, rec.attempts);
    else {
      const why = child.error?.message ?? child.status.toLowerCase();
      this.failStep(stepId, {
        code: child.error?.code ?? 'BLOCK_ERROR',
        message: `child run ${childRunId} ${child.status}: ${why}`,
      });
    }
    this.stepEnded(stepId);
  }

  // -------------------------------------------------------------------------------------------
  // Recovery (§6.10)

  private recover(): void {
    for (const rec of Object.values(this.state.steps)) {
      const id = rec.stepId;
      if (rec.status === 'RUNNING') {
        // At-least-once: the attempt that was running is made again with the same number, so the
        // block sees the same idempotency key.
        const p = this.progress(id);
        const test = stepTestOf(this.state.trigger);
        const input =
          test?.stepId === id
            ? test.input
            : p.passed && rec.input && typeof rec.input === 'object'
              ? (rec.input as Record<string, unknown>)
              : undefined;
        this.launch(id, {
          passed: true,
          recovered: true,
          attempt: Math.max(1, rec.attempts),
          ...(input && { input }),
        });
      } else if (rec.status === 'WAITING') {
        const at = rec.wakeAt ?? this.now;
        switch (rec.waitReason) {
          case 'retry':
            this.armTimer(id, at, () => this.launch(id, { passed: true, attempt: rec.attempts + 1 }));
            break;
          case 'repeat':
            this.armTimer(id, at, () => this.launch(id, { passed: true, attempt: 1 }));
            break;
          case 'wait':
            this.armTimer(id, at, () => this.wakeFromWait(id));
            break;
          case 'child': {
            const child = this.progress(id).childRunId;
            if (child) void this.childEnded(id, child);
            if (rec.wakeAt !== undefined) this.armTimer(id, at, () => this.wakeFromWait(id));
            break;
          }
          case 'approval':
            if (rec.wakeAt !== undefined) this.armTimer(id, at, () => this.wakeFromWait(id));
            break;
          case 'breakpoint':
          case undefined:
            break;
        }
      }
    }
  }
}

function cancelled(message: string): StepError {
  return { code: 'CANCELLED', message };
}
