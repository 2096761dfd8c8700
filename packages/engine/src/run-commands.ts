/**
 * A run's commands (cancel, approvals, the debugger, child runs ending), read from the store in order
 * and each handled once; what they decide goes back to the controller that owns the run.
 */
import type { RunCommand, StepError, StoredCommand } from './ports';
import type { RunContext } from './run-context';
import { TERMINAL_RUN } from './run-state';
import type { StepAttempts } from './step-attempt';

/** What handling a command asks of the run's controller. */
export interface CommandOwner {
  cancelRun(by: string | undefined): void;
  stepEnded(id: string): void;
  failStep(id: string, error: StepError): void;
}

export class RunCommands {
  /** Reading and handling commands now (the run is not quiet while it is). */
  busy = false;
  private again = false;
  private readonly handled = new Set<number>();

  constructor(
    private readonly run: RunContext,
    private readonly steps: StepAttempts,
    private readonly owner: CommandOwner,
  ) {}

  /** Handle every command not handled yet; a call while busy makes the running pass look again. */
  async process(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const list = await this.run.host.store.listCommands(this.run.runId);
        for (const c of list) {
          if (this.run.dead) return;
          if (this.handled.has(c.id)) continue;
          this.handled.add(c.id);
          await this.handle(c);
          this.run.commits.ack(c.id);
        }
      } while (this.again && !this.run.dead);
    } catch (e) {
      this.run.host.log({
        level: 'error',
        message: `reading commands failed: ${String(e)}`,
        runId: this.run.runId,
      });
    } finally {
      this.busy = false;
      this.run.commits.schedule();
    }
  }

  private async handle(stored: StoredCommand): Promise<void> {
    const c: RunCommand = stored.command;
    if (TERMINAL_RUN.has(this.run.state.status)) return;
    const rec = 'stepId' in c ? this.run.state.steps[c.stepId] : undefined;
    switch (c.type) {
      case 'cancel':
        return this.owner.cancelRun(c.by);
      case 'approve':
        if (rec?.status !== 'WAITING' || rec.waitReason !== 'approval')
          return this.ignored(c, 'the step is not waiting for approval');
        this.steps.succeed(
          c.stepId,
          {
            approved: c.approved,
            by: c.by ?? null,
            comment: c.comment ?? null,
            at: new Date(this.run.now).toISOString(),
          },
          c.approved ? 'approved' : 'rejected',
          rec.attempts,
        );
        return this.owner.stepEnded(c.stepId);
      case 'debug':
        if (rec?.status !== 'WAITING' || rec.waitReason !== 'breakpoint')
          return this.ignored(c, 'the step is not paused');
        this.run.emit('debug.command', c.stepId, {
          action: c.action,
          ...(c.input !== undefined && { input: c.input }),
          ...(c.action === 'skip' && c.output !== undefined && { output: c.output }),
        });
        if (c.action === 'cancel') return this.owner.cancelRun('the debugger');
        if (c.action === 'skip') {
          // With an output the person typed, the step "ran" and downstream steps see that output.
          if (c.output !== undefined) this.steps.succeed(c.stepId, c.output, undefined, rec.attempts);
          else this.run.emit('step.skipped', c.stepId, { reason: 'debugger' });
          return this.owner.stepEnded(c.stepId);
        }
        this.steps.launch(c.stepId, {
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
    this.run.host.log({ level: 'warn', message: `command ${c.type} ignored: ${why}`, runId: this.run.runId });
  }

  async childEnded(stepId: string, childRunId: string): Promise<void> {
    const rec = this.run.state.steps[stepId];
    if (rec?.status !== 'WAITING' || rec.waitReason !== 'child') return;
    const child = await this.run.host.store.getRun(childRunId as never);
    if (!child || !TERMINAL_RUN.has(child.status) || this.run.stale(stepId)) return;
    if (child.status === 'SUCCESS') this.steps.succeed(stepId, child.outputs ?? {}, undefined, rec.attempts);
    else {
      const why = child.error?.message ?? child.status.toLowerCase();
      this.owner.failStep(stepId, {
        code: child.error?.code ?? 'BLOCK_ERROR',
        message: `child run ${childRunId} ${child.status}: ${why}`,
      });
    }
    this.owner.stepEnded(stepId);
  }
}
