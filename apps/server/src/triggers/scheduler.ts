/**
 * Cron and interval triggers. Each tick has an identity (its scheduled time); `claimTick` in the
 * store lets exactly one process, once, start a run for it — so several processes and restarts never
 * fire a tick twice. A tick missed while every process was down fires once at start (only the latest
 * missed one). Disabled workflows fire nothing. Workflows are re-read when a version is saved here and
 * every `syncMs` (saves made through another process); a save that leaves the triggers as they were
 * (layout-only, or a step change) re-arms nothing. All time — now, the tick timers, the sync loop —
 * goes through the injected `Clock` (the engine's port), so tests drive it with the fake clock.
 *
 * A paused trigger (`trigger_pauses`, set through `triggers.pause`) keeps its timers but its ticks
 * are skipped without being claimed; they do not fire later when it is resumed. The run each tick
 * starts is recorded (`trigger_state.last_run_id`) for the schedules page.
 */
import { Cron } from 'croner';
import { timedTriggers, type ScheduleView, type TimedTrigger } from '@weft/api';
import type { Workflow } from '@weft/dsl';
import type { Clock } from '@weft/engine';
import type { Repositories } from '@weft/store';
import type { Logger } from '../observability/logger';

export interface SchedulerDeps {
  repos: Pick<Repositories, 'workflows' | 'triggers' | 'pauses'>;
  /** Parse a stored version; undefined when it does not validate (then nothing is armed). */
  parse(yaml: string): Workflow | undefined;
  /** Start the run of a tick; resolves with its id. */
  fire(req: {
    workflowId: string;
    trigger: Record<string, unknown>;
    idempotencyKey: string;
  }): Promise<string | undefined>;
  log: Logger;
  /** Time and timers (the server passes the engine's system clock). */
  clock: Clock;
  syncMs?: number;
}

interface Armed {
  version: number;
  rowEnabled: boolean;
  /** JSON of the armed triggers + enabled; a new version with the same shape keeps its timers. */
  shape: string;
  timers: (() => void)[];
  /** The tick each trigger waits for (by trigger key). */
  next: Map<string, number>;
}

export class TriggerScheduler implements ScheduleView {
  private readonly armed = new Map<string, Armed>();
  private stopSync: (() => void) | undefined;
  private stopped = true;
  private syncing: Promise<void> = Promise.resolve();
  /** Ticks firing now (until their run is started and the next tick armed). */
  private readonly inflight = new Set<Promise<void>>();
  /** How many times a workflow's triggers were (re-)armed (tests check a layout-only save re-arms nothing). */
  armCount = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.sync();
    const every = this.deps.syncMs ?? 5000;
    const { clock } = this.deps;
    const loop = (): void => {
      this.stopSync = clock.setTimer(clock.now() + every, () => {
        if (this.stopped) return;
        loop();
        void this.sync();
      });
    };
    if (!this.stopped) loop();
  }

  stop(): void {
    this.stopped = true;
    this.stopSync?.();
    this.stopSync = undefined;
    for (const a of this.armed.values()) for (const t of a.timers) t();
    this.armed.clear();
  }

  /** Resolves once no tick is firing and no sync is running (tests wait for this, not for time). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.inflight, this.syncing];
      await Promise.all(pending);
      if (this.inflight.size === 0 && pending[pending.length - 1] === this.syncing) return;
    }
  }

  /** Which workflows have timers, with their trigger keys (for tests and `/metrics`). */
  armedKeys(): Record<string, number> {
    return Object.fromEntries([...this.armed].map(([id, a]) => [id, a.timers.length]));
  }

  /** The tick a trigger is armed for, if this process armed it. */
  nextTick(workflowId: string, triggerKey: string): number | undefined {
    return this.armed.get(workflowId)?.next.get(triggerKey);
  }

  /** Re-read one workflow now (after a save, enable/disable or delete in this process). */
  async refresh(workflowId: string, opts: { triggersChanged?: boolean } = {}): Promise<void> {
    if (opts.triggersChanged) {
      // A new schedule starts fresh: do not "catch up" ticks of the old one.
      this.disarm(workflowId);
    }
    await this.syncOne(workflowId);
  }

  /** Compare every workflow with what is armed. Serialised so timers are never armed twice. */
  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.syncAll())
      .catch((e: unknown) => this.deps.log.error({ err: e }, 'trigger sync failed'));
    return this.syncing;
  }

  private async syncAll(): Promise<void> {
    if (this.stopped) return;
    const rows = await this.deps.repos.workflows.list();
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const a = this.armed.get(row.id);
      if (a && a.version === row.latestVersion && a.rowEnabled === row.enabled) continue;
      await this.syncOne(row.id);
    }
    for (const id of [...this.armed.keys()]) if (!seen.has(id)) this.disarm(id);
  }

  private async syncOne(workflowId: string): Promise<void> {
    if (this.stopped) return;
    const row = await this.deps.repos.workflows.get(workflowId);
    const latest = row ? await this.deps.repos.workflows.latestWorkflow(workflowId) : undefined;
    if (!row || !latest) return this.disarm(workflowId);
    const wf = this.deps.parse(latest.yaml);
    const enabled = row.enabled && (wf?.enabled ?? false);
    const timed = timedTriggers(wf ?? { triggers: [] });
    const shape = JSON.stringify({ triggers: timed, enabled });
    const current = this.armed.get(workflowId);
    if (current && current.shape === shape) {
      current.version = row.latestVersion;
      current.rowEnabled = row.enabled;
      return;
    }
    this.disarm(workflowId);
    const armed: Armed = {
      version: row.latestVersion,
      rowEnabled: row.enabled,
      shape,
      timers: [],
      next: new Map(),
    };
    this.armed.set(workflowId, armed);
    if (!enabled) return;
    this.armCount++;
    for (const { key, trigger } of timed) {
      const last = await this.deps.repos.triggers.get(workflowId, key);
      armed.timers.push(this.arm({ workflowId, key, t: trigger, next: armed.next }, last?.lastTick));
    }
    if (armed.timers.length > 0)
      this.deps.log.info({ workflowId, triggers: armed.timers.length }, 'triggers armed');
  }

  private disarm(workflowId: string): void {
    const a = this.armed.get(workflowId);
    if (!a) return;
    for (const t of a.timers) t();
    this.armed.delete(workflowId);
  }

  /** Arm one trigger; returns its cancel function. */
  private arm(
    a: { workflowId: string; key: string; t: TimedTrigger; next: Map<string, number> },
    lastTick: number | undefined,
  ): () => void {
    const { workflowId, key, t } = a;
    let cancelled = false;
    let cancelTimer: (() => void) | undefined;
    const { clock } = this.deps;
    const next = nextTickFn(t);
    if (!next) {
      this.deps.log.error({ workflowId, key }, 'trigger has no future tick; not armed');
      return () => undefined;
    }
    const fireAt = (tick: number): void => {
      if (cancelled) return;
      a.next.set(key, tick);
      cancelTimer = clock.setTimer(tick, () => {
        const done = this.tick(workflowId, key, t, tick).finally(() => {
          this.inflight.delete(done);
          const n = next(tick);
          if (n !== undefined) fireAt(n);
        });
        this.inflight.add(done);
      });
    };
    const now = clock.now();
    const missed = lastTick !== undefined ? latestMissed(next, lastTick, now) : undefined;
    if (missed !== undefined) fireAt(missed);
    else {
      const first =
        t.type === 'interval' && lastTick !== undefined
          ? alignInterval(lastTick, t.intervalMs, now)
          : next(now);
      if (first !== undefined) fireAt(first);
    }
    return () => {
      cancelled = true;
      cancelTimer?.();
    };
  }

  private async tick(workflowId: string, key: string, t: TimedTrigger, tick: number): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.deps.repos.pauses.get(workflowId, key)) {
        this.deps.log.info({ workflowId, key }, 'trigger paused; tick skipped');
        return;
      }
      const mine = await this.deps.repos.triggers.claimTick(workflowId, key, tick, this.deps.clock.now());
      if (!mine) return;
      const trigger =
        t.type === 'cron'
          ? { type: 'cron', scheduledAt: new Date(tick).toISOString() }
          : { type: 'interval', scheduledAt: new Date(tick).toISOString() };
      const runId = await this.deps.fire({ workflowId, trigger, idempotencyKey: `${key}@${tick}` });
      if (runId !== undefined) await this.deps.repos.triggers.setLastRun(workflowId, key, tick, runId);
    } catch (e) {
      this.deps.log.error({ workflowId, key, err: e }, 'trigger tick failed to start a run');
    }
  }
}

/** A function giving the first tick strictly after a time. */
function nextTickFn(t: TimedTrigger): ((after: number) => number | undefined) | undefined {
  if (t.type === 'interval') {
    if (!(t.intervalMs > 0)) return undefined;
    return (after) => after + t.intervalMs;
  }
  let cron: Cron;
  try {
    cron = new Cron(t.cron, { ...(t.timezone ? { timezone: t.timezone } : {}), paused: true });
  } catch {
    return undefined;
  }
  return (after) => cron.nextRun(new Date(after))?.getTime();
}

/** The latest tick in (lastTick, now], if any (bounded walk). */
function latestMissed(
  next: (after: number) => number | undefined,
  lastTick: number,
  now: number,
): number | undefined {
  let found: number | undefined;
  let cur = lastTick;
  for (let i = 0; i < 10_000; i++) {
    const n = next(cur);
    if (n === undefined || n > now) break;
    found = n;
    cur = n;
  }
  return found;
}

/** For intervals: keep the phase of the last fired tick (the next one after now). */
function alignInterval(lastTick: number, every: number, now: number): number {
  const k = Math.floor((now - lastTick) / every) + 1;
  return lastTick + k * every;
}
