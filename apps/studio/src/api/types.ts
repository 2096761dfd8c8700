/**
 * What the studio asks of the server. The pages use these hooks' shapes only; `client.ts` maps
 * them onto the tRPC router (`AppRouter` from @weft/api, imported as a type).
 */
import type { BlockInfo } from '@weft/dsl';
import type { Template, TemplateFilter, TemplateInfo, UsedTemplate } from '@weft/api';
import type { RunStatus, StepStatus } from '../document/run-slice';
import type { DebugRequest } from '../debugger/breakpoints';

export interface WorkflowSummary {
  id: string;
  name?: string;
  enabled: boolean;
  version: number;
  updatedAt: string;
}

export interface WorkflowVersion {
  version: number;
  message: string;
  author?: string;
  createdAt: string;
  hash?: string;
}

export interface StoredWorkflow {
  id: string;
  version: number;
  yaml: string;
  enabled: boolean;
}

export interface StepRunDetail {
  stepId: string;
  status: StepStatus;
  attempts: number;
  input?: unknown;
  output?: unknown;
  error?: { code: string; message: string } | null;
  port?: string;
  waitReason?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface RunSummary {
  runId: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  createdAt: string;
  finishedAt?: string;
  trigger?: unknown;
}

export interface RunDetail extends RunSummary {
  inputs: Record<string, unknown>;
  /** A debug run: its breakpoints (with their conditions) and step mode. */
  debug?: DebugRequest;
  outputs?: unknown;
  error?: { code: string; message: string } | null;
  steps: readonly StepRunDetail[];
}

/** One run event, as the run's event log holds it (`step.started`, `step.succeeded`, `run.failed`, …). */
export interface RunEvent {
  seq: number;
  type: string;
  stepId?: string;
  /** Epoch milliseconds. */
  at: number;
  data: Record<string, unknown>;
}

export interface RunFilters {
  status?: RunStatus;
  limit?: number;
}

export type Role = 'admin' | 'editor' | 'viewer';

/** Who the server thinks the studio is (`auth.whoami`). With auth off: the local admin. */
export interface Session {
  authEnabled: boolean;
  signedIn: boolean;
  name: string | null;
  role: Role | null;
}

export interface SecretInfo {
  name: string;
  updatedAt: string;
}

export type { Template, TemplateFilter, TemplateInfo, UsedTemplate };

export interface StudioApi {
  whoami(): Promise<Session>;
  /** Gallery cards, filtered by category, tag and search words on the server. */
  listTemplates(filter?: TemplateFilter): Promise<TemplateInfo[]>;
  /** One template with its YAML. */
  getTemplate(id: string): Promise<Template>;
  /** Stores a new workflow from the template under a fresh id (never an existing one). */
  useTemplate(id: string): Promise<UsedTemplate>;
  /** The latest runs of every workflow, newest first (the home page). */
  recentRuns(limit: number): Promise<RunSummary[]>;
  listWorkflows(query?: string): Promise<WorkflowSummary[]>;
  getWorkflow(id: string, version?: number): Promise<StoredWorkflow>;
  /**
   * Stores a new version. `create`: the text is a new document — when a workflow with its id exists,
   * nothing is stored and `taken` is true. `unchanged`: the text equals the latest version; nothing
   * was stored.
   */
  saveWorkflow(
    yaml: string,
    message: string,
    options?: { create?: boolean },
  ): Promise<{ id: string; version: number; unchanged: boolean; taken: boolean }>;
  deleteWorkflow(id: string): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  history(id: string): Promise<WorkflowVersion[]>;
  rollback(id: string, version: number): Promise<{ version: number }>;
  listBlocks(): Promise<BlockInfo[]>;
  listSecrets(): Promise<SecretInfo[]>;
  /** Adds the secret, or replaces its value. */
  setSecret(name: string, value: string): Promise<void>;
  deleteSecret(name: string): Promise<void>;
  /** Starts a run; with `debug`, it pauses at those breakpoints (or before every step in step mode). */
  startRun(
    workflowId: string,
    inputs: Record<string, unknown>,
    debug?: DebugRequest,
  ): Promise<{ runId: string }>;
  listRuns(workflowId: string, filters: RunFilters): Promise<RunSummary[]>;
  getRun(runId: string): Promise<RunDetail>;
  cancelRun(runId: string): Promise<void>;
  /** Approves or rejects an approval step that is WAITING. */
  decide(runId: string, stepId: string, approved: boolean, comment: string): Promise<void>;
  /** Starts a new run of the same version and inputs from `stepId` on; returns the new run's id. */
  retryRun(runId: string, fromStepId: string): Promise<{ runId: string }>;
  /**
   * Debugger: act on a step paused at a breakpoint. `input` replaces its inputs (continue, step);
   * `output` with skip ends it SUCCESS with that output.
   */
  debugCommand(command: {
    runId: string;
    stepId: string;
    action: 'continue' | 'step' | 'skip' | 'cancel';
    input?: Record<string, unknown>;
    output?: unknown;
  }): Promise<void>;
  /** The run's log lines, optionally of one step. */
  runLogs(runId: string, stepId?: string): Promise<RunEvent[]>;
  /** Calls `onEvent` for every event from `fromSeq` on; returns a function that stops listening. */
  watchRun(
    runId: string,
    fromSeq: number,
    onEvent: (e: RunEvent) => void,
    onError: (err: Error) => void,
  ): () => void;
}
