/**
 * Bulk actions of the runs explorer: one API call per selected run (so each leaves its own audit
 * entry and its own answer), a few at a time, and a result per run — one refusal never hides the
 * others.
 */
import { errorText } from '../api/hooks';

export type BulkAction = 'cancel' | 'retry';

export interface BulkResult {
  runId: string;
  ok: boolean;
  /** Success: what happened (`cancelling`, `new run <id>`); failure: the server's reason. */
  message: string;
  /** With retry: the new run. */
  newRunId?: string;
}

export interface BulkPorts {
  cancel(runId: string): Promise<unknown>;
  retry(runId: string): Promise<{ runId: string; fromStepId?: string }>;
}

/** Runs `action` on every id (at most `parallel` at once), in the given order of results. */
export async function runBulk(
  action: BulkAction,
  runIds: readonly string[],
  ports: BulkPorts,
  parallel = 4,
): Promise<BulkResult[]> {
  const results: BulkResult[] = new Array<BulkResult>(runIds.length);
  let next = 0;
  const one = async (runId: string): Promise<BulkResult> => {
    try {
      if (action === 'cancel') {
        await ports.cancel(runId);
        return { runId, ok: true, message: 'cancel requested' };
      }
      const r = await ports.retry(runId);
      return {
        runId,
        ok: true,
        newRunId: r.runId,
        message: r.fromStepId ? `retried from step ${r.fromStepId}` : 'retried',
      };
    } catch (err) {
      return { runId, ok: false, message: errorText(err) };
    }
  };
  const worker = async (): Promise<void> => {
    while (next < runIds.length) {
      const i = next++;
      results[i] = await one(runIds[i] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, runIds.length)) }, worker));
  return results;
}

/** Which selected runs the action can apply to, by status (the rest are still sent, and refused clearly). */
export function applicable(action: BulkAction, status: string): boolean {
  const ended = status === 'SUCCESS' || status === 'FAILED' || status === 'CANCELLED';
  return action === 'cancel' ? !ended : status === 'FAILED' || status === 'CANCELLED';
}
