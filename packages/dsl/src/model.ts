/**
 * The typed model of a `weft/v1` workflow, as produced by `parseWorkflow`.
 * Durations are normalised to milliseconds; expressions stay as source text.
 * Every model object can be traced back to its YAML node through `path`
 * (see `WorkflowDocument.positionOf`).
 */

/** A 1-based position in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type DiagnosticCode =
  | 'E_YAML'
  | 'E_SCHEMA'
  | 'E_VERSION'
  | 'E_DUPLICATE_ID'
  | 'E_UNKNOWN_NEED'
  | 'E_CYCLE'
  | 'E_UNKNOWN_BLOCK'
  | 'E_UNKNOWN_PORT'
  | 'E_CONFLICT'
  | 'E_INVALID_INPUT'
  | 'E_STEP_NOT_UPSTREAM'
  | 'E_UNKNOWN_STEP'
  | 'E_EXPRESSION';

/** A problem found in a workflow file. `line`/`column` are 1-based. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Path of the offending node in the document, e.g. `['steps', 2, 'needs', 0]`. */
  path: readonly (string | number)[];
}

export type InputType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

export interface InputSpec {
  type: InputType;
  required: boolean;
  default?: unknown;
  description?: string;
  enum?: readonly unknown[];
}

export interface Permissions {
  /** Host patterns (`api.github.com`, `*.example.com`, `127.0.0.1`, `10.0.0.0/8`, `host:port`). */
  network: readonly string[];
  /** Names of the server's SQL connections the `sql@1` block may use. */
  sql?: readonly string[];
}

export type Backoff = 'fixed' | 'linear' | 'exponential';

export interface RetryPolicy {
  /** Counts the first try: `attempts: 1` means no retry. */
  attempts: number;
  backoff: Backoff;
  delayMs: number;
  maxDelayMs?: number;
  jitter: boolean;
}

export interface StepDefaults {
  timeoutMs?: number;
  retry?: RetryPolicy;
}

/** One entry of `needs`: `fetch` or `check.then`. */
export interface Need {
  step: string;
  port?: string;
}

export type Join = 'all' | 'any' | 'always';
export type OnError = 'fail' | 'continue';

export interface RepeatSpec {
  /** JSONata source (without `${{ }}`). */
  until: string;
  max: number;
  delayMs?: number;
}

export interface Step {
  id: string;
  name?: string;
  description?: string;
  uses: string;
  /** The block inputs exactly as written; strings may hold `${{ }}` templates. */
  with: Record<string, unknown>;
  needs: readonly Need[];
  join: Join;
  /** JSONata source (without `${{ }}`). */
  if?: string;
  /** JSONata source (without `${{ }}`). */
  foreach?: string;
  concurrency?: number;
  repeat?: RepeatSpec;
  retry?: RetryPolicy;
  timeoutMs?: number;
  onError: OnError;
  permissions?: Permissions;
}

export type WebhookSignature = 'github' | 'stripe' | 'hmac-sha256';

export type Trigger =
  | { type: 'cron'; cron: string; timezone?: string }
  | { type: 'interval'; intervalMs: number }
  | {
      type: 'webhook';
      path: string;
      method: string;
      /** May hold a `${{ secrets.X }}` template. */
      secret?: string;
      signature?: WebhookSignature;
      mode: 'async' | 'sync';
    };

/** A run end a `notify` entry listens to. */
export type NotifyOn = 'failed' | 'success' | 'cancelled' | 'any';

/** Top-level `notify` (dsl-v1 §10): POST a signed JSON notice when a run ends with a listed status. */
export interface NotifyTarget {
  on: readonly NotifyOn[];
  webhook: {
    url: string;
    /** May hold a `${{ secrets.X }}` template. */
    secret?: string;
  };
}

export interface Workflow {
  apiVersion: 'weft/v1';
  kind: 'Workflow';
  id: string;
  name?: string;
  description?: string;
  tags: readonly string[];
  enabled: boolean;
  inputs: Record<string, InputSpec>;
  vars: Record<string, unknown>;
  permissions: Permissions;
  triggers: readonly Trigger[];
  defaults: StepDefaults;
  /** Max runs of this workflow RUNNING/WAITING at once; undefined = unlimited. */
  concurrency?: number;
  failFast: boolean;
  /** Absent when the workflow declares none. */
  notify?: readonly NotifyTarget[];
  steps: readonly Step[];
  outputs: Record<string, unknown>;
  layout: Record<string, readonly [number, number]>;
}
