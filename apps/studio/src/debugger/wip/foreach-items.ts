/**
 * The items of a foreach step, from the run's events: each item's input, status, output, last error
 * and attempts; failed items first. Pure.
 */
import type { RunEvent } from '@weft/engine/replay';

export type ItemStatus = 'FAILED' | 'RUNNING' | 'PENDING' | 'SUCCESS';

export interface ForeachItem {
  index: number;
  item: unknown;
  status: ItemStatus;
  attempts: number;
  output?: unknown;
  error?: { code: string; message: string };
}

const RANK: Record<ItemStatus, number> = { FAILED: 0, RUNNING: 1, PENDING: 2, SUCCESS: 3 };

/** The items of the foreach step `stepId` as of the end of `events` (undefined: not a foreach run). */
export function foreachItems(events: readonly RunEvent[], stepId: string): ForeachItem[] | undefined {
  let items: ForeachItem[] | undefined;
  let ended: string | undefined;
  for (const e of events) {
    if (e.stepId !== stepId) continue;
    const d = e.data;
    if (e.type === 'step.started' && Array.isArray(d.items)) {
      items = (d.items as unknown[]).map((item, index) => ({ index, item, status: 'RUNNING', attempts: 0 }));
      ended = undefined;
    } else if (!items) {
      continue;
    } else if (e.type === 'step.attempt.failed' && typeof d.index === 'number') {
      const it = items[d.index];
      if (!it) continue;
      it.attempts = Math.max(it.attempts, Number(d.attempt ?? 1));
      it.error = d.error as ForeachItem['error'];
      it.status = d.retryAt !== undefined ? 'RUNNING' : 'FAILED';
    } else if (e.type === 'step.item.finished' && typeof d.index === 'number') {
      const it = items[d.index];
      if (!it) continue;
      it.status = 'SUCCESS';
      it.output = d.output;
      it.attempts = Number(d.attempts ?? Math.max(1, it.attempts));
      delete it.error;
    } else if (e.type === 'step.failed' || e.type === 'step.cancelled' || e.type === 'step.succeeded') {
      ended = e.type;
    }
  }
  if (!items) return undefined;
  // Once the step ended, an item that never finished did not run (the step failed or was cancelled first).
  if (ended)
    for (const it of items) if (it.status === 'RUNNING') it.status = it.error ? 'FAILED' : 'PENDING';
  return [...items].sort((a, b) => RANK[a.status] - RANK[b.status] || a.index - b.index);
}
