/**
 * What the API needs from the server that composes it. The server passes these in `ApiDeps`;
 * tests pass the same real pieces (store, engine) with an in-memory database.
 */
import type { BlockCatalog } from '@weft/dsl';
import type {
  DebugOptions,
  Result,
  RunEvent,
  RunId,
  RunRecord,
  RunStatus,
  StartRunError,
} from '@weft/engine';
import type { WeftStore } from '@weft/store';
import type { BlockEntry, InstallResult, InstalledBlock, TrustedKey, VerifyReport } from '@weft/sandbox';

/** An archive's block as shown before install. */
export interface BlockPreview {
  ok: true;
  name: string;
  version: string;
  title: string;
  description: string;
  sha256: string;
  signedBy: string | null;
  capabilities: { network: boolean; sql?: boolean; storage?: boolean };
  limits: { memoryBytes?: number; timeoutMs?: number; maxOutputBytes?: number };
  /** Why the server would refuse it (tampered, unsigned while signatures are required…), if it would. */
  problem: string | null;
}
import type { SecretVault } from './secrets/secret-vault';
import type { ScheduleView } from './services/schedules';

/** What the API asks of the server's notification sender. */
export interface NotifierControl {
  /** Look for due deliveries now (after a redeliver), instead of at the next poll. */
  wake(): void;
}

/** The server's retention job, as the settings page shows it (absent in tools without one). */
export interface RetentionControl {
  /** True when a rule is configured and the job runs. */
  readonly enabled: boolean;
  readonly policy: { maxAgeMs?: number; keepPerWorkflow?: number; intervalMs: number };
  /** When the next pass is due (epoch ms), while the job runs. */
  readonly nextRunAt: number | undefined;
}

export interface StartRunRequest {
  workflowId: string;
  /** A stored version; default the latest. */
  version?: number;
  inputs: Record<string, unknown>;
  trigger: Record<string, unknown>;
  idempotencyKey?: string;
  debug?: DebugOptions;
}

export interface StartedRun {
  runId: RunId;
  status: RunStatus;
  /** False when the idempotency key was used before: `runId` is that run. */
  created: boolean;
}

/** Why the engine refused a command on a run: its own result type (`@weft/engine`), never a throw. */
export interface EngineRefusal {
  code: 'NOT_FOUND' | 'INVALID_INPUT';
  message: string;
}

/**
 * The run operations of the engine the API calls (the server adapts `@weft/engine`'s Engine). They
 * answer the engine's `Result`s: a refusal is a value, mapped to tRPC in errors.ts (`engineError`).
 */
export interface RunEngine {
  /** Validates inputs against the workflow (creating no run when they do not fit), then creates the run. */
  startRun(req: StartRunRequest): Promise<Result<StartedRun, StartRunError>>;
  cancel(runId: RunId, by?: string): Promise<Result<void, EngineRefusal>>;
  decideApproval(req: {
    runId: RunId;
    stepId: string;
    approved: boolean;
    by?: string;
    comment?: string;
  }): Promise<Result<void, EngineRefusal>>;
  debug(req: {
    runId: RunId;
    stepId: string;
    action: 'continue' | 'step' | 'skip' | 'cancel';
    input?: Record<string, unknown>;
    /** With `skip`: the step ends SUCCESS with this output instead of SKIPPED. */
    output?: unknown;
  }): Promise<Result<void, EngineRefusal>>;
  /**
   * Test one step: a new run marked as a step test that runs only `stepId`, with the recorded outputs
   * of its upstream steps in `runId` and `input` (when given) instead of its resolved inputs.
   */
  testStep(req: {
    runId: RunId;
    stepId: string;
    input?: Record<string, unknown>;
  }): Promise<Result<{ runId: RunId }, EngineRefusal>>;
  /** A new run with the same inputs where `stepId` and everything downstream run again. */
  retryFrom(runId: RunId, stepId: string): Promise<Result<{ runId: RunId }, EngineRefusal>>;
  /** Stored events with `seq >= fromSeq`, then live ones, each once and in order. Returns unsubscribe. */
  subscribe(runId: RunId, fromSeq: number, listener: (event: RunEvent) => void): () => void;
  /** Resolves with the run once it ends, or with its current state after `timeoutMs`. */
  waitForRun(runId: RunId, timeoutMs: number): Promise<RunRecord | undefined>;
  /**
   * The record of a run that ended on this engine in the current turn, with no promise (a sync
   * webhook's run that ended in its creating commit), else undefined: then ask `waitForRun`.
   */
  endedRun?(runId: RunId): RunRecord | undefined;
}

/** Server hooks the API calls after a change, e.g. to re-arm triggers. Failures are logged by the server. */
export interface ApiHooks {
  /** A run was created by the run-start service (services/run-start.ts), from any entry point. */
  runStarted?(e: { workflowId: string; runId: RunId; trigger: string }): void;
  workflowChanged(e: {
    workflowId: string;
    version?: number;
    triggersChanged: boolean;
    deleted?: boolean;
  }): void;
}

export interface ApiDeps {
  store: WeftStore;
  engine: RunEngine;
  catalog: BlockCatalog;
  vault: SecretVault;
  /** The gallery's files (apps/server reads them from the templates folder). */
  templates: TemplateFiles;
  authEnabled: boolean;
  hooks: ApiHooks;
  now(): number;
  /** The block registry of the server (install/list/remove/verify, trust store); absent in some tests. */
  blocks?: BlockAdmin;
  /** The live trigger scheduler's next ticks (the schedules page; absent in tools without one). */
  schedule?: ScheduleView;
  /** Run-end notifications: redeliver a dead letter now (absent in tools without a notifier). */
  notifier?: NotifierControl;
  /** The retention job's policy and next pass (`retention.status`). */
  retention?: RetentionControl;
  /** Re-encrypt every secret with a new key and persist it (server-side: key file or refusal). */
  rotateSecretKey(newKey?: string): Promise<{ count: number; keyId: string; keyFile?: string }>;
}

/**
 * The gallery's template files (`*.yaml`), read on each call. The API does no file I/O itself: the
 * server implements this over its templates folder (apps/server/src/templates-folder.ts).
 */
export interface TemplateFiles {
  /** The names of the files in the gallery; none when it does not exist. */
  names(): Promise<string[]>;
  /** A file's text by name, or undefined when it cannot be read. */
  read(name: string): Promise<string | undefined>;
}

/** The server's installed blocks and trust store (apps/server implements it over `BlockHome`). */
export interface BlockAdmin {
  readonly requireSignatures: boolean;
  list(): BlockEntry[];
  /** Installs a `.tgz` made by `weft block pack` (or an npm tarball); the catalog reloads on success. */
  install(
    archive: Uint8Array,
    source: string,
  ): Promise<InstallResult | { ok: false; code: 'INVALID'; message: string }>;
  /** What an archive holds and asks for, without installing it (shown before the person confirms). */
  inspect(archive: Uint8Array, source: string): Promise<BlockPreview | { ok: false; message: string }>;
  remove(name: string, version?: string): InstalledBlock[];
  verify(): VerifyReport[];
  keys: {
    list(): TrustedKey[];
    add(name: string, key: string): { ok: true; value: TrustedKey } | { ok: false; message: string };
    remove(nameOrId: string): { ok: true; value: TrustedKey } | { ok: false; message: string };
  };
}
