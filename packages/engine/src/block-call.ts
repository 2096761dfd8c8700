/**
 * One call of a block through the `BlockRunner` port: its context and idempotency key, its
 * `timeout` (the abort signal fires), its logs as step events; and the checks every block or
 * built-in answer passes before anything stores it.
 */
import type { Step } from '@weft/dsl';
import { MAX_DATA_DEPTH, nestedDeeperThan, tooDeep } from '@weft/dsl';
import { isRetryable } from './backoff';
import { EvalError } from './expressions';
import type { BlockCall, BlockResult, StepError } from './ports';
import type { RunContext } from './run-context';

/** A block call of one attempt (or one foreach item's attempt: `index`, `key` = `id#index`). */
export async function callBlock(
  run: RunContext,
  step: Step,
  at: { id: string; input: Record<string, unknown>; attempt: number; key: string; index?: number },
): Promise<BlockResult> {
  const { id, input } = at;
  // A block acts outside the run: never before the run is stored (its first commit may create it).
  await run.commits.stored;
  const abort = new AbortController();
  run.aborts.set(at.key, abort);
  const timeoutMs = step.timeoutMs ?? run.wf.defaults.timeoutMs;
  let cancelTimeout: (() => void) | undefined;
  const timedOut = new Promise<BlockResult>((resolve) => {
    if (timeoutMs === undefined) return;
    cancelTimeout = run.host.clock.setTimer(run.now + timeoutMs, () => {
      abort.abort();
      resolve({
        ok: false,
        error: { code: 'TIMEOUT', message: `step "${id}" timed out after ${timeoutMs} ms` },
      });
    });
  });
  const idx = at.index === undefined ? '' : `:${at.index}`;
  const call: BlockCall = {
    uses: step.uses,
    with: input,
    context: {
      runId: run.runId,
      stepId: id,
      attempt: at.attempt,
      idempotencyKey: `${run.runId}:${id}${idx}:${at.attempt}`,
    },
    permissions: step.permissions ?? run.wf.permissions,
    workflowId: run.wf.id,
    signal: abort.signal,
    log: (level, message) => {
      if (!run.stale(id))
        run.emit('step.log', id, {
          level,
          message: String(message),
          ...(at.index !== undefined && { index: at.index }),
        });
    },
  };
  if (timeoutMs !== undefined) call.timeoutMs = timeoutMs;
  try {
    const answer = run.host.runner
      .run(call)
      .then(checkResult, (e: unknown): BlockResult => ({ ok: false, error: asError(e) }));
    return await Promise.race([answer, timedOut]);
  } finally {
    cancelTimeout?.();
    if (run.aborts.get(at.key) === abort) run.aborts.delete(at.key);
  }
}

/** What a thrown error means for a step. */
export function asError(e: unknown): StepError {
  // An expression gives the same answer on a retry: its failures (a time bound included) are final.
  if (e instanceof EvalError)
    return { code: e.code, message: e.message, ...(isRetryable(e) && { retryable: false }) };
  return { code: 'BLOCK_ERROR', message: e instanceof Error ? e.message : String(e) };
}

/** A runner's answer must be a BlockResult; anything else is the block's fault. */
/** What a block or built-in answered, checked before anything stores it. */
export function checkResult(r: unknown): BlockResult {
  if (r && typeof r === 'object' && 'ok' in r) {
    const x = r as BlockResult;
    // Deeper data would overflow the store's JSON and fail every commit (issue 9 item 7).
    if (nestedDeeperThan(x, MAX_DATA_DEPTH + 1))
      return {
        ok: false,
        error: { code: 'LIMIT_EXCEEDED', message: tooDeep('the step output'), retryable: false },
      };
    if (x.ok)
      return { ok: true, output: x.output ?? null, ...(typeof x.port === 'string' && { port: x.port }) };
    if (x.error && typeof x.error.message === 'string') return x;
  }
  return { ok: false, error: { code: 'BLOCK_ERROR', message: 'the block returned a malformed result' } };
}
