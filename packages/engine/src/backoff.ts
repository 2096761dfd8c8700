import type { RetryPolicy } from '@weft/dsl';
import type { ErrorCode, StepError } from './ports';

/** Codes never retried (dsl-v1 §6.7). */
export const NON_RETRIED: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'PERMISSION_DENIED',
  'EXPRESSION_ERROR',
  'SECRET_NOT_FOUND',
]);

/** Whether a failed attempt may be retried (a block's `retryable` overrides the code's default). */
export function isRetryable(error: StepError): boolean {
  if (error.code === 'CANCELLED') return false;
  if (error.retryable !== undefined) return error.retryable;
  return !NON_RETRIED.has(error.code);
}

/**
 * Delay before retry number `n` (1 = the first retry, i.e. after attempt 1 failed), dsl-v1 §6.7:
 * fixed = delay; linear = delay × n; exponential = delay × 2^(n-1); capped by maxDelay; with
 * jitter a value in [d/2, d] drawn from `random()` ∈ [0, 1).
 */
export function retryDelay(policy: RetryPolicy, n: number, random: () => number): number {
  let d: number;
  switch (policy.backoff) {
    case 'fixed':
      d = policy.delayMs;
      break;
    case 'linear':
      d = policy.delayMs * n;
      break;
    case 'exponential':
      d = policy.delayMs * 2 ** (n - 1);
      break;
  }
  if (policy.maxDelayMs !== undefined) d = Math.min(d, policy.maxDelayMs);
  if (policy.jitter) d = d / 2 + random() * (d / 2);
  return Math.round(d);
}
