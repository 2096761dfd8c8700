export type {
  RunId,
  StepId,
  ErrorCode,
  StepError,
  RunStatus,
  StepStatus,
  Clock,
  Turns,
  Ids,
  BlockContext,
  LogLevel,
  BlockCall,
  BlockResult,
  BlockRunner,
  SecretResolver,
  ResolvedWorkflow,
  WorkflowResolver,
  DebugOptions,
  RunRecord,
  WaitReason,
  StepRecord,
  RunEventType,
  RunEvent,
  NewRunEvent,
  RunCommand,
  StoredCommand,
  NewRun,
  Commit,
  ClaimOptions,
  Store,
} from './ports';
export { LeaseLostError } from './ports';
export type { EngineOptions, StartRunRequest, StartRunError, DebugAction, Result } from './engine';
export { Engine, breakpointProblem } from './engine';
export type { RunKind, StepTestTrigger } from './step-test';
export { STEP_TEST, stepTestOf } from './step-test';
export type { LogEntry } from './host';
export type { RunState, StepProgress } from './run-state';
export { replay, applyEvent, newRunRecord, TERMINAL_RUN, isTerminalStep } from './run-state';
export { ReplayCursor, CHECKPOINT_EVERY } from './replay';
export type { EvalLimits, EvalOptions } from './expressions';
export { evaluate, resolveValue, secretNames, EvalError, DEFAULT_LIMITS } from './expressions';
export type { InputCheck } from './inputs';
export { checkInputs } from './inputs';
export { retryDelay, isRetryable, NON_RETRIED } from './backoff';
export { parseDuration } from '@weft/dsl';
export { MemoryStore } from './testing/memory-store';
export { FakeClock, settle } from './testing/fake-clock';
export { FakeTurns } from './testing/fake-turns';
export { SystemClock, systemIds, systemTurns } from './system';
export type { BlockHandler } from './testing/scripted-runner';
export { ScriptedRunner } from './testing/scripted-runner';
