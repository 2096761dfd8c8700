/**
 * The Weft engine: owns runs under a lease, drives them with RunControllers, and is the API the
 * server and the CLI call (start, cancel, approve, debug, retry from a step, wait, subscribe).
 */
import type { Result, Workflow } from '@weft/dsl';
import { analyzeExpression, MAX_DATA_DEPTH, nestedDeeperThan, tooDeep, unwrapExpression } from '@weft/dsl';
import { ChurnMap, ChurnSet } from './churn-map';
import { DEFAULT_LIMITS } from './expressions';
import type { EvalLimits } from './expressions';
import type { ChildRequest, ChildResult, EngineHost, LoadedWorkflow, LogEntry } from './host';
import { checkInputs } from './inputs';
import type {
  BlockRunner,
  Clock,
  Ids,
  Turns,
  DebugOptions,
  NewRun,
  RunCommand,
  RunEvent,
  RunId,
  RunRecord,
  RunStatus,
  SecretResolver,
  Store,
  WorkflowResolver,
} from './ports';
import { RunController } from './run-controller';
import { freshRunState, isTerminalStep, newRunRecord, recordOf, replay, TERMINAL_RUN } from './run-state';
import { STEP_TEST, stepTestOf, upstreamOf } from './step-test';
import type { StepTestTrigger } from './step-test';
import type { RunState } from './run-state';
import { Subscriptions } from './subscriptions';
import { systemIds, systemTurns } from './system';

/** The one `Result` of Weft (@weft/dsl), re-exported for engine callers. */
export type { Result };

export interface EngineOptions {
  store: Store;
  runner: BlockRunner;
  clock: Clock;
  secrets?: SecretResolver;
  workflows?: WorkflowResolver;
  /** Unique per engine process (lease owner); default a random id. */
  owner?: string;
  /** How long a claim lasts without renewal (default 30 s). */
  leaseMs?: number;
  /** How often to look for claimable runs, commands from other processes and due timers (default 1 s). */
  pollMs?: number;
  /** Runs this engine drives at once (default 500); more wait QUEUED. */
  maxRunningRuns?: number;
  /** Block calls (BlockRunner) in flight at once across all runs (default 64). */
  maxRunningSteps?: number;
  /** Event-loop turns: commit batching, due timers, expression time slices (default the host's). */
  turns?: Turns;
  /** UUIDs and randomness (default the host's crypto and Math.random): run ids, owner, jitter. */
  ids?: Ids;
  /** Randomness for retry jitter (default `ids.random`). */
  random?: () => number;
  /** Run ids (default a time-ordered UUID, version 7, from the engine's clock and `ids`). */
  newId?: () => string;
  /** Bounds on one expression evaluation. */
  expressionLimits?: EvalLimits;
  /** Deepest nesting of child runs (`uses: workflow`): a root run is depth 0 (default 16, dsl-v1 §10). */
  maxChildDepth?: number;
  logger?: (entry: LogEntry) => void;
}

export interface StartRunRequest {
  workflowId: string;
  /** A stored version (through the WorkflowResolver); default the latest. */
  version?: number;
  /** Run this workflow object instead of resolving one (the CLI); `version` defaults to 0. */
  workflow?: Workflow;
  inputs?: Record<string, unknown>;
  trigger?: unknown;
  idempotencyKey?: string;
  debug?: DebugOptions;
  parent?: { runId: RunId; stepId: string };
}

export interface StartRunError {
  code: 'INVALID_INPUT' | 'WORKFLOW_NOT_FOUND';
  message: string;
}

export type DebugAction = 'continue' | 'step' | 'skip' | 'cancel';

export class Engine {
  private readonly o: Required<Omit<EngineOptions, 'secrets' | 'workflows' | 'logger'>> & EngineOptions;
  // Registries of runs in flight: ChurnMap, not Map (a long-lived Map's retired tables keep each
  // run alive until a full GC: churn-map.ts).
  private readonly controllers = new ChurnMap<RunId, RunController>();
  private readonly inline = new ChurnMap<RunId, LoadedWorkflow>();
  private readonly subs: Subscriptions;
  private readonly runWaiters = new ChurnMap<RunId, ((r: RunRecord) => void)[]>();
  /**
   * Runs that ended here, kept until the next turn: a run that ends in the commit that creates it is
   * done before `startRun` returns, and a sync webhook's `waitForRun` comes right after.
   */
  private readonly justEnded = new ChurnMap<RunId, RunRecord>();
  private justEndedSweep = false;
  private readonly wakeTimers = new Map<RunId, () => void>();
  private running = false;
  private claiming = false;
  private claimAgain = false;
  /** A claim may find work: a run was created without being adopted, or the last claim was full. */
  private claimable = false;
  /**
   * The first claim after `start()` has not finished: it takes back every run leased to this owner
   * (a previous process with the same instance id was killed), and no run is adopted on the fast
   * path before it, so one run never gets two controllers.
   */
  private reclaiming = false;
  /** Run slots promised to `startRun` calls whose `createRun` is in flight (local fast path). */
  private reserved = 0;
  /** Claims, adoptions and fast-path starts in flight; a draining stop waits for them. */
  private readonly inflight = new ChurnSet<Promise<unknown>>();
  private stopTimers: (() => void)[] = [];
  private stepSlots = 0;
  private readonly slotQueue: (() => void)[] = [];
  private readonly host: EngineHost;

  constructor(options: EngineOptions) {
    const ids = options.ids ?? systemIds;
    this.o = {
      owner: `engine-${ids.uuid()}`,
      leaseMs: 30_000,
      pollMs: 1_000,
      maxRunningRuns: 500,
      maxRunningSteps: 64,
      turns: systemTurns,
      ids,
      random: () => ids.random(),
      newId: () => timeOrderedId(options.clock.now(), ids.uuid()),
      expressionLimits: DEFAULT_LIMITS,
      maxChildDepth: 16,
      ...options,
    };
    this.subs = new Subscriptions(this.o.store);
    const o = this.o;
    this.host = {
      store: o.store,
      runner: o.runner,
      clock: o.clock,
      turns: o.turns,
      secrets: o.secrets,
      workflows: o.workflows,
      owner: o.owner,
      random: o.random,
      limits: o.expressionLimits,
      log: (e) => this.log(e),
      acquireStepSlot: () => this.acquireStepSlot(),
      startChild: (r) => this.startChild(r),
      sendCommand: (runId, cmd) => this.sendCommand(runId, cmd),
      published: (runId, events) => this.subs.publish(runId, events),
      settled: (runId, state, why) => void this.settled(runId, state, why),
    };
  }

  get owner(): string {
    return this.o.owner;
  }

  /** Start claiming and driving runs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.reclaiming = true;
    this.armPoll();
    this.armRenew();
    this.poke();
  }

  /**
   * Stop claiming runs. With `drain`, block calls in flight finish and are recorded first (no new
   * step starts); without, they are abandoned and will be attempted again by whichever engine takes
   * the run. Leases are released so another engine can take over at once (`release: false` leaves
   * them to expire, as a crash would).
   */
  async stop(opts: { drain?: boolean; release?: boolean } = {}): Promise<void> {
    this.running = false;
    for (const cancel of this.stopTimers) cancel();
    this.stopTimers = [];
    for (const cancel of this.wakeTimers.values()) cancel();
    this.wakeTimers.clear();
    // Claims and adoptions already under way finish first (they commit; the store must still be open).
    while (this.inflight.size > 0) await Promise.all(this.inflight.values());
    const ctrls = this.controllers.values();
    if (opts.drain) {
      for (const c of ctrls) c.halt();
      await Promise.all(ctrls.map((c) => c.whenQuiet()));
    }
    for (const c of ctrls) c.kill();
    this.controllers.clear();
    if (opts.release !== false) {
      await Promise.all(
        ctrls.map((c) => this.o.store.releaseRun(this.o.owner, c.runId).catch(() => undefined)),
      );
    }
    this.subs.close();
  }

  // -------------------------------------------------------------------------------------------
  // API

  /** Create a run (QUEUED) after checking its inputs; it starts as soon as it is admitted. */
  async startRun(
    req: StartRunRequest,
  ): Promise<Result<{ runId: RunId; created: boolean; status: RunStatus }, StartRunError>> {
    const loaded =
      (req.workflow === undefined && req.version !== undefined
        ? this.o.workflows?.cached?.(req.workflowId, req.version)
        : undefined) ?? (await this.resolveWorkflow(req.workflowId, req.version, req.workflow));
    if (!loaded) {
      const v = req.version === undefined ? '' : ` version ${req.version}`;
      return {
        ok: false,
        error: { code: 'WORKFLOW_NOT_FOUND', message: `workflow "${req.workflowId}"${v} not found` },
      };
    }
    // Before anything recursive (input checks, the store's JSON) sees them (issue 9 item 7).
    if (nestedDeeperThan(req.inputs))
      return { ok: false, error: { code: 'INVALID_INPUT', message: tooDeep('the run input') } };
    // The trigger holds its payload one level down (`trigger.body`).
    if (nestedDeeperThan(req.trigger, MAX_DATA_DEPTH + 1))
      return { ok: false, error: { code: 'INVALID_INPUT', message: tooDeep('the trigger payload') } };
    const checked = checkInputs(loaded.workflow.inputs, req.inputs);
    if (!checked.ok) return { ok: false, error: { code: 'INVALID_INPUT', message: checked.error } };
    if (req.debug) {
      const problem = breakpointProblem(loaded.workflow, req.debug);
      if (problem) return { ok: false, error: { code: 'INVALID_INPUT', message: problem } };
    }
    const id = this.o.newId() as RunId;
    const now = this.o.clock.now();
    // Local fast path: a run this engine can start now is created under its lease and driven from
    // memory (no claim, no reading back its events). Runs under a workflow `concurrency` go through
    // the store's admission instead, and so do all runs while older ones may be waiting (`claimable`),
    // so none overtakes them.
    const adopt =
      this.running &&
      !this.claimable &&
      !this.reclaiming &&
      loaded.workflow.concurrency === undefined &&
      this.controllers.size + this.reserved < this.o.maxRunningRuns;
    const newRun: NewRun = {
      id,
      workflowId: loaded.workflow.id,
      workflowVersion: loaded.version,
      inputs: checked.value,
      trigger: req.trigger ?? { type: 'manual' },
      createdAt: now,
      ...(req.parent && { parent: req.parent }),
      ...(req.idempotencyKey !== undefined && { idempotencyKey: req.idempotencyKey }),
      ...(req.debug && { debug: req.debug }),
      ...(loaded.workflow.concurrency !== undefined && { concurrencyLimit: loaded.workflow.concurrency }),
      ...(adopt && { lease: { owner: this.o.owner, until: now + this.o.leaseMs } }),
    };
    // Without an idempotency key nothing can already exist: the run is written by its first commit,
    // with what its first turn did (a run that ends in that turn is written once, in its final state).
    if (adopt && newRun.idempotencyKey === undefined) {
      await this.startFresh(newRun, loaded, req.workflow !== undefined);
      return { ok: true, value: { runId: id, created: true, status: 'QUEUED' } };
    }
    if (adopt) this.reserved++;
    let res: { run: RunRecord; created: boolean };
    try {
      res = await this.o.store.createRun(newRun);
    } finally {
      if (adopt) this.reserved--;
    }
    const { run, created } = res;
    if (created && req.workflow) this.inline.set(run.id, loaded);
    if (created && adopt) this.adoptFresh(run, loaded);
    else if (created) {
      this.claimable = true;
      this.poke();
    }
    return { ok: true, value: { runId: run.id, created, status: run.status } };
  }

  /**
   * Drive a new run this engine starts under its own lease, created by its first commit. Resolves
   * once it is stored; blocks and child runs wait for that too (`CommitBatcher.stored`).
   */
  private async startFresh(newRun: NewRun, loaded: LoadedWorkflow, inline: boolean): Promise<void> {
    const ctrl = new RunController(this.host, loaded, freshRunState(newRunRecord(newRun)));
    this.controllers.set(newRun.id, ctrl);
    if (inline) this.inline.set(newRun.id, loaded);
    const stored = ctrl.createWithFirstCommit(newRun);
    this.track(
      ctrl
        .begin({ fresh: true })
        .catch((e: unknown) =>
          this.log({ level: 'error', message: `starting run failed: ${String(e)}`, runId: newRun.id }),
        ),
    );
    try {
      await stored;
    } catch (err) {
      if (this.controllers.get(newRun.id) === ctrl) this.controllers.delete(newRun.id);
      this.inline.delete(newRun.id);
      throw err;
    }
  }

  /** Drive a run this engine just created under its own lease, from what it wrote. */
  private adoptFresh(run: RunRecord, loaded: LoadedWorkflow): void {
    if (!this.running) {
      // Stopped while creating: leave it to whichever engine claims it next.
      this.track(this.o.store.releaseRun(this.o.owner, run.id).catch(() => undefined));
      return;
    }
    const ctrl = new RunController(this.host, loaded, freshRunState(run));
    this.controllers.set(run.id, ctrl);
    this.track(
      ctrl
        .begin({ fresh: true })
        .catch((e: unknown) =>
          this.log({ level: 'error', message: `starting run failed: ${String(e)}`, runId: run.id }),
        ),
    );
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  async cancel(runId: RunId, by?: string): Promise<Result<void, { code: 'NOT_FOUND'; message: string }>> {
    return this.command(runId, { type: 'cancel', ...(by !== undefined && { by }) });
  }

  async decideApproval(
    runId: RunId,
    stepId: string,
    d: { approved: boolean; by?: string; comment?: string },
  ): Promise<Result<void, { code: 'NOT_FOUND'; message: string }>> {
    return this.command(runId, { type: 'approve', stepId, ...d });
  }

  /**
   * Debugger: act on a step paused at a breakpoint. `input` replaces its resolved inputs (then
   * continues); `output` with `skip` ends the step SUCCESS with that output instead of SKIPPED.
   */
  async debug(
    runId: RunId,
    stepId: string,
    action: DebugAction,
    input?: Record<string, unknown>,
    output?: unknown,
  ): Promise<Result<void, { code: 'NOT_FOUND'; message: string }>> {
    return this.command(runId, {
      type: 'debug',
      stepId,
      action,
      ...(input !== undefined && { input }),
      ...(output !== undefined && action === 'skip' && { output }),
    });
  }

  /**
   * Run a finished run again from a step: a new run with the same inputs, where the steps that are
   * not downstream of `stepId` keep their results and the rest run again.
   */
  async retryFrom(
    runId: RunId,
    stepId: string,
  ): Promise<Result<{ runId: RunId }, { code: 'NOT_FOUND' | 'INVALID_INPUT'; message: string }>> {
    const run = await this.o.store.getRun(runId);
    if (!run) return { ok: false, error: { code: 'NOT_FOUND', message: `run ${runId} not found` } };
    if (!TERMINAL_RUN.has(run.status))
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `run ${runId} is still ${run.status}; cancel it first` },
      };
    const loaded = await this.resolveWorkflow(
      run.workflowId,
      run.workflowVersion,
      this.inline.get(runId)?.workflow,
    );
    if (!loaded)
      return {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: `workflow "${run.workflowId}" version ${run.workflowVersion} not found`,
        },
      };
    if (!loaded.workflow.steps.some((s) => s.id === stepId)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `run ${runId} has no step "${stepId}"` } };
    }
    const id = this.o.newId() as RunId;
    await this.o.store.createRun({
      id,
      workflowId: run.workflowId,
      workflowVersion: run.workflowVersion,
      inputs: run.inputs,
      trigger: { type: 'retry', runId, fromStepId: stepId, original: run.trigger },
      createdAt: this.o.clock.now(),
      ...(run.concurrencyLimit !== undefined && { concurrencyLimit: run.concurrencyLimit }),
    });
    if (this.inline.has(runId)) this.inline.set(id, loaded);
    this.claimable = true;
    this.poke();
    return { ok: true, value: { runId: id } };
  }

  /**
   * Test one step ("test step"): a NEW run, marked as a step test (`trigger.type` `step-test`), that
   * runs only `stepId` with the recorded outputs of its upstream steps in `runId` and, when given,
   * `input` instead of its resolved `with`. Every other step ends SKIPPED (reason `step-test`); the
   * run ends with the step's outcome. Its upstream steps must have finished in `runId`.
   *
   * @example
   * const r = await engine.testStep({ runId, stepId: 'send', input: { to: 'me@example.com' } });
   * if (r.ok) console.log((await engine.waitForRun(r.value.runId)).status);
   */
  async testStep(req: {
    runId: RunId;
    stepId: string;
    input?: Record<string, unknown>;
  }): Promise<Result<{ runId: RunId }, { code: 'NOT_FOUND' | 'INVALID_INPUT'; message: string }>> {
    const { runId, stepId } = req;
    const run = await this.o.store.getRun(runId);
    if (!run) return { ok: false, error: { code: 'NOT_FOUND', message: `run ${runId} not found` } };
    const loaded = await this.resolveWorkflow(
      run.workflowId,
      run.workflowVersion,
      this.inline.get(runId)?.workflow,
    );
    if (!loaded)
      return {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: `workflow "${run.workflowId}" version ${run.workflowVersion} not found`,
        },
      };
    const step = loaded.workflow.steps.find((s) => s.id === stepId);
    const bad = (message: string) => ({
      ok: false as const,
      error: { code: 'INVALID_INPUT' as const, message },
    });
    if (!step) return bad(`run ${runId} has no step "${stepId}"`);
    if (req.input !== undefined && step.foreach !== undefined)
      return bad(
        `step "${stepId}" is a foreach: a step test runs all its items from the recorded upstream outputs, so it takes no edited input`,
      );
    const recorded = new Map((await this.o.store.getSteps(runId)).map((s) => [s.stepId, s]));
    for (const up of upstreamOf(loaded.workflow.steps, stepId)) {
      const rec = recorded.get(up);
      if (!rec || !isTerminalStep(rec.status))
        return bad(
          `step "${stepId}" needs "${up}", which has not finished in run ${runId} (it is ${rec?.status ?? 'PENDING'})`,
        );
    }
    const prior = stepTestOf(run.trigger);
    const trigger: StepTestTrigger = {
      type: STEP_TEST,
      runId,
      stepId,
      ...(req.input !== undefined && { input: req.input }),
      original: prior ? prior.original : run.trigger,
    };
    const id = this.o.newId() as RunId;
    await this.o.store.createRun({
      id,
      workflowId: run.workflowId,
      workflowVersion: run.workflowVersion,
      inputs: run.inputs,
      trigger,
      createdAt: this.o.clock.now(),
    });
    if (this.inline.has(runId)) this.inline.set(id, loaded);
    this.claimable = true;
    this.poke();
    return { ok: true, value: { runId: id } };
  }

  /**
   * The record of a run that ended on this engine in this turn (what `waitForRun` answers at once),
   * or undefined: a sync webhook whose run ended in its first commit answers without a wait.
   */
  endedRun(runId: RunId): RunRecord | undefined {
    return this.justEnded.get(runId);
  }

  /** Resolves with the run's record once it is terminal. */
  waitForRun(runId: RunId): Promise<RunRecord> {
    // Registered before reading the store, so a run that ends while the read is in flight still
    // resolves it (the read may return the state from before the end).
    const ended = this.justEnded.get(runId);
    if (ended) return Promise.resolve(ended);
    return new Promise((resolve, reject) => {
      const waiter = (r: RunRecord): void => resolve(r);
      this.addWaiter(runId, waiter);
      if (this.controllers.has(runId)) return;
      const drop = (): void => {
        const list = (this.runWaiters.get(runId) ?? []).filter((w) => w !== waiter);
        if (list.length > 0) this.runWaiters.set(runId, list);
        else this.runWaiters.delete(runId);
      };
      this.o.store.getRun(runId).then(
        (run) => {
          if (!run) {
            drop();
            reject(new Error(`run ${runId} not found`));
          } else if (TERMINAL_RUN.has(run.status)) {
            drop();
            resolve(run);
          }
        },
        (e: unknown) => {
          drop();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  private addWaiter(runId: RunId, resolve: (r: RunRecord) => void): void {
    const list = this.runWaiters.get(runId) ?? [];
    list.push(resolve);
    this.runWaiters.set(runId, list);
  }

  /** Live events of a run, after replaying stored ones with `seq >= fromSeq`. Returns unsubscribe. */
  subscribe(runId: RunId, fromSeq: number, listener: (e: RunEvent) => void): () => void {
    return this.subs.subscribe(runId, fromSeq, listener);
  }

  /** A run's state at any event (all when `uptoSeq` is omitted), from its stored log. */
  async runState(runId: RunId, uptoSeq?: number): Promise<RunState | undefined> {
    const events = await this.subs.allEvents(runId);
    return events.length ? replay(events, uptoSeq) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private async command(
    runId: RunId,
    cmd: RunCommand,
  ): Promise<Result<void, { code: 'NOT_FOUND'; message: string }>> {
    const run = await this.o.store.getRun(runId);
    if (!run) return { ok: false, error: { code: 'NOT_FOUND', message: `run ${runId} not found` } };
    await this.sendCommand(runId, cmd);
    return { ok: true, value: undefined };
  }

  private async sendCommand(runId: RunId, cmd: RunCommand): Promise<void> {
    await this.o.store.addCommand(runId, cmd, this.o.clock.now());
    const local = this.controllers.get(runId);
    if (local) local.wake();
    else {
      this.claimable = true;
      this.poke();
    }
  }

  private async resolveWorkflow(
    id: string,
    version?: number,
    inline?: Workflow,
  ): Promise<LoadedWorkflow | undefined> {
    if (inline) return { workflow: inline, version: version ?? 0 };
    const w = this.o.workflows;
    if (!w) return undefined;
    return version === undefined ? w.latest(id) : w.version(id, version);
  }

  private log(e: LogEntry): void {
    this.o.logger?.(e);
  }

  private acquireStepSlot(): Promise<() => void> {
    const free = (): void => {
      const next = this.slotQueue.shift();
      if (next) next();
      else this.stepSlots--;
    };
    if (this.stepSlots < this.o.maxRunningSteps) {
      this.stepSlots++;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.slotQueue.push(() => resolve(free)));
  }

  private async startChild(r: ChildRequest): Promise<ChildResult> {
    // dsl-v1 §10: a workflow that calls itself stops at the depth limit instead of multiplying runs.
    let depth = 1;
    for (let at = await this.o.store.getRun(r.parent.runId); at?.parent; depth++) {
      if (depth > this.o.maxChildDepth) break;
      at = await this.o.store.getRun(at.parent.runId);
    }
    if (depth > this.o.maxChildDepth)
      return {
        ok: false,
        code: 'LIMIT_EXCEEDED',
        message: `child workflow "${r.workflowId}" would nest ${depth} runs deep; the limit is ${this.o.maxChildDepth} (setting maxChildDepth)`,
      };
    const loaded = await this.resolveWorkflow(r.workflowId);
    if (!loaded)
      return { ok: false, code: 'BLOCK_NOT_FOUND', message: `workflow "${r.workflowId}" not found` };
    const res = await this.startRun({
      workflowId: r.workflowId,
      version: loaded.version,
      inputs: (r.inputs ?? {}) as Record<string, unknown>,
      trigger: { type: 'workflow', parentRunId: r.parent.runId, stepId: r.parent.stepId },
      parent: r.parent,
      idempotencyKey: r.idempotencyKey,
    });
    if (!res.ok)
      return {
        ok: false,
        code: res.error.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'BLOCK_NOT_FOUND',
        message: res.error.message,
      };
    return { ok: true, runId: res.value.runId };
  }

  /** Look for claimable runs now (the local fast path after a create or a command). */
  private poke(): void {
    if (!this.running) return;
    this.track(this.claimCycle());
  }

  private async claimCycle(): Promise<void> {
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    try {
      do {
        this.claimAgain = false;
        const free = this.o.maxRunningRuns - this.controllers.size;
        if (free <= 0 || !this.running) break;
        this.claimable = false;
        const reclaimOwn = this.reclaiming;
        const ids = await this.o.store.claimRuns({
          owner: this.o.owner,
          now: this.o.clock.now(),
          leaseMs: this.o.leaseMs,
          limit: free,
          ...(reclaimOwn && { reclaimOwn }),
        });
        if (reclaimOwn) {
          this.reclaiming = false;
          // Runs created meanwhile went through the store (not adopted): claim again for them.
          if (ids.length < free) this.claimAgain = true;
        }
        if (ids.length >= free) this.claimable = true;
        for (const id of ids) {
          const c = this.controllers.get(id);
          if (c) c.wake();
          else await this.adopt(id);
        }
      } while (this.claimAgain && this.running);
    } catch (e) {
      this.log({ level: 'error', message: `claiming runs failed: ${String(e)}` });
    } finally {
      this.claiming = false;
    }
  }

  private async adopt(runId: RunId): Promise<void> {
    this.wakeTimers.get(runId)?.();
    this.wakeTimers.delete(runId);
    const events = await this.subs.allEvents(runId);
    const state = replay(events);
    if (TERMINAL_RUN.has(state.status) || events.length === 0) {
      await this.o.store.releaseRun(this.o.owner, runId);
      return;
    }
    const loaded = await this.resolveWorkflow(
      state.workflowId,
      state.workflowVersion,
      this.inline.get(runId)?.workflow,
    );
    if (!loaded) {
      this.log({
        level: 'error',
        message: `workflow ${state.workflowId} version ${state.workflowVersion} not found`,
        runId,
      });
      await this.o.store.releaseRun(this.o.owner, runId);
      return;
    }
    const ctrl = new RunController(this.host, loaded, state);
    this.controllers.set(runId, ctrl);
    await ctrl.begin({ fresh: false });
  }

  private async settled(
    runId: RunId,
    state: RunState,
    why: 'idle' | 'ended' | 'lost' | 'broken',
  ): Promise<void> {
    if (this.controllers.get(runId)?.state === state) this.controllers.delete(runId);
    if (why === 'lost') return;
    if (why === 'ended') {
      // The final commit already gave up the lease and holds the run's outcome: no store round trip.
      this.inline.delete(runId);
      const run = recordOf(state);
      const waiters = this.runWaiters.get(runId);
      this.runWaiters.delete(runId);
      this.justEnded.set(runId, run);
      if (!this.justEndedSweep) {
        this.justEndedSweep = true;
        this.o.turns.next(() => {
          this.justEndedSweep = false;
          this.justEnded.clear();
        });
      }
      for (const w of waiters ?? []) w(run);
      if (run.parent) {
        try {
          await this.sendCommand(run.parent.runId, {
            type: 'child',
            stepId: run.parent.stepId,
            childRunId: runId,
          });
        } catch (e) {
          this.log({ level: 'error', message: `telling the parent run failed: ${String(e)}`, runId });
        }
      }
      // A slot is free: QUEUED runs may be waiting for it (or for this workflow's concurrency).
      if (this.claimable || run.concurrencyLimit !== undefined) this.poke();
      return;
    }
    // A commit that failed can fail the same way again (data the store cannot write): keep the lease
    // and let it expire, so the run is tried again once per lease period, never in a tight loop.
    if (why === 'broken') return;
    try {
      await this.o.store.releaseRun(this.o.owner, runId);
    } catch (e) {
      this.log({ level: 'error', message: `releasing run failed: ${String(e)}`, runId });
    }
    if (why === 'idle' && state.wakeAt !== undefined && this.running) {
      this.wakeTimers.get(runId)?.();
      this.wakeTimers.set(
        runId,
        this.o.clock.setTimer(state.wakeAt, () => {
          this.wakeTimers.delete(runId);
          this.poke();
        }),
      );
    }
    this.poke(); // a slot is free, or a parent has a command
  }

  private armPoll(): void {
    if (!this.running) return;
    const cancel = this.o.clock.setTimer(this.o.clock.now() + this.o.pollMs, () => {
      this.stopTimers = this.stopTimers.filter((c) => c !== cancel);
      this.track(
        this.pollOnce()
          .catch((e: unknown) => this.log({ level: 'error', message: `polling failed: ${String(e)}` }))
          .finally(() => this.armPoll()),
      );
    });
    this.stopTimers.push(cancel);
  }

  private async pollOnce(): Promise<void> {
    await this.claimCycle();
    if (!this.running) return;
    for (const c of this.controllers.values()) c.wake();
    await this.subs.pollRemote((id) => this.controllers.has(id));
    for (const runId of this.runWaiters.keys()) {
      // Runs driven here resolve their waiters themselves; others may end in another process.
      if (!this.running) return;
      if (this.controllers.has(runId)) continue;
      const run = await this.o.store.getRun(runId);
      if (run && TERMINAL_RUN.has(run.status)) {
        for (const w of this.runWaiters.get(runId) ?? []) w(run);
        this.runWaiters.delete(runId);
      }
    }
  }

  private armRenew(): void {
    if (!this.running) return;
    const every = Math.max(1, Math.floor(this.o.leaseMs / 3));
    const cancel = this.o.clock.setTimer(this.o.clock.now() + every, () => {
      this.stopTimers = this.stopTimers.filter((c) => c !== cancel);
      // A run whose creating commit is still pending is not in the store yet: its lease is the one that
      // commit writes, so renewing it now would find no row and count the run as lost.
      const ids: RunId[] = [];
      for (const [id, c] of this.controllers.entries()) if (c.inStore) ids.push(id);
      const until = this.o.clock.now() + this.o.leaseMs;
      this.track(
        this.o.store
          .renewLeases(this.o.owner, ids, until)
          .then((lost) => {
            for (const id of lost) {
              this.controllers.get(id)?.kill();
              this.controllers.delete(id);
            }
          })
          .catch((e: unknown) =>
            this.log({ level: 'error', message: `renewing leases failed: ${String(e)}` }),
          )
          .finally(() => this.armRenew()),
      );
    });
    this.stopTimers.push(cancel);
  }
}

/**
 * Why a run's breakpoints cannot be used (an unknown step, a condition that does not parse), if so.
 * `Engine.startRun` refuses such a run with this message; the CLI checks its flags with it first.
 */
export function breakpointProblem(workflow: Workflow, debug: DebugOptions): string | undefined {
  const ids = new Set(workflow.steps.map((s) => s.id));
  for (const b of debug.breakpoints) {
    if (!ids.has(b.stepId)) return `breakpoint on unknown step "${b.stepId}"`;
    if (b.condition === undefined) continue;
    const a = analyzeExpression(unwrapExpression(b.condition));
    if (!a.ok)
      return `breakpoint on "${b.stepId}": the condition is not valid JSONata: ${a.error?.message ?? 'syntax error'} (at character ${(a.error?.offset ?? 0) + 1})`;
  }
  return undefined;
}

/**
 * A UUID version 7: 48 bits of epoch ms, then random bits. Runs created together sort together, so a
 * database's indexes on run ids (and the run-keyed event and step tables) take appends to a few recent
 * pages instead of writes scattered over the whole tree.
 */
export function timeOrderedId(ms: number, uuid: string): string {
  const r = uuid; // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(15)}`;
}
