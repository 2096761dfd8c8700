/**
 * What the studio asks of the server. The pages use these hooks' shapes only; `client.ts` maps
 * them onto the tRPC router (`AppRouter` from @weft/api, imported as a type).
 */
import type { BlockInfo } from '@weft/dsl';
import type { RunStatus, StepStatus } from '../document/run-slice';

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

export interface StudioApi {
  listWorkflows(query?: string): Promise<WorkflowSummary[]>;
  getWorkflow(id: string, version?: number): Promise<StoredWorkflow>;
  saveWorkflow(yaml: string, message: string): Promise<{ id: string; version: number }>;
  deleteWorkflow(id: string): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  history(id: string): Promise<WorkflowVersion[]>;
  rollback(id: string, version: number): Promise<{ version: number }>;
  listBlocks(): Promise<BlockInfo[]>;
  listSecrets(): Promise<string[]>;
  startRun(workflowId: string, inputs: Record<string, unknown>): Promise<{ runId: string }>;
  listRuns(workflowId: string, filters: RunFilters): Promise<RunSummary[]>;
  getRun(runId: string): Promise<RunDetail>;
  /** The run's log lines, optionally of one step. */
  runLogs(runId: string, stepId?: string): Promise<RunEvent[]>;
  /** Calls `onEvent` for every event from `fromSeq` on; returns a function that stops listening. */
  watchRun(runId: string, fromSeq: number, onEvent: (e: RunEvent) => void, onError: (err: Error) => void): () => void;
}
