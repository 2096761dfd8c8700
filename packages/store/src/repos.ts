/**
 * Server-side repositories: everything the runtime server keeps besides the engine's run state.
 * Both backends (SQLite, PostgreSQL) implement these interfaces; one conformance suite checks them.
 *
 * Times are epoch milliseconds supplied by the caller (the store never reads the clock).
 * Payloads that are YAML, ciphertext or hashes are opaque strings here: parsing (`@weft/dsl`),
 * encryption (AES-256-GCM) and hashing are the server's job.
 */
import type { RunId, RunKind, RunRecord, RunStatus, StepRecord, Store } from '@weft/engine';
import type { AuditRepo, DashboardRepo, RetentionRepo } from './ops-repos';
import type { NotificationRepo, TriggerPauseRepo } from './schedule-repos';

// ---------------------------------------------------------------------------------------------
// Workflows and their immutable versions

export interface WorkflowRow {
  id: string;
  /** Display name (the caller takes it from the YAML's `name` when saving). */
  name: string;
  description?: string;
  enabled: boolean;
  latestVersion: number;
  /** Hash of the latest version's text. */
  latestHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface WorkflowVersionRow {
  workflowId: string;
  version: number;
  /** The YAML text exactly as saved. */
  yaml: string;
  hash: string;
  author?: string;
  message?: string;
  createdAt: number;
}

export type WorkflowVersionMeta = Omit<WorkflowVersionRow, 'yaml'>;

export interface SaveVersionInput {
  workflowId: string;
  yaml: string;
  hash: string;
  name: string;
  description?: string;
  author?: string;
  message?: string;
  createdAt: number;
}

export interface WorkflowListOptions {
  /** Case-insensitive substring of the id or the name. */
  search?: string;
  enabled?: boolean;
}

export interface WorkflowRepo {
  /** Ordered by id. */
  list(opts?: WorkflowListOptions): Promise<WorkflowRow[]>;
  get(id: string): Promise<WorkflowRow | undefined>;
  /**
   * The row from memory, with no query and no promise, when this repository holds it and knows it is
   * current (SQLite: nothing committed since it was read — another process's commit is seen from the
   * next event-loop turn, see sqlite/workflow-rows.ts); undefined means "ask `get`". Optional: a
   * repository without a row cache leaves it out. The webhook path answers from it.
   */
  cached?(id: string): WorkflowRow | undefined;
  /**
   * Store a new immutable version and return its number (1, 2, …). Always creates a version, even when
   * the text equals the latest one (dsl-v1 §9: a rollback or a layout-only save is still a version);
   * compare `hash` with `WorkflowRow.latestHash` first if you want to skip unchanged saves (e.g. `weft
   * apply`'s "unchanged"). A new workflow starts enabled. Concurrent saves get distinct numbers.
   */
  saveVersion(input: SaveVersionInput): Promise<number>;
  /** Versions, newest first, without their text. */
  history(id: string): Promise<WorkflowVersionMeta[]>;
  /** One version with its text (what the engine's `WorkflowResolver.version` sits on). */
  workflowVersion(id: string, version: number): Promise<WorkflowVersionRow | undefined>;
  /** The latest version with its text (what `WorkflowResolver.latest` sits on). */
  latestWorkflow(id: string): Promise<WorkflowVersionRow | undefined>;
  /** Returns false when the workflow does not exist. */
  setEnabled(id: string, enabled: boolean, at: number): Promise<boolean>;
  /** Deletes the workflow, its versions, trigger state and webhook deliveries; its runs stay. False if absent. */
  delete(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Run queries (the engine writes runs through the `Store` port; these are read-only views)

export interface RunListFilter {
  workflowId?: string;
  status?: RunStatus | readonly RunStatus[];
  /** createdAt >= from */
  from?: number;
  /** createdAt < to */
  to?: number;
  /** Only children of this run. */
  parentRunId?: RunId;
  /** Only production runs (`run`) or only step tests (`step-test`); default both. */
  kind?: RunKind;
  /** Only runs whose trigger `type` is one of these (`manual`, `api`, `cron`, `interval`, `webhook`, `retry`, `workflow`, …). */
  trigger?: string | readonly string[];
  /** Only runs whose error code or message contains this text (case-insensitive; ASCII case on SQLite). */
  errorText?: string;
  /** Default 50, at most 500. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface RunPage {
  /** Newest first (createdAt descending, ties broken stably). */
  runs: RunRecord[];
  /** Present when there may be more; pass it back as `cursor`. */
  nextCursor?: string;
}

export interface RunWithSteps {
  run: RunRecord;
  steps: StepRecord[];
}

export interface RunQueries {
  /** Throws `StoreError` code `BAD_CURSOR` on a cursor this store did not make. */
  list(filter?: RunListFilter): Promise<RunPage>;
  get(runId: RunId): Promise<RunWithSteps | undefined>;
  /** Every status is present (0 when none), optionally for one workflow. For /metrics. */
  countByStatus(workflowId?: string): Promise<Record<RunStatus, number>>;
}

// ---------------------------------------------------------------------------------------------
// Secrets (ciphertext only)

export interface SecretRow {
  name: string;
  ciphertext: string;
  createdAt: number;
  updatedAt: number;
}

export type SecretMeta = Omit<SecretRow, 'ciphertext'>;

export interface SecretRepo {
  /** Insert or replace. */
  put(name: string, ciphertext: string, at: number): Promise<void>;
  /** Replace many in one transaction (key rotation re-encrypts everything atomically). */
  putMany(entries: readonly { name: string; ciphertext: string }[], at: number): Promise<void>;
  get(name: string): Promise<SecretRow | undefined>;
  /** Every secret with its ciphertext, ordered by name (for rotation). */
  all(): Promise<SecretRow[]>;
  /** Names and times only, ordered by name. */
  list(): Promise<SecretMeta[]>;
  delete(name: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// API tokens (hashes only)

export type TokenRole = 'admin' | 'editor' | 'viewer';

export interface TokenRow {
  id: string;
  name: string;
  role: TokenRole;
  /** The token's hash (e.g. hex SHA-256); never the token itself. */
  hash: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

export interface TokenRepo {
  /** Throws `StoreError` code `CONFLICT` if the id or hash exists. */
  create(token: {
    id: string;
    name: string;
    role: TokenRole;
    hash: string;
    createdAt: number;
  }): Promise<TokenRow>;
  /** A token that is not revoked, by its hash. */
  findByHash(hash: string): Promise<TokenRow | undefined>;
  /** All tokens including revoked ones, oldest first. */
  list(): Promise<TokenRow[]>;
  /** False if absent or already revoked. */
  revoke(id: string, at: number): Promise<boolean>;
  markUsed(id: string, at: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Trigger state (so a missed or concurrent cron/interval tick fires once)

export interface TriggerStateRow {
  workflowId: string;
  /** The caller's name for the trigger within the workflow, e.g. `cron:0` or `interval:1`. */
  triggerKey: string;
  /** The scheduled time (epoch ms) of the last tick that fired. */
  lastTick: number;
  updatedAt: number;
  /** The run the last tick started, once recorded. */
  lastRunId?: string;
}

export interface TriggerStateRepo {
  get(workflowId: string, triggerKey: string): Promise<TriggerStateRow | undefined>;
  list(workflowId?: string): Promise<TriggerStateRow[]>;
  /**
   * Atomically record that the tick scheduled at `tick` fires: true if it was not recorded before
   * (no row, or `lastTick < tick`) and this caller should start the run; false if this or a later tick
   * was already recorded (another process, or before a restart). Several processes may call it for
   * the same tick: exactly one gets true.
   */
  claimTick(workflowId: string, triggerKey: string, tick: number, at: number): Promise<boolean>;
  /** Record the run that the tick `tick` started (no-op when a later tick was claimed since). */
  setLastRun(workflowId: string, triggerKey: string, tick: number, runId: string): Promise<void>;
  /** Forget the state of every trigger of a workflow (e.g. its triggers changed). */
  clear(workflowId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Webhook deliveries (Idempotency-Key → run, and the outcome)

export type WebhookOutcome = 'accepted' | 'rejected' | 'failed' | 'duplicate';

export interface WebhookDelivery {
  workflowId: string;
  /** The `Idempotency-Key` header (or another unique delivery id). */
  deliveryKey: string;
  runId?: RunId;
  outcome: WebhookOutcome;
  /** HTTP status answered. */
  httpStatus?: number;
  receivedAt: number;
}

export interface WebhookRepo {
  /** Insert if (workflowId, deliveryKey) is new; otherwise return the stored one with `created: false`. */
  record(delivery: WebhookDelivery): Promise<{ delivery: WebhookDelivery; created: boolean }>;
  get(workflowId: string, deliveryKey: string): Promise<WebhookDelivery | undefined>;
  /** Update the run id / outcome / status of a recorded delivery; false if absent. */
  update(
    workflowId: string,
    deliveryKey: string,
    patch: { runId?: RunId; outcome?: WebhookOutcome; httpStatus?: number },
  ): Promise<boolean>;
  /** Newest first. */
  list(workflowId: string, limit?: number): Promise<WebhookDelivery[]>;
}

// ---------------------------------------------------------------------------------------------
// Everything together

export interface Repositories {
  workflows: WorkflowRepo;
  runs: RunQueries;
  secrets: SecretRepo;
  tokens: TokenRepo;
  triggers: TriggerStateRepo;
  webhooks: WebhookRepo;
  audit: AuditRepo;
  dashboard: DashboardRepo;
  retention: RetentionRepo;
  /** Paused cron/interval triggers. */
  pauses: TriggerPauseRepo;
  /** Run-end notification deliveries and dead letters. */
  notifications: NotificationRepo;
}

/** What `openStore(url)` returns: the engine's `Store` plus the server's repositories. */
export interface WeftStore extends Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly repos: Repositories;
  /** True when the database answers and every migration is applied (for /readyz); never throws. */
  migrated(): Promise<boolean>;
  /** Close connections. The store is unusable afterwards. */
  close(): Promise<void>;
}
