/**
 * The state-keeping half of a run controller: applies events to the run state, batches them with the
 * step records they change into one `Store.commit`, builds the expression document, resolves secrets
 * and keeps local timers.
 */
import type { Step, Workflow } from '@weft/dsl';
import { dict, setOwn } from '@weft/dsl';
import { EvalError, hasTemplates, resolveValue, secretNames } from './expressions';
import type { EvalOptions } from './expressions';
import type { EngineHost, LoadedWorkflow } from './host';
import { MIN_MASKED_LENGTH, SecretMask } from './masking';
import { LeaseLostError } from './ports';
import type { RunEvent, RunEventType, StepRecord } from './ports';
import { applyEvent, isTerminalStep, TERMINAL_RUN } from './run-state';
import type { RunState, StepProgress } from './run-state';
import { isRawExpressionKey } from './builtins';
import { STEP_TEST } from './step-test';

/** `steps.<id>` in expressions (§4): own enumerable getters (jsonata reads own properties only), so
 * times become ISO text only when an expression reads them. The getters are shared by every view (the
 * record sits under a symbol key, which jsonata does not see). */
interface StepView {
  output: unknown;
  [REC]: StepRecord;
}

const REC = Symbol('record');
const viewGetter = (fn: (rec: StepRecord) => unknown): PropertyDescriptor => ({
  get(this: StepView) {
    return fn(this[REC]);
  },
  enumerable: true,
});
const VIEW_PROPS: PropertyDescriptorMap = {
  status: viewGetter((r) => r.status),
  error: viewGetter((r) => r.error ?? null),
  port: viewGetter((r) => r.port ?? null),
  attempts: viewGetter((r) => r.attempts),
  startedAt: viewGetter((r) => iso(r.startedAt)),
  finishedAt: viewGetter((r) => iso(r.finishedAt)),
};

function stepView(rec: StepRecord): StepView {
  return Object.defineProperties({ output: null, [REC]: rec }, VIEW_PROPS) as StepView;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** What every run of one workflow object shares: computed once per (immutable) workflow. */
interface Plan {
  stepDefs: Map<string, Step>;
  /** Steps that need a step, by its id. */
  dependents: Map<string, string[]>;
  /** Step ids in workflow order (do not mutate). */
  stepIds: readonly string[];
  /** Secret names that a step's (or `$vars`, `$outputs`) expressions refer to. */
  secretRefs: Map<string, string[]>;
  /** Vars and `transform` steps whose values are computed from secrets: reading them taints too. */
  taintedVars: Set<string>;
  taintedSteps: Set<string>;
}

const STEP_REF = /\bsteps\s*(?:\.\s*(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)|\[\s*["']([^"']+)["']\s*\])/g;
const VAR_REF = /\bvars\s*(?:\.\s*(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)|\[\s*["']([^"']+)["']\s*\])/g;

/** True when an expression in `raw` reads a secret, or a var or step computed from one. */
function readsSecret(raw: unknown, plan: Pick<Plan, 'taintedVars' | 'taintedSteps'>): boolean {
  if (typeof raw === 'string') {
    if (secretNames(raw).size > 0) return true;
    const names = (re: RegExp, set: Set<string>): boolean =>
      set.size > 0 && [...raw.matchAll(re)].some((m) => set.has((m[1] ?? m[2] ?? m[3]) as string));
    return names(STEP_REF, plan.taintedSteps) || names(VAR_REF, plan.taintedVars);
  }
  if (Array.isArray(raw)) return raw.some((v) => readsSecret(v, plan));
  if (raw && typeof raw === 'object') return Object.values(raw).some((v) => readsSecret(v, plan));
  return false;
}

const plans = new WeakMap<Workflow, Plan>();

function planOf(wf: Workflow): Plan {
  let plan = plans.get(wf);
  if (plan) return plan;
  plan = {
    stepDefs: new Map(),
    dependents: new Map(),
    stepIds: wf.steps.map((s) => s.id),
    secretRefs: new Map(),
    taintedVars: new Set(),
    taintedSteps: new Set(),
  };
  for (const [name, v] of Object.entries(wf.vars)) if (readsSecret(v, plan)) plan.taintedVars.add(name);
  // A transform's output is its expression's value: computed from a secret, it is one (to a fixpoint,
  // as a transform may read another).
  for (let grew = true; grew;) {
    grew = false;
    for (const s of wf.steps) {
      if (s.uses === 'transform' && !plan.taintedSteps.has(s.id) && readsSecret(s.with, plan)) {
        plan.taintedSteps.add(s.id);
        grew = true;
      }
    }
  }
  for (const s of wf.steps) {
    plan.stepDefs.set(s.id, s);
    for (const n of s.needs) {
      const list = plan.dependents.get(n.step) ?? [];
      if (!list.includes(s.id)) list.push(s.id);
      plan.dependents.set(n.step, list);
    }
  }
  plans.set(wf, plan);
  return plan;
}

/** The run fields a commit carries; only those that changed since the last commit are sent. */
const RUN_FIELDS = ['status', 'outputs', 'error', 'startedAt', 'finishedAt', 'wakeAt'] as const;
type RunFields = Pick<RunState, (typeof RUN_FIELDS)[number]>;

export abstract class RunCore {
  readonly wf: Workflow;
  readonly version: number;
  private readonly plan: Plan;
  protected readonly stepDefs: ReadonlyMap<string, Step>;
  protected readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Keyed by step id, secret name: no prototype, so `__proto__` or `constructor` are plain keys. */
  protected readonly view = dict<StepView>();
  protected vars = dict<unknown>();
  protected readonly secretDoc = dict<string>();
  protected readonly mask = new SecretMask();
  private nextSeq: number;
  /** What expressions see as `trigger` (a retry run shows the original run's trigger). */
  protected readonly triggerDoc: unknown;
  private events: RunEvent[] = [];
  private readonly dirty = new Set<string>();
  protected acks: number[] = [];
  private flushing = false;
  private flushQueued = false;
  /** Run fields as last committed (undefined until the first commit, which sends them all). */
  private committed: RunFields | undefined;
  /** The commit that ended the run gave up the lease: nothing more can be committed. */
  private released = false;
  /** Steps with async work in progress (deciding `if`, an attempt, items). */
  protected readonly busy = new Set<string>();
  protected readonly aborts = new Map<string, AbortController>();
  private readonly timers = new Map<string, () => void>();
  protected commandsBusy = false;
  protected finishing = false;
  /** Stop: start nothing new (drain). */
  protected halted = false;
  /** This controller no longer owns the run; nothing it does is committed. */
  dead = false;
  private quiet: (() => void)[] = [];

  constructor(
    protected readonly host: EngineHost,
    loaded: LoadedWorkflow,
    readonly state: RunState,
  ) {
    this.wf = loaded.workflow;
    this.version = loaded.version;
    this.plan = planOf(this.wf);
    this.stepDefs = this.plan.stepDefs;
    this.dependents = this.plan.dependents;
    this.nextSeq = state.lastSeq + 1;
    const t = state.trigger as { type?: unknown; original?: unknown } | null;
    // A retry or a step test shows the original run's trigger.
    this.triggerDoc = t && (t.type === 'retry' || t.type === STEP_TEST) ? (t.original ?? null) : t;
    for (const rec of Object.values(state.steps)) {
      this.updateView(rec);
      this.count(rec.status, 1);
    }
  }

  /** Step ids in workflow order (shared: do not mutate). */
  protected get stepIds(): readonly string[] {
    return this.plan.stepIds;
  }

  get runId(): RunState['runId'] {
    return this.state.runId;
  }

  protected get now(): number {
    return this.host.clock.now();
  }

  protected get evalOpts(): EvalOptions {
    return { now: this.host.clock.now(), limits: this.host.limits, turns: this.host.turns };
  }

  protected rec(id: string): StepRecord {
    return this.state.steps[id] as StepRecord;
  }

  protected progress(id: string): StepProgress {
    return (this.rec(id).state ?? {}) as StepProgress;
  }

  protected def(id: string): Step {
    return this.stepDefs.get(id) as Step;
  }

  /** The step can no longer act: the run moved on without it. */
  protected stale(id: string): boolean {
    return this.dead || TERMINAL_RUN.has(this.state.status) || isTerminalStep(this.rec(id).status);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /** Append an event: applied to the state now, committed with the next batch. */
  protected emit(type: RunEventType, stepId: string | undefined, data: Record<string, unknown>): void {
    if (this.dead || this.released) return;
    // One object serves the state, the commit (the store numbers events itself) and subscribers.
    const e: RunEvent = {
      runId: this.runId,
      seq: this.nextSeq++,
      at: this.now,
      type,
      data: this.mask.apply(data),
    };
    if (stepId !== undefined) e.stepId = stepId;
    this.events.push(e);
    const before = stepId === undefined ? undefined : this.state.steps[stepId]?.status;
    const changed = applyEvent(this.state, e);
    if (changed) {
      this.count(before, -1);
      this.count(changed.status, 1);
      this.dirty.add(changed.stepId);
      this.updateView(changed);
    } else if (type === 'run.started') {
      for (const rec of Object.values(this.state.steps)) {
        this.count(rec.status, 1);
        this.dirty.add(rec.stepId);
        this.updateView(rec);
      }
    }
    this.scheduleFlush();
  }

  /** Steps RUNNING, WAITING and not yet ended right now (counts, so nothing scans every step per step). */
  protected running = 0;
  protected waiting = 0;
  protected unfinished = 0;

  private count(status: StepRecord['status'] | undefined, by: number): void {
    if (status === undefined || isTerminalStep(status)) return;
    this.unfinished += by;
    if (status === 'RUNNING') this.running += by;
    else if (status === 'WAITING') this.waiting += by;
  }

  private updateView(rec: StepRecord): void {
    let v = this.view[rec.stepId];
    if (!v) this.view[rec.stepId] = v = stepView(rec);
    v.output = rec.output ?? null;
  }

  /** Expressions downstream see a step's real output, the store a masked one. */
  protected setLiveOutput(id: string, output: unknown): void {
    const v = this.view[id];
    if (v) v.output = output ?? null;
  }

  protected scheduleFlush(): void {
    if (this.flushQueued || this.dead) return;
    this.flushQueued = true;
    // Commits wait for the end of the current macrotask (`Turns.next`): everything a run does without
    // real I/O (built-in steps, expressions, scheduling the next steps, ending the run) is one transaction.
    this.host.turns.next(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  /** The run fields that changed since the last commit (all of them the first time). */
  private runPatch(): Partial<RunFields> {
    const s = this.state;
    const prev = this.committed;
    const patch: Partial<RunFields> = {};
    for (const k of RUN_FIELDS) if (!prev || prev[k] !== s[k]) (patch as Record<string, unknown>)[k] = s[k];
    this.committed = {
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
    if (this.flushing || this.dead) return;
    this.flushing = true;
    try {
      this.beforeFlush();
      if (this.events.length > 0 || this.acks.length > 0) {
        const events = this.events;
        const ackCommands = this.acks;
        const steps: StepRecord[] = [];
        for (const id of this.dirty) steps.push(snapshot(this.rec(id)));
        this.events = [];
        this.acks = [];
        this.dirty.clear();
        const s = this.state;
        const firstSeq = s.lastSeq - events.length + 1;
        const release = TERMINAL_RUN.has(s.status);
        if (release) this.released = true;
        const lastSeq = await this.host.store.commit({
          runId: this.runId,
          owner: this.host.owner,
          run: this.runPatch(),
          steps,
          events,
          ...(ackCommands.length > 0 && { ackCommands }),
          ...(release && { release: true }),
        });
        if (events.length > 0) {
          if (lastSeq !== firstSeq + events.length - 1) {
            this.host.log({
              level: 'warn',
              message: `event numbering drifted (store ${lastSeq})`,
              runId: this.runId,
            });
          }
          this.host.published(this.runId, events);
        }
      }
    } catch (err) {
      this.kill();
      const lost = err instanceof LeaseLostError;
      this.host.log({
        level: lost ? 'warn' : 'error',
        message: lost ? 'lease lost; another engine owns the run now' : `commit failed: ${String(err)}`,
        runId: this.runId,
      });
      this.host.settled(this.runId, this.state, lost ? 'lost' : 'broken');
      return;
    } finally {
      this.flushing = false;
    }
    this.afterFlush();
  }

  /** Hook: derive run-level events (waiting/resumed) before a batch is committed. */
  protected abstract beforeFlush(): void;

  private afterFlush(): void {
    if (this.dead) return;
    if (!this.released) this.beforeFlush(); // steps may have ended while the commit was in flight
    if (this.events.length > 0 || this.acks.length > 0) return this.scheduleFlush();
    if (TERMINAL_RUN.has(this.state.status)) {
      this.kill();
      this.host.settled(this.runId, this.state, 'ended');
    } else if (this.isQuiet()) {
      const waiters = this.quiet;
      this.quiet = [];
      for (const w of waiters) w();
      if (this.state.status === 'WAITING' || this.halted) {
        this.kill();
        this.host.settled(this.runId, this.state, 'idle');
      }
    }
  }

  /** Nothing in flight: no step work, no commit, no command being handled. */
  protected isQuiet(): boolean {
    return (
      this.busy.size === 0 &&
      !this.flushing &&
      this.events.length === 0 &&
      !this.commandsBusy &&
      !this.finishing
    );
  }

  /** Resolves once nothing is in flight (for a draining stop). */
  /** Draining stop: start nothing new; in-flight work finishes and is committed. */
  halt(): void {
    this.halted = true;
    this.scheduleFlush();
  }

  whenQuiet(): Promise<void> {
    if (this.dead || this.isQuiet()) return Promise.resolve();
    return new Promise((r) => this.quiet.push(r));
  }

  /** Forget the run here: cancel local timers and abort block calls (their results are ignored). */
  kill(): void {
    this.dead = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    for (const a of this.aborts.values()) a.abort();
    this.aborts.clear();
    const waiters = this.quiet;
    this.quiet = [];
    for (const w of waiters) w();
  }

  // -------------------------------------------------------------------------------------------
  // Timers

  protected armTimer(key: string, at: number, fn: () => void): void {
    this.cancelTimer(key);
    if (at <= this.now) {
      let live = true;
      this.timers.set(key, () => (live = false));
      this.host.turns.afterThisTask(() => {
        if (live && !this.dead) {
          this.timers.delete(key);
          fn();
        }
      });
      return;
    }
    const cancel = this.host.clock.setTimer(at, () => {
      this.timers.delete(key);
      if (!this.dead) fn();
    });
    this.timers.set(key, cancel);
  }

  protected cancelTimer(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  protected cancelTimersOf(id: string): void {
    for (const key of [...this.timers.keys()])
      if (key === id || key.startsWith(`${id}#`)) this.cancelTimer(key);
  }

  protected abortStep(id: string): void {
    for (const [key, a] of [...this.aborts]) {
      if (key === id || key.startsWith(`${id}#`)) {
        a.abort();
        this.aborts.delete(key);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** The §4 input document for one evaluation. */
  protected doc(extra: Record<string, unknown>): Record<string, unknown> {
    return {
      inputs: this.state.inputs,
      vars: this.vars,
      steps: this.view,
      trigger: this.triggerDoc,
      secrets: this.secretDoc,
      run: { id: this.runId, attempt: 1 },
      workflow: { id: this.wf.id, version: this.version },
      ...extra,
    };
  }

  /** Resolve the secrets that a step's expressions (or any value) name, once each; throws SECRET_NOT_FOUND. */
  protected async ensureSecrets(key: string, ...values: unknown[]): Promise<void> {
    const refs = this.plan.secretRefs;
    let names = refs.get(key);
    if (!names) {
      const set = new Set<string>();
      for (const v of values) secretNames(v, set);
      names = [...set];
      refs.set(key, names);
    }
    for (const name of names) {
      if (name in this.secretDoc) continue;
      const value = await this.host.secrets?.get(name);
      if (value === undefined) throw new EvalError('SECRET_NOT_FOUND', `secret "${name}" not found`);
      this.secretDoc[name] = value;
      if (!this.mask.add(value)) this.warnShortSecret(key, name);
    }
  }

  private warnShortSecret(key: string, name: string): void {
    const message = `secret "${name}" is shorter than ${MIN_MASKED_LENGTH} characters: it is not masked`;
    this.host.log({ level: 'warn', message, runId: this.runId });
    if (this.stepDefs.has(key)) this.emit('step.log', key, { level: 'warn', message });
  }

  /**
   * Taint: what an expression in `raw` computed from a secret (its counterpart in `resolved`) is
   * masked like the secret itself, wherever it appears later (block outputs, logs, events).
   */
  protected deriveSecrets(raw: unknown, resolved: unknown): void {
    if (!this.mask.active) return;
    if (typeof raw === 'string') {
      if (readsSecret(raw, this.plan)) this.mask.derive(resolved);
    } else if (Array.isArray(raw)) {
      if (Array.isArray(resolved)) raw.forEach((r, i) => this.deriveSecrets(r, resolved[i]));
    } else if (raw && typeof raw === 'object' && resolved && typeof resolved === 'object') {
      for (const [k, r] of Object.entries(raw))
        if (Object.prototype.hasOwnProperty.call(resolved, k))
          this.deriveSecrets(r, (resolved as Record<string, unknown>)[k]);
    }
  }

  /** A `transform` computed from a secret: its output is one. */
  protected deriveOutput(id: string, output: unknown): void {
    if (this.plan.taintedSteps.has(id)) this.mask.derive(output);
  }

  /** Resolve a step's `with` (expression-only keys of built-ins stay raw). */
  protected async resolveWith(step: Step, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(step.with)) {
      setOwn(
        out,
        k,
        isRawExpressionKey(step.uses, k) || !hasTemplates(v) ? v : await resolveValue(v, doc, this.evalOpts),
      );
      if (!isRawExpressionKey(step.uses, k)) this.deriveSecrets(v, out[k]);
    }
    return out;
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
