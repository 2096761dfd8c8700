/**
 * The retention job (issue 15 item 6): every `intervalMs` it prunes ended runs — with their steps,
 * events and deliveries — older than `maxAgeMs` and/or beyond the newest `keepPerWorkflow` of each
 * workflow. The store's prune never touches a QUEUED, RUNNING or WAITING run (nor a child of one).
 * Off unless a rule is configured. Each pass writes a log line; one that pruned something also leaves
 * an audit entry (actor `system`, action `retention.prune`), and every pass is recorded as the last
 * prune (the studio's settings page shows it). All time goes through the engine's `Clock`, so tests
 * drive the job with the fake clock and wait with `idle()`.
 */
import type { Clock } from '@weft/engine';
import type { PruneRecord, Repositories } from '@weft/store';
import type { Logger } from '../observability/logger';

export interface RetentionPolicy {
  /** Prune ended runs that finished longer ago than this. */
  maxAgeMs?: number;
  /** Keep at most this many ended runs per workflow (the newest). */
  keepPerWorkflow?: number;
  /** Time between two passes. */
  intervalMs: number;
}

export interface RetentionJobDeps {
  repos: Pick<Repositories, 'retention' | 'audit'>;
  clock: Clock;
  log: Logger;
  policy: RetentionPolicy;
}

/** The first pass comes this long after start (or one interval, if shorter), not at once: start stays quick. */
export const FIRST_PASS_DELAY_MS = 60_000;

export class RetentionJob {
  private cancelTimer: (() => void) | undefined;
  private stopped = true;
  private current: Promise<unknown> = Promise.resolve();
  private nextAt: number | undefined;

  constructor(private readonly deps: RetentionJobDeps) {}

  /** True when a rule is set (otherwise `start` arms nothing). */
  get enabled(): boolean {
    const p = this.deps.policy;
    return p.maxAgeMs !== undefined || p.keepPerWorkflow !== undefined;
  }

  get policy(): RetentionPolicy {
    return this.deps.policy;
  }

  /** When the next pass is due (epoch ms), while the job runs. */
  get nextRunAt(): number | undefined {
    return this.nextAt;
  }

  start(): void {
    if (!this.enabled || !this.stopped) return;
    this.stopped = false;
    const { policy, log } = this.deps;
    log.info(
      { maxAgeMs: policy.maxAgeMs, keepPerWorkflow: policy.keepPerWorkflow, intervalMs: policy.intervalMs },
      'retention job on',
    );
    this.arm(Math.min(FIRST_PASS_DELAY_MS, policy.intervalMs));
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.nextAt = undefined;
  }

  /** Resolves when no pass is running (tests wait for this, not for time). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = this.current;
      await pending;
      if (pending === this.current) return;
    }
  }

  /** One pass now (serialised with the timer's passes). Resolves with what it did. */
  runOnce(): Promise<PruneRecord> {
    const pass = this.current.then(() => this.pass());
    this.current = pass.catch(() => undefined);
    return pass;
  }

  private arm(delayMs: number): void {
    const { clock } = this.deps;
    const at = clock.now() + delayMs;
    this.nextAt = at;
    this.cancelTimer = clock.setTimer(at, () => {
      if (this.stopped) return;
      void this.runOnce().finally(() => {
        if (!this.stopped) this.arm(this.deps.policy.intervalMs);
      });
    });
  }

  private async pass(): Promise<PruneRecord> {
    const { repos, clock, log, policy } = this.deps;
    const at = clock.now();
    let record: PruneRecord;
    try {
      const r = await repos.retention.prune({
        ...(policy.maxAgeMs !== undefined && { finishedBefore: at - policy.maxAgeMs }),
        ...(policy.keepPerWorkflow !== undefined && { keepPerWorkflow: policy.keepPerWorkflow }),
      });
      record = { at, source: 'job', runs: r.runs, events: r.events, tookMs: clock.now() - at };
      const rules = { maxAgeMs: policy.maxAgeMs, keepPerWorkflow: policy.keepPerWorkflow };
      if (r.runs > 0) {
        log.info(
          { ...rules, runs: r.runs, events: r.events, tookMs: record.tookMs },
          'retention pruned runs',
        );
        await repos.audit
          .append({
            at,
            actor: 'system',
            action: 'retention.prune',
            outcome: 'ok',
            detail: { ...rules, pruned: r.runs, events: r.events },
          })
          .catch((err: unknown) => log.warn({ err }, 'could not record the prune in the audit log'));
      } else log.debug(rules, 'retention: nothing to prune');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      record = { at, source: 'job', runs: 0, events: 0, tookMs: clock.now() - at, error: message };
      log.error({ err }, 'retention job failed');
    }
    await repos.retention
      .recordLast(record)
      .catch((err: unknown) => log.warn({ err }, 'could not record the last prune'));
    return record;
  }
}
