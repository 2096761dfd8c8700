import type { Turns } from '../ports';
import { settle } from './fake-clock';

/**
 * `Turns` that only move when told to: `turn()` runs what was queued for the next event-loop turn
 * (and what that work queues after its own task), so a test sees exactly what one commit batch holds.
 *
 * @example
 * const turns = new FakeTurns();
 * const engine = new Engine({ store, runner, clock, turns });
 * await engine.startRun({ workflowId: 'wf' });
 * await turns.turn(); // the run's first batch is committed now
 */
export class FakeTurns implements Turns {
  private queued: (() => void)[] = [];

  next(fn: () => void): void {
    this.queued.push(fn);
  }

  afterThisTask(fn: () => void): void {
    queueMicrotask(fn);
  }

  /** The stopwatch of expression time slices stands still: expressions never yield or time out. */
  elapsedMs(): number {
    return 0;
  }

  /** Callbacks waiting for the next turn. */
  get pending(): number {
    return this.queued.length;
  }

  /** Run one turn: everything queued so far, then let the promises it started settle. */
  async turn(): Promise<void> {
    const now = this.queued;
    this.queued = [];
    for (const fn of now) fn();
    await settle();
  }

  /** Run turns until nothing is queued (at most `max`, so a run that never settles fails the test). */
  async drain(max = 1000): Promise<number> {
    let n = 0;
    await settle();
    while (this.queued.length > 0) {
      if (++n > max) throw new Error(`still busy after ${max} turns`);
      await this.turn();
    }
    return n;
  }
}
