/**
 * The commit batcher: collects one run's events, the step records they changed and the commands it
 * handled, and commits them through the `Store` port in one transaction per event-loop turn. Commits
 * wait for the end of the current macrotask (`Turns.next`), so everything a run does without real
 * I/O (built-in steps, expressions, scheduling the next steps, ending the run) is one transaction.
 */
import { LeaseLostError } from './ports';
import type { NewRun, RunEvent, RunId, StepRecord, Store, Turns } from './ports';
import type { LogEntry } from './host';
import { TERMINAL_RUN } from './run-state';
import type { RunState, StepProgress } from './run-state';

/** What the batcher needs from its engine. */
export interface CommitDeps {
  readonly store: Store;
  readonly owner: string;
  readonly turns: Turns;
  log(entry: LogEntry): void;
  /** Events committed for a run (for subscribers). */
  published(runId: RunId, events: readonly RunEvent[]): void;
}

/** What the batcher tells the run it commits for. */
export interface CommitHooks {
  /** Just before a batch is taken: the last chance to add events to it (run waiting/resumed). */
  beforeCommit(): void;
  /** A batch was committed (or there was nothing to commit). */
  committed(): void;
  /** The commit failed (`lost`: another engine owns the run now); nothing more can be committed. */
  failed(lost: boolean, error: unknown): void;
}

/** The run fields a commit carries; only those that changed since the last commit are sent. */
const RUN_FIELDS = ['status', 'outputs', 'error', 'startedAt', 'finishedAt', 'wakeAt'] as const;
type RunFields = Pick<RunState, (typeof RUN_FIELDS)[number]>;

export class CommitBatcher {
  private events: RunEvent[] = [];
  private readonly dirty = new Set<string>();
  private acks: number[] = [];
  private flushing = false;
  private queued = false;
  private stopped = false;
  /** Run fields as last committed (undefined until the first commit, which sends them all). */
  private last: RunFields | undefined;
  /** The commit that ended the run gave up the lease: nothing more can be committed. */
  private releasedLease = false;
  /** The run the next commit creates (`Commit.create`), and who waits for it to be stored. */
  private create: { run: NewRun; stored: () => void; failed: (err: unknown) => void } | undefined;
  private storedRun: Promise<void> = Promise.resolve();
  /** The run's creating commit has not been stored yet (the store does not know the run). */
  private unstored = false;

  constructor(
    private readonly deps: CommitDeps,
    private readonly state: RunState,
    private readonly hooks: CommitHooks,
  ) {}

  /** Add an event (already applied to the state) to the next batch. */
  add(e: RunEvent): void {
    this.events.push(e);
  }

  /** A step record changed: its latest version goes with the next batch. */
  touch(stepId: string): void {
    this.dirty.add(stepId);
  }

  /** A command was handled: it is acknowledged with the next batch. */
  ack(commandId: number): void {
    this.acks.push(commandId);
  }

  /** Something waits to be committed. */
  get pending(): boolean {
    return this.events.length > 0 || this.acks.length > 0 || this.create !== undefined;
  }

  /**
   * The run is created by its first commit (`Commit.create`), with whatever its first turn did,
   * instead of by a `createRun` of its own. The promise settles once that commit is stored (or
   * failed, or the run was stopped before it).
   */
  createWithFirstCommit(run: NewRun): Promise<void> {
    this.unstored = true;
    this.storedRun = new Promise<void>((stored, failed) => (this.create = { run, stored, failed }));
    void this.storedRun.then(
      () => (this.unstored = false),
      () => undefined,
    );
    this.storedRun.catch(() => undefined); // whoever needs the run stored awaits `stored` itself
    this.schedule();
    return this.storedRun;
  }

  /** Resolves once the run exists in the store (at once unless its first commit creates it). */
  get stored(): Promise<void> {
    return this.storedRun;
  }

  /** The store knows the run (false until its creating commit is stored, or if it failed). */
  get inStore(): boolean {
    return !this.unstored;
  }

  /** A commit is in flight or events wait for one. */
  get busy(): boolean {
    return this.flushing || this.events.length > 0;
  }

  /** The run ended and its last commit gave the lease up. */
  get released(): boolean {
    return this.releasedLease;
  }

  /** Commit on the next turn (once, however often it is asked). */
  schedule(): void {
    if (this.queued || this.stopped) return;
    this.queued = true;
    this.deps.turns.next(this.onTurn);
  }

  /** Commit nothing more (the run is no longer ours). */
  stop(): void {
    this.stopped = true;
    this.create?.failed(new Error('the run was stopped before it was stored'));
    this.create = undefined;
  }

  private readonly onTurn = (): void => {
    this.queued = false;
    void this.flush();
  };

  /** The run fields that changed since the last commit (all of them the first time). */
  private runPatch(): Partial<RunFields> {
    const s = this.state;
    const prev = this.last;
    const patch: Partial<RunFields> = {};
    for (const k of RUN_FIELDS) if (!prev || prev[k] !== s[k]) (patch as Record<string, unknown>)[k] = s[k];
    this.last = {
      status: s.status,
      outputs: s.outputs,
      error: s.error,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      wakeAt: s.wakeAt,
    };
    return patch;
  }

  /** Commit what accumulated (one batch; more is picked up by the next turn). */
  private async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    try {
      this.hooks.beforeCommit();
      if (this.pending) await this.commit();
    } catch (err) {
      this.stopped = true;
      this.hooks.failed(err instanceof LeaseLostError, err);
      return;
    } finally {
      this.flushing = false;
    }
    this.hooks.committed();
  }

  private async commit(): Promise<void> {
    const { create } = this;
    this.create = undefined;
    try {
      await this.commitBatch(create?.run);
    } catch (err) {
      create?.failed(err);
      throw err;
    }
    create?.stored();
  }

  private async commitBatch(create: NewRun | undefined): Promise<void> {
    const { events, acks } = this;
    const s = this.state;
    const steps: StepRecord[] = [];
    for (const id of this.dirty) steps.push(snapshot(s.steps[id] as StepRecord));
    this.events = [];
    this.acks = [];
    this.dirty.clear();
    const firstSeq = s.lastSeq - events.length + 1;
    const release = TERMINAL_RUN.has(s.status);
    if (release) this.releasedLease = true;
    const lastSeq = await this.deps.store.commit({
      runId: s.runId,
      owner: this.deps.owner,
      run: this.runPatch(),
      steps,
      events,
      ...(acks.length > 0 && { ackCommands: acks }),
      ...(release && { release: true }),
      // The run's state began as its `run.created` and changed only through these events' `applyEvent`.
      ...(create && { create, stepsFromEvents: true }),
    });
    if (events.length === 0) return;
    if (lastSeq !== firstSeq + events.length - 1) {
      this.deps.log({ level: 'warn', message: `event numbering drifted (store ${lastSeq})`, runId: s.runId });
    }
    this.deps.published(s.runId, events);
  }
}

/** A copy of a step record safe to hand to the store while the live one keeps changing. */
function snapshot(rec: StepRecord): StepRecord {
  const out = { ...rec };
  if (rec.state) {
    const p = rec.state as StepProgress;
    out.state = {
      ...p,
      ...(p.results && { results: [...p.results] }),
      ...(p.finished && { finished: [...p.finished] }),
    };
  }
  return out;
}
