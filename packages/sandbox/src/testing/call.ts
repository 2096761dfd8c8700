import type { BlockCall, LogLevel, RunId } from '@weft/engine';

export interface CallSpec {
  network?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A `BlockCall` as the engine would make it, with its logs collected. */
export function makeCall(
  uses: string,
  withArgs: Record<string, unknown>,
  spec: CallSpec = {},
): { call: BlockCall; logs: { level: LogLevel; message: string }[] } {
  const logs: { level: LogLevel; message: string }[] = [];
  const call: BlockCall = {
    uses,
    with: withArgs,
    context: { runId: 'run_1' as RunId, stepId: 'step_1', attempt: 1, idempotencyKey: 'run_1:step_1:1' },
    permissions: { network: spec.network ?? [] },
    signal: spec.signal ?? new AbortController().signal,
    log: (level, message) => void logs.push({ level, message }),
  };
  if (spec.timeoutMs !== undefined) call.timeoutMs = spec.timeoutMs;
  return { call, logs };
}
