import type { Workflow } from '@weft/dsl';
import type { EvalLimits } from './expressions';
import type {
  BlockRunner,
  Clock,
  LogLevel,
  RunCommand,
  RunEvent,
  RunId,
  SecretResolver,
  Store,
  Turns,
  WorkflowResolver,
} from './ports';
import type { RunState } from './run-state';

export interface LogEntry {
  level: LogLevel;
  message: string;
  runId?: string;
  stepId?: string;
}

/** Starts a child run for `uses: workflow`. */
export interface ChildRequest {
  workflowId: string;
  inputs: unknown;
  parent: { runId: RunId; stepId: string };
  idempotencyKey: string;
}

export type ChildResult =
  | { ok: true; runId: RunId }
  | { ok: false; code: 'INVALID_INPUT' | 'BLOCK_NOT_FOUND' | 'LIMIT_EXCEEDED'; message: string };

/** What a run controller needs from its engine. */
export interface EngineHost {
  readonly store: Store;
  readonly runner: BlockRunner;
  readonly clock: Clock;
  readonly turns: Turns;
  readonly secrets: SecretResolver | undefined;
  readonly workflows: WorkflowResolver | undefined;
  readonly owner: string;
  readonly random: () => number;
  readonly limits: EvalLimits;
  log(entry: LogEntry): void;
  /** Wait for a slot under the server-wide limit on running blocks; call the returned function to free it. */
  acquireStepSlot(): Promise<() => void>;
  startChild(req: ChildRequest): Promise<ChildResult>;
  /** Queue a command for another run and wake whichever engine should handle it (this one if it can). */
  sendCommand(runId: RunId, command: RunCommand): Promise<void>;
  /** Events committed for a run (for subscribers). */
  published(runId: RunId, events: readonly RunEvent[]): void;
  /** The controller has nothing to do until a timer or a command (or it ended, or lost its lease). */
  settled(runId: RunId, state: RunState, why: 'idle' | 'ended' | 'lost' | 'broken'): void;
}

export interface LoadedWorkflow {
  workflow: Workflow;
  version: number;
}
