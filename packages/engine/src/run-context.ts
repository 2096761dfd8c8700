/**
 * One run's live context, shared by its controller and its step attempts: applies events to the run
 * state (and hands them to the commit batcher), builds the expression document, resolves and masks
 * secrets, and keeps the run's local timers and abort signals. It decides nothing.
 */
import type { Step, Workflow } from '@weft/dsl';
import { dict, setOwn } from '@weft/dsl';
import { EvalError, hasTemplates, resolveNow, resolveValue, secretNames } from './expressions';
import type { EvalOptions } from './expressions';
import type { EngineHost, LoadedWorkflow } from './host';
import { MIN_MASKED_LENGTH, SecretMask } from './masking';
import { CommitBatcher } from './commit-batcher';
import type { CommitHooks } from './commit-batcher';
import type { RunEvent, RunEventType, StepRecord } from './ports';
import { applyEvent, isTerminalStep, TERMINAL_RUN } from './run-state';
import type { RunState, StepProgress } from './run-state';
import { isRawExpressionKey } from './builtins';
import { STEP_TEST } from './step-test';

/**
 * `steps.<id>` in expressions (§4): a plain object of data properties (jsonata reads own properties;
 * `$string(steps.a)` and `steps.a.*` see them all), brought up to date whenever the step's record
 * changes (`emit` is the only way it does). Times are ISO text, made once per distinct millisecond.
 */
interface StepView {
  output: unknown;
  status: StepRecord['status'];
  error: unknown;
  port: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
}

function stepView(rec: StepRecord): StepView {
  return {
    output: rec.output ?? null,
    status: rec.status,
    error: rec.error ?? null,
    port: rec.port ?? null,
    attempts: rec.attempts,
    startedAt: iso(rec.startedAt),
    finishedAt: iso(rec.finishedAt),
  };
}

/** The steps of a turn mostly share a millisecond: the last one converted is kept. */
let isoMs = NaN;
let isoText = '';
function iso(ms: number | undefined): string | null {
  if (ms === undefined) return null;
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

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

export class RunContext {
  readonly wf: Workflow;
  readonly version: number;
  private readonly plan: Plan;
  readonly stepDefs: ReadonlyMap<string, Step>;
  /** Steps that need a step, by its id. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Keyed by step id, secret name: no prototype, so `__proto__` or `constructor` are plain keys. */
  private readonly view = dict<StepView>();
  vars = dict<unknown>();
  private readonly secretDoc = dict<string>();
  private readonly mask = new SecretMask();
  private nextSeq: number;
  /** What expressions see as `trigger` (a retry run shows the original run's trigger). */
  private readonly triggerDoc: unknown;
  /** The run's events go to the store through this, one batch per turn. */
  readonly commits: CommitBatcher;
  /** Steps with async work in progress (deciding `if`, an attempt, items). */
  readonly busy = new Set<string>();
  readonly aborts = new Map<string, AbortController>();
  private readonly timers = new Map<string, () => void>();
  /** Stop: start nothing new (drain). */
  halted = false;
  /** This run is no longer driven here; nothing it does is committed. */
  dead = false;
  /** Steps RUNNING, WAITING and not yet ended right now (counts, so nothing scans every step per step). */
  running = 0;
  waiting = 0;
  unfinished = 0;

  constructor(
    readonly host: EngineHost,
    loaded: LoadedWorkflow,
    readonly state: RunState,
    hooks: CommitHooks,
  ) {
    this.wf = loaded.workflow;
    this.version = loaded.version;
    this.plan = planOf(this.wf);
    this.stepDefs = this.plan.stepDefs;
    this.dependents = this.plan.dependents;
    this.nextSeq = state.lastSeq + 1;
    this.commits = new CommitBatcher(host, state, hooks);
    const t = state.trigger as { type?: unknown; original?: unknown } | null;
    // A retry or a step test shows the original run's trigger.
    this.triggerDoc = t && (t.type === 'retry' || t.type === STEP_TEST) ? (t.original ?? null) : t;
    for (const rec of Object.values(state.steps)) {
      this.updateView(rec);
      this.count(rec.status, 1);
    }
  }

  /** Step ids in workflow order (shared: do not mutate). */
  get stepIds(): readonly string[] {
    return this.plan.stepIds;
  }

  get runId(): RunState['runId'] {
    return this.state.runId;
  }

  get now(): number {
    return this.host.clock.now();
  }

  get evalOpts(): EvalOptions {
    return { now: this.host.clock.now(), limits: this.host.limits, turns: this.host.turns };
  }

  rec(id: string): StepRecord {
    return this.state.steps[id] as StepRecord;
  }

  progress(id: string): StepProgress {
    return (this.rec(id).state ?? {}) as StepProgress;
  }

  def(id: string): Step {
    return this.stepDefs.get(id) as Step;
  }

  /** The step can no longer act: the run moved on without it. */
  stale(id: string): boolean {
    return this.dead || TERMINAL_RUN.has(this.state.status) || isTerminalStep(this.rec(id).status);
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /** Append an event: applied to the state now, committed with the next batch. */
  emit(type: RunEventType, stepId: string | undefined, data: Record<string, unknown>): void {
    if (this.dead || this.commits.released) return;
    // One object serves the state, the commit (the store numbers events itself) and subscribers.
    const e: RunEvent = {
      runId: this.runId,
      seq: this.nextSeq++,
      at: this.now,
      type,
      data: this.mask.apply(data),
    };
    if (stepId !== undefined) e.stepId = stepId;
    this.commits.add(e);
    const prev = stepId === undefined ? undefined : this.state.steps[stepId];
    const before = prev?.status;
    const attemptsBefore = prev?.attempts;
    const changed = applyEvent(this.state, e);
    // A foreach item that finished changes only the step's engine-private progress (its results
    // so far), which the event itself carries and recovery replays: the step's row is not written
    // again for it (it was, whole, with every item: O(items) of JSON per item, O(items²) in all).
    // The row gets the results when the step ends.
    const progressOnly = type === 'step.item.finished' && changed?.attempts === attemptsBefore;
    if (changed && !progressOnly) {
      this.count(before, -1);
      this.count(changed.status, 1);
      this.commits.touch(changed.stepId);
      this.updateView(changed);
    } else if (type === 'run.started') {
      for (const rec of Object.values(this.state.steps)) {
        this.count(rec.status, 1);
        this.commits.touch(rec.stepId);
        this.updateView(rec);
      }
    }
    this.commits.schedule();
  }

  private count(status: StepRecord['status'] | undefined, by: number): void {
    if (status === undefined || isTerminalStep(status)) return;
    this.unfinished += by;
    if (status === 'RUNNING') this.running += by;
    else if (status === 'WAITING') this.waiting += by;
  }

  private updateView(rec: StepRecord): void {
    const v = this.view[rec.stepId];
    if (!v) {
      this.view[rec.stepId] = stepView(rec);
      return;
    }
    v.output = rec.output ?? null;
    v.status = rec.status;
    v.error = rec.error ?? null;
    v.port = rec.port ?? null;
    v.attempts = rec.attempts;
    v.startedAt = iso(rec.startedAt);
    v.finishedAt = iso(rec.finishedAt);
  }

  /** Expressions downstream see a step's real output, the store a masked one. */
  setLiveOutput(id: string, output: unknown): void {
    const v = this.view[id];
    if (v) v.output = output ?? null;
  }

  /** Forget the run here: cancel local timers, abort block calls (their results are ignored), commit nothing more. */
  kill(): void {
    this.dead = true;
    this.commits.stop();
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    for (const a of this.aborts.values()) a.abort();
    this.aborts.clear();
  }

  // -------------------------------------------------------------------------------------------
  // Timers

  armTimer(key: string, at: number, fn: () => void): void {
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

  cancelTimer(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  cancelTimersOf(id: string): void {
    for (const key of [...this.timers.keys()])
      if (key === id || key.startsWith(`${id}#`)) this.cancelTimer(key);
  }

  abortStep(id: string): void {
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
  doc(extra: Record<string, unknown>): Record<string, unknown> {
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
  async ensureSecrets(key: string, ...values: unknown[]): Promise<void> {
    for (const name of this.secretsOf(key, values)) {
      if (name in this.secretDoc) continue;
      const value = await this.host.secrets?.get(name);
      if (value === undefined) throw new EvalError('SECRET_NOT_FOUND', `secret "${name}" not found`);
      this.secretDoc[name] = value;
      if (!this.mask.add(value)) this.warnShortSecret(key, name);
    }
  }

  /** The secrets that `ensureSecrets(key, ...values)` would resolve are all resolved already. */
  secretsReady(key: string, ...values: unknown[]): boolean {
    for (const name of this.secretsOf(key, values)) if (!(name in this.secretDoc)) return false;
    return true;
  }

  /** The secret names that `values` (a step's expressions, or `$vars`, `$outputs`) refer to: once per key. */
  private secretsOf(key: string, values: readonly unknown[]): readonly string[] {
    const refs = this.plan.secretRefs;
    let names = refs.get(key);
    if (!names) {
      const set = new Set<string>();
      for (const v of values) secretNames(v, set);
      names = [...set];
      refs.set(key, names);
    }
    return names;
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
  deriveSecrets(raw: unknown, resolved: unknown): void {
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
  deriveOutput(id: string, output: unknown): void {
    if (this.plan.taintedSteps.has(id)) this.mask.derive(output);
  }

  /**
   * `resolveWith` here and now, when every template in the step's `with` has a shortcut that answers
   * (`resolveNow`): the same input, without a promise. Undefined: only `resolveWith` can tell.
   */
  resolveWithNow(step: Step, doc: Record<string, unknown>): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(step.with)) {
      if (isRawExpressionKey(step.uses, k) || !hasTemplates(v)) {
        setOwn(out, k, v);
        continue;
      }
      const r = resolveNow(v, doc);
      if (!r) return undefined;
      setOwn(out, k, r.value);
    }
    if (this.mask.active)
      for (const [k, v] of Object.entries(step.with))
        if (!isRawExpressionKey(step.uses, k)) this.deriveSecrets(v, out[k]);
    return out;
  }

  /** Resolve a step's `with` (expression-only keys of built-ins stay raw). */
  async resolveWith(step: Step, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
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
