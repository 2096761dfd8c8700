// 2025-11-21 engine: added RunCommand `{ type: 'child' }` (a child run tells its parent it ended);
//   documented the event `data` shapes (see RunEventType) — `run.created` data is written by the store.
// 2025-11-21 engine: spelled out `Commit.run` (a key present with `undefined` clears the field, e.g. wakeAt)
//   and `claimRuns` details (what MemoryStore in packages/engine/src/testing does). No signature changed.
// 2025-11-21 engine (performance): two OPTIONAL fields, so a store that ignores them stays correct:
//   `NewRun.lease` (create the run already leased and admitted by the engine that will start it at once;
//   no claim round trip) and `Commit.release` (clear the lease in the same transaction; the engine sets it
//   on the commit that ends a run, so a finished run needs no `releaseRun`).
/**
 * The ports the engine needs from the outside world. `packages/store` implements `Store`,
 * `packages/sandbox` implements `BlockRunner`; tests use in-memory versions and a fake `Clock`.
 * The engine itself never touches Date.now, timers, fetch or a database.
 *
 * OWNER: the engine. Other packages implement these; change them here first.
 */
import type { Workflow } from '@weft/dsl';

export type RunId = string & { readonly __brand: 'RunId' };
export type StepId = string & { readonly __brand: 'StepId' };

/** Error codes shared by engine, API and CLI (DESIGN.md). */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'EXPRESSION_ERROR'
  | 'TIMEOUT'
  | 'PERMISSION_DENIED'
  | 'SECRET_NOT_FOUND'
  | 'BLOCK_ERROR'
  | 'BLOCK_NOT_FOUND'
  | 'HTTP_ERROR'
  | 'REPEAT_LIMIT'
  | 'FOREACH_NOT_ARRAY'
  | 'OUTPUT_ERROR'
  | 'CANCELLED'
  | 'LIMIT_EXCEEDED';

export interface StepError {
  code: ErrorCode;
  message: string;
  /** Overrides the default retry decision for this code. */
  retryable?: boolean;
}

export type RunStatus = 'QUEUED' | 'RUNNING' | 'WAITING' | 'SUCCESS' | 'FAILED' | 'CANCELLED';
export type StepStatus = 'PENDING' | 'RUNNING' | 'WAITING' | 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

// ---------------------------------------------------------------------------------------------
// Time

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Call `fn` once at or after `at` (epoch ms). Returns a function that cancels the timer. */
  setTimer(at: number, fn: () => void): () => void;
}

/**
 * Event-loop turns: when a run's batch of events is committed, when a due timer fires, when a long
 * expression yields (and the stopwatch that tells it to). `SystemTurns` (system.ts) uses the host's event loop; `FakeTurns` (testing)
 * runs them when a test says so.
 */
export interface Turns {
  /** Run `fn` one turn later: after the current macrotask and its I/O callbacks. */
  next(fn: () => void): void;
  /** Run `fn` once the current synchronous work ends, before any I/O. */
  afterThisTask(fn: () => void): void;
  /**
   * Monotonic milliseconds, for how long work ran between two turns: a long expression yields
   * after a time slice and fails past its time budget (`EvalLimits.maxMs`).
   */
  elapsedMs(): number;
}

/** Ids and randomness: run ids, the engine's lease owner id, retry jitter. */
export interface Ids {
  /** A fresh random UUID (version 4); run ids are UUID v7 built from it and the clock. */
  uuid(): string;
  /** Uniform in [0, 1). */
  random(): number;
}

// ---------------------------------------------------------------------------------------------
// Blocks

export interface BlockContext {
  runId: RunId;
  stepId: string;
  attempt: number;
  /** `${runId}:${stepId}[:${itemIndex}]:${attempt}` — stable across a crash-retry of the same attempt number. */
  idempotencyKey: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface BlockCall {
  /** The step's `uses`: `code`, `http@1`, `csv@1.0.0`, … (engine built-ins never reach the runner). */
  uses: string;
  /** Resolved inputs (expressions evaluated, secrets substituted). */
  with: Record<string, unknown>;
  context: BlockContext;
  /** Effective permissions: the step's if given, else the workflow's (`sql`: connection names). */
  permissions: { network: readonly string[]; sql?: readonly string[] };
  /** The workflow the step belongs to (scopes `storage@1`'s objects). */
  workflowId?: string;
  /** Per-attempt timeout from the step/defaults; the runner may apply a tighter manifest limit. */
  timeoutMs?: number;
  /** Aborted when the run is cancelled or the step times out. */
  signal: AbortSignal;
  /** Lands in the run's log (the engine masks secrets). */
  log(level: LogLevel, message: string): void;
}

export type BlockResult = { ok: true; output: unknown; port?: string } | { ok: false; error: StepError };

export interface BlockRunner {
  run(call: BlockCall): Promise<BlockResult>;
}

// ---------------------------------------------------------------------------------------------
// Secrets and child workflows

export interface SecretResolver {
  /** The secret's plain value, or undefined when it does not exist. */
  get(name: string): Promise<string | undefined>;
}

export interface ResolvedWorkflow {
  workflow: Workflow;
  /** The version number that runs will record. */
  version: number;
}

export interface WorkflowResolver {
  /** Latest version of a workflow by id (for `uses: workflow`), or undefined. */
  latest(id: string): Promise<ResolvedWorkflow | undefined>;
  /** A specific version (to resume a run of that version). */
  version(id: string, version: number): Promise<ResolvedWorkflow | undefined>;
  /**
   * `version` answered from memory when the resolver holds that version already (no promise); undefined
   * means "ask `version`". Optional: `Engine.startRun` takes it first, so a run of a workflow in hand
   * starts without waiting a turn for its definition.
   */
  cached?(id: string, version: number): ResolvedWorkflow | undefined;
}

// ---------------------------------------------------------------------------------------------
// Storage

export interface DebugOptions {
  /** Pause before every step. */
  stepMode: boolean;
  breakpoints: readonly {
    stepId: string;
    /** JSONata over the step's resolved `with`. */ condition?: string;
  }[];
}

export interface RunRecord {
  id: RunId;
  workflowId: string;
  workflowVersion: number;
  status: RunStatus;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: StepError;
  trigger: unknown;
  parent?: { runId: RunId; stepId: string };
  idempotencyKey?: string;
  debug?: DebugOptions;
  /** Copied from the workflow at creation; enforced when QUEUED runs are admitted. */
  concurrencyLimit?: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Sequence number of the last event. */
  lastSeq: number;
  /** When the run next needs an engine (a timer, a retry); undefined = only an external command wakes it. */
  wakeAt?: number;
}

export type WaitReason = 'wait' | 'approval' | 'breakpoint' | 'retry' | 'child' | 'repeat';

export interface StepRecord {
  runId: RunId;
  stepId: string;
  status: StepStatus;
  attempts: number;
  /** Resolved inputs of the latest attempt (secrets masked). */
  input?: unknown;
  output?: unknown;
  port?: string;
  error?: StepError;
  startedAt?: number;
  finishedAt?: number;
  waitReason?: WaitReason;
  wakeAt?: number;
  /** Engine-private progress (foreach item results, repeat iteration, child run id…). */
  state?: unknown;
}

/**
 * Event `data` (the store treats it as opaque JSON; `replay` in packages/engine rebuilds state from it):
 * - `run.created` (written by `Store.createRun`, `at` = createdAt): `{ workflowId, workflowVersion, inputs,
 *   trigger, parent?, idempotencyKey?, debug?, concurrencyLimit? }` — the NewRun fields except id/createdAt.
 * - `run.started` `{ steps: string[] }`; `run.succeeded` `{ outputs }`; `run.failed` / `run.cancelled` `{ error }`.
 * - `step.started` `{ attempt, input?, iteration?, items?, recovered? }`; `step.waiting` `{ reason, wakeAt?, input?, … }`;
 *   `step.attempt.failed` `{ attempt, error, retryAt?, index?, input? }` (a foreach item's last attempt: `index`
 *   without `retryAt`); `step.item.finished` `{ index, output, attempts, input? }` (`input`: the item's resolved inputs);
 *   `step.succeeded` `{ output, port?, attempts }`; `step.failed` `{ error }`; `step.skipped` `{ reason }`.
 */
export type RunEventType =
  | 'run.created'
  | 'run.started'
  | 'run.waiting'
  | 'run.resumed'
  | 'run.succeeded'
  | 'run.failed'
  | 'run.cancelled'
  | 'step.started'
  | 'step.waiting'
  | 'step.resumed'
  | 'step.attempt.failed'
  | 'step.item.finished'
  | 'step.succeeded'
  | 'step.failed'
  | 'step.skipped'
  | 'step.cancelled'
  | 'step.log'
  | 'debug.paused'
  | 'debug.command';

export interface RunEvent {
  runId: RunId;
  seq: number;
  at: number;
  type: RunEventType;
  stepId?: string;
  data: Record<string, unknown>;
}

export type NewRunEvent = Omit<RunEvent, 'runId' | 'seq'>;

/** An external request to a run, delivered to whichever engine owns it. */
export type RunCommand =
  | { type: 'cancel'; by?: string }
  | { type: 'approve'; stepId: string; approved: boolean; by?: string; comment?: string }
  | {
      type: 'debug';
      stepId: string;
      action: 'continue' | 'step' | 'skip' | 'cancel';
      input?: Record<string, unknown>;
      /** `skip` only: the step ends SUCCESS with this output (downstream steps see it) instead of SKIPPED. */
      output?: unknown;
    }
  | { type: 'retry'; fromStepId: string }
  /** Sent by a child run to its parent when the child ends. */
  | { type: 'child'; stepId: string; childRunId: RunId };

export interface StoredCommand {
  id: number;
  runId: RunId;
  command: RunCommand;
  createdAt: number;
}

export interface NewRun {
  id: RunId;
  workflowId: string;
  workflowVersion: number;
  inputs: Record<string, unknown>;
  trigger: unknown;
  parent?: { runId: RunId; stepId: string };
  idempotencyKey?: string;
  debug?: DebugOptions;
  concurrencyLimit?: number;
  createdAt: number;
  /**
   * Create the run already leased by `owner` until `until` and admitted (the engine creating it starts it
   * at once, without a claim). Only sent for runs without `concurrencyLimit`. Ignored when the
   * idempotency key returns an existing run.
   */
  lease?: { owner: string; until: number };
}

/** Everything that changes together, committed in one transaction. */
export interface Commit {
  runId: RunId;
  /** The engine instance that holds the run's lease; the store rejects a commit from a stale owner. */
  owner: string;
  /** Fields to set; a key present with the value `undefined` clears that field (the engine sends
   * `wakeAt: undefined` when nothing is timed any more). */
  run?: Partial<Omit<RunRecord, 'id' | 'lastSeq'>>;
  steps?: readonly StepRecord[];
  /** Appended in order; the store assigns consecutive `seq` numbers. */
  events: readonly NewRunEvent[];
  /** Commands consumed by this commit (deleted in the same transaction). */
  ackCommands?: readonly number[];
  /** Give up the lease in the same transaction (after the fence check); sent with a run's final commit. */
  release?: boolean;
  /**
   * This commit creates its run: the engine's first commit of a run it started itself. The store
   * creates it as `createRun(create)` would (leased to `owner`, its `run.created` event at seq 1) and
   * applies the rest of the commit in the same transaction, so a run that ends within its first turn
   * is written once, in its final state. Only sent with a `lease` for `owner` and no idempotency key.
   */
  create?: NewRun;
  /**
   * Every record in `steps` is what `applyEvent` makes of the run's events from its first (seq 1) through
   * this commit's last: a store may keep just the events for the steps that ended and give their records
   * back derived from them (`replay`). The engine sends it with the commit that creates a run.
   */
  stepsFromEvents?: boolean;
}

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /**
   * Also claim every run leased to `owner`, expired or not (an engine's first claim after it starts:
   * what its name still holds was stranded by a previous process with the same instance id).
   */
  reclaimOwn?: boolean;
}

/**
 * Storage port. All methods are atomic. Implementations: SQLite and PostgreSQL (packages/store),
 * in-memory (packages/engine tests). One conformance suite runs against each.
 */
export interface Store {
  /** Create a run (status QUEUED, event `run.created` seq 1). With an idempotency key already used for
   * this workflow, returns the existing run and `created: false`. */
  createRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }>;
  /** Apply a commit; returns the run's new `lastSeq`. Throws `LeaseLostError` if `owner` lost the lease. */
  commit(commit: Commit): Promise<number>;
  getRun(runId: RunId): Promise<RunRecord | undefined>;
  getSteps(runId: RunId): Promise<StepRecord[]>;
  /** Events with `seq > afterSeq`, in order, at most `limit`. */
  listEvents(runId: RunId, afterSeq: number, limit: number): Promise<RunEvent[]>;
  /**
   * Lease runs that need an engine: non-terminal, `wakeAt <= now` or pending commands, and unleased or
   * leased by a lease that expired (or already ours). QUEUED runs are admitted only while their workflow
   * has fewer than `concurrencyLimit` RUNNING/WAITING runs, oldest first. On PostgreSQL this uses
   * `FOR UPDATE SKIP LOCKED`.
   * Precisely (as MemoryStore does it): a QUEUED run is claimable when not under a live lease, and
   * admitted in creation order — once one QUEUED run of a workflow is refused, younger ones of that
   * workflow are refused too; a QUEUED run under a live lease counts as active for admission. A
   * RUNNING/WAITING run is claimable when its lease expired (whatever `wakeAt`), or when it is
   * unleased and (due: `wakeAt <= now`, has commands, or is RUNNING — released mid-flight). A run
   * already leased by `owner` is returned again when it is due or has commands (the lease is renewed).
   * Terminal runs are never claimed.
   */
  claimRuns(opts: ClaimOptions): Promise<RunId[]>;
  /** Extend the leases `owner` holds; returns the run ids whose lease it no longer holds. */
  renewLeases(owner: string, runIds: readonly RunId[], until: number): Promise<RunId[]>;
  /** Give up a lease (the run stays claimable from `wakeAt` on). */
  releaseRun(owner: string, runId: RunId): Promise<void>;
  /** Queue a command for a run and make the run claimable now. */
  addCommand(runId: RunId, command: RunCommand, at: number): Promise<void>;
  listCommands(runId: RunId): Promise<StoredCommand[]>;
  /** Runs of a parent (child workflows). */
  listChildRuns(parentRunId: RunId): Promise<RunRecord[]>;
}

/** Thrown by `Store.commit` when the committing engine no longer holds the run's lease. */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly runId: RunId) {
    super(`lease lost on run ${runId}`);
    this.name = 'LeaseLostError';
  }
}
