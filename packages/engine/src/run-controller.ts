/**
 * Drives one run while this engine holds its lease. A thin wiring of parts: the run's context
 * (state, events, expressions, timers), the commit batcher (one store commit per turn), the step
 * attempts, the run's commands (run-commands.ts) and the pure scheduler whose decisions it applies;
 * recovery after a restart or takeover is run-takeover.ts.
 */
import { dict } from '@weft/dsl';
import { EvalError, resolveValue } from './expressions';
import type { NewRun, StepError } from './ports';
import { isTerminalStep, TERMINAL_RUN } from './run-state';
import { canEnd, nextSteps, runEnding, runTransition, stepsToCancel } from './scheduler';
import type { RunView } from './scheduler';
import type { EngineHost, LoadedWorkflow } from './host';
import { RunCommands } from './run-commands';
import type { CommandOwner } from './run-commands';
import { RunContext } from './run-context';
import type { RunState } from './run-state';
import { StepAttempts } from './step-attempt';
import type { StepOwner } from './step-attempt';
import { stepTestOf } from './step-test';
import { beginStepTest, copyFromRetriedRun, recover } from './run-takeover';

export class RunController implements StepOwner, CommandOwner {
  private readonly run: RunContext;
  private readonly steps: StepAttempts;
  private failFastOn = false;
  private readonly commands: RunCommands;
  private finishing = false;
  private quiet: (() => void)[] = [];

  constructor(host: EngineHost, loaded: LoadedWorkflow, state: RunState) {
    this.run = new RunContext(host, loaded, state, {
      beforeCommit: () => this.beforeCommit(),
      committed: () => this.committed(),
      failed: (lost, err) => this.commitFailed(lost, err),
    });
    this.steps = new StepAttempts(this.run, this);
    this.commands = new RunCommands(this.run, this.steps, this);
    this.schedulerView = new SchedulerView(this.run, this);
  }

  get state(): RunState {
    return this.run.state;
  }

  get runId(): RunState['runId'] {
    return this.run.runId;
  }

  get failing(): boolean {
    return this.failFastOn;
  }

  /**
   * Take the run up: start it (QUEUED) or resume it from its state (recovery, takeover, wake-up).
   * `fresh`: this engine just created the run, so no command can be waiting for it yet.
   */
  async begin(opts: { fresh: boolean }): Promise<void> {
    try {
      await this.run.ensureSecrets('$vars', this.run.wf.vars);
      this.run.vars = Object.assign(
        dict<unknown>(),
        (await resolveValue(this.run.wf.vars, this.run.doc({}), this.run.evalOpts)) as Record<
          string,
          unknown
        >,
      );
      this.run.deriveSecrets(this.run.wf.vars, this.run.vars);
    } catch (e) {
      if (this.run.state.status === 'QUEUED')
        this.run.emit('run.started', undefined, { steps: this.run.stepIds });
      const error =
        e instanceof EvalError
          ? { code: e.code, message: `vars: ${e.message}` }
          : { code: 'EXPRESSION_ERROR' as const, message: String(e) };
      this.run.emit('run.failed', undefined, { error });
      return;
    }
    if (this.run.dead) return;
    if (this.run.state.status === 'QUEUED') {
      this.run.emit('run.started', undefined, { steps: this.run.stepIds });
      await copyFromRetriedRun(this.run);
      await beginStepTest(this.run, this.steps);
    } else {
      recover(this.run, this.steps, (id, child) => void this.commands.childEnded(id, child));
      await beginStepTest(this.run, this.steps); // a step test that stopped before all its steps were decided
    }
    if (!opts.fresh) await this.commands.process();
    this.schedule();
  }

  /**
   * The run's first commit creates it (this engine started it and has not written it yet): resolves
   * once it is stored, with whatever its first turn did.
   */
  createWithFirstCommit(run: NewRun): Promise<void> {
    return this.run.commits.createWithFirstCommit(run);
  }

  /** The store knows the run: false while the commit that creates it is pending (nothing to renew yet). */
  get inStore(): boolean {
    return this.run.commits.inStore;
  }

  /** Something may have changed in the store (a command, a due timer): look again. */
  wake(): void {
    if (this.run.dead) return;
    void this.commands.process();
  }

  // -------------------------------------------------------------------------------------------
  // Scheduling (dsl-v1 §6.1-6.5)

  private schedule(candidates?: readonly string[]): void {
    if (this.run.dead || TERMINAL_RUN.has(this.run.state.status)) return;
    for (const a of nextSteps(this.schedulerView, candidates ?? this.run.stepIds)) {
      if (a.type === 'start') this.steps.launch(a.stepId);
      else if (a.type === 'skip') this.run.emit('step.skipped', a.stepId, { reason: 'needs' });
      else this.run.emit('step.cancelled', a.stepId, { error: cancelled('the run is failing') });
    }
    this.maybeFinish();
  }

  /** What the scheduler reads: live views of this run's state (no copies). */
  private readonly schedulerView: RunView;

  /** Steps that ended while `stepEnded` was deciding what follows another (see there). */
  private ended: string[] = [];
  private deciding = false;

  /**
   * A step ended: start, skip or cancel what follows. A step that runs to its end at once (a built-in,
   * `StepAttempts.runNow`) ends inside this call: it is queued and decided by the same loop, so a long
   * chain of them is a loop here, not a recursion.
   */
  stepEnded(id: string): void {
    this.ended.push(id);
    if (this.deciding) return;
    this.deciding = true;
    try {
      for (let i = 0; i < this.ended.length; i++) {
        if (this.run.dead) break;
        const next = this.ended[i] as string;
        if (isTerminalStep(this.run.rec(next).status)) this.schedule(this.run.dependents.get(next) ?? []);
        else this.maybeFinish();
      }
    } finally {
      this.ended = [];
      this.deciding = false;
    }
  }

  failStep(id: string, error: StepError): void {
    if (this.run.stale(id)) return;
    this.run.emit('step.failed', id, { error });
    if (this.run.def(id).onError === 'fail' && this.run.wf.failFast) this.startFailFast();
  }

  /** §6.4: no new step starts; everything not running ends CANCELLED; running steps finish. */
  private startFailFast(): void {
    if (this.failFastOn) return;
    this.failFastOn = true;
    for (const id of stepsToCancel(this.run.state.steps, true))
      this.endWaiting(id, cancelled('the run is failing'));
  }

  /** End a step that is not running (PENDING, WAITING) as CANCELLED, cleaning up what it waits on. */
  private endWaiting(id: string, error: StepError): void {
    const rec = this.run.rec(id);
    this.run.cancelTimersOf(id);
    this.run.abortStep(id);
    const child = (rec.state as { childRunId?: string } | undefined)?.childRunId;
    if (rec.status === 'WAITING' && rec.waitReason === 'child' && child) {
      void this.run.host
        .sendCommand(child as never, { type: 'cancel', by: 'parent run' })
        .catch(() => undefined);
    }
    this.run.emit('step.cancelled', id, { error });
  }

  private maybeFinish(): void {
    if (this.run.dead) return;
    const s = this.run.state;
    if (
      !canEnd({
        status: s.status,
        unfinished: this.run.unfinished,
        busy: this.run.busy.size,
        finishing: this.finishing,
      })
    )
      return;
    this.finishing = true;
    void this.finish().finally(() => {
      this.finishing = false;
      this.run.commits.schedule();
    });
  }

  private async finish(): Promise<void> {
    const ending = runEnding(
      this.run.wf.steps,
      this.run.state.steps,
      stepTestOf(this.run.state.trigger)?.stepId,
    );
    if (ending.type === 'fail') return this.run.emit('run.failed', undefined, { error: ending.error });
    if (ending.type === 'succeed')
      return this.run.emit('run.succeeded', undefined, { outputs: ending.outputs });
    try {
      await this.run.ensureSecrets('$outputs', this.run.wf.outputs);
      const outputs = (await resolveValue(
        this.run.wf.outputs,
        this.run.doc({}),
        this.run.evalOpts,
      )) as Record<string, unknown>;
      this.run.deriveSecrets(this.run.wf.outputs, outputs);
      if (!this.run.dead && !TERMINAL_RUN.has(this.run.state.status))
        this.run.emit('run.succeeded', undefined, { outputs });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!this.run.dead && !TERMINAL_RUN.has(this.run.state.status)) {
        this.run.emit('run.failed', undefined, {
          error: { code: 'OUTPUT_ERROR', message: `outputs: ${message}` },
        });
      }
    }
  }

  /** Before each commit: the run is WAITING when nothing runs and something waits (§6 statuses). */
  private beforeCommit(): void {
    const s = this.run.state.status;
    if (s !== 'RUNNING' && s !== 'WAITING') return;
    const running = this.run.busy.size > 0 || this.finishing || this.run.running > 0;
    const event = runTransition(s, running, this.run.waiting > 0);
    if (event) this.run.emit(event, undefined, {});
  }

  private committed(): void {
    const run = this.run;
    if (run.dead) return;
    if (!run.commits.released) this.beforeCommit(); // steps may have ended while the commit was in flight
    if (run.commits.pending) return run.commits.schedule();
    if (TERMINAL_RUN.has(run.state.status)) {
      this.kill();
      run.host.settled(run.runId, run.state, 'ended');
    } else if (this.isQuiet()) {
      this.wakeQuietWaiters();
      if (run.state.status === 'WAITING' || run.halted) {
        this.kill();
        run.host.settled(run.runId, run.state, 'idle');
      }
    }
  }

  private commitFailed(lost: boolean, err: unknown): void {
    const run = this.run;
    this.kill();
    run.host.log({
      level: lost ? 'warn' : 'error',
      message: lost ? 'lease lost; another engine owns the run now' : `commit failed: ${String(err)}`,
      runId: run.runId,
    });
    run.host.settled(run.runId, run.state, lost ? 'lost' : 'broken');
  }

  /** Nothing in flight: no step work, no commit, no command being handled. */
  private isQuiet(): boolean {
    return this.run.busy.size === 0 && !this.run.commits.busy && !this.commands.busy && !this.finishing;
  }

  private wakeQuietWaiters(): void {
    const waiters = this.quiet;
    this.quiet = [];
    for (const w of waiters) w();
  }

  /** Draining stop: start nothing new; in-flight work finishes and is committed. */
  halt(): void {
    this.run.halted = true;
    this.run.commits.schedule();
  }

  /** Resolves once nothing is in flight (for a draining stop). */
  whenQuiet(): Promise<void> {
    if (this.run.dead || this.isQuiet()) return Promise.resolve();
    return new Promise((r) => this.quiet.push(r));
  }

  /** Forget the run here: cancel local timers and abort block calls (their results are ignored). */
  kill(): void {
    this.run.kill();
    this.wakeQuietWaiters();
  }

  /** §6.11 */
  cancelRun(by: string | undefined): void {
    if (TERMINAL_RUN.has(this.run.state.status)) return;
    for (const id of stepsToCancel(this.run.state.steps, false))
      this.endWaiting(id, cancelled('the run was cancelled'));
    this.run.emit('run.cancelled', undefined, { error: cancelled(by ? `cancelled by ${by}` : 'cancelled') });
    // The whole subtree (dsl-v1 §10): also children whose step was not WAITING on them yet (a start
    // in flight); each child cancels its own children in turn.
    void this.run.host.store
      .listChildRuns(this.run.runId)
      .then(async (children) => {
        for (const child of children)
          if (!TERMINAL_RUN.has(child.status))
            await this.run.host.sendCommand(child.id, { type: 'cancel', by: 'parent run' });
      })
      .catch((e: unknown) =>
        this.run.host.log({
          level: 'warn',
          message: `cancelling child runs: ${String(e)}`,
          runId: this.run.runId,
        }),
      );
  }
}

function cancelled(message: string): StepError {
  return { code: 'CANCELLED', message };
}

/**
 * The scheduler's view of a run: live (getters), so it is built once per controller.
 *
 * A class, not an object literal with `get` accessors: V8 gives each such literal a hidden class of
 * its own (the accessors are new closures every time), which young collections keep alive — with
 * the closures and the whole run they capture. Every run was then promoted to the old generation
 * (~4–5 KB a webhook run) and only freed by a full collection (docs/server.md, "Garbage").
 */
class SchedulerView implements RunView {
  readonly steps: RunView['steps'];
  readonly defs: RunView['defs'];
  readonly dependents: RunView['dependents'];
  readonly busy: RunView['busy'];

  constructor(
    private readonly run: RunContext,
    private readonly owner: StepOwner,
  ) {
    this.steps = run.state.steps;
    this.defs = run.stepDefs;
    this.dependents = run.dependents;
    this.busy = run.busy;
  }

  get failing(): boolean {
    return this.owner.failing;
  }

  get halted(): boolean {
    return this.run.halted;
  }
}
