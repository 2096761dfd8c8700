/**
 * The items of a foreach step, from the run's events: each item's value, resolved input, status,
 * output, last error and attempts; failed items first. Pure (the events come from `runs.events`).
 */
import type { RunEvent } from '../api/router-types';

export type ItemStatus = 'FAILED' | 'RUNNING' | 'PENDING' | 'SUCCESS';

export interface ForeachItem {
  index: number;
  /** The element of the foreach array (what expressions see as `item`). */
  item: unknown;
  status: ItemStatus;
  attempts: number;
  /** The item's resolved inputs, as its last attempt got them (absent until an attempt ended). */
  input?: Record<string, unknown>;
  output?: unknown;
  error?: { code: string; message: string };
}

const RANK: Record<ItemStatus, number> = { FAILED: 0, RUNNING: 1, PENDING: 2, SUCCESS: 3 };

const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * The items of the foreach step `stepId` as of the end of `events` (undefined: the step never
 * started as a foreach). A retried step starts its items again: the last `step.started` counts.
 */
export function foreachItems(
  events: readonly Pick<RunEvent, 'type' | 'stepId' | 'data'>[],
  stepId: string,
): ForeachItem[] | undefined {
  let items: ForeachItem[] | undefined;
  let ended = false;
  for (const e of events) {
    if (e.stepId !== stepId) continue;
    const d = e.data;
    if (e.type === 'step.started' && Array.isArray(d.items)) {
      items = (d.items as unknown[]).map((item, index) => ({ index, item, status: 'PENDING', attempts: 0 }));
      ended = false;
      continue;
    }
    if (!items) continue;
    const it = typeof d.index === 'number' ? items[d.index] : undefined;
    if (e.type === 'step.attempt.failed' && it) {
      it.attempts = Math.max(it.attempts, Number(d.attempt ?? 1));
      it.error = d.error as ForeachItem['error'];
      it.status = d.retryAt !== undefined ? 'RUNNING' : 'FAILED';
      const input = record(d.input);
      if (input) it.input = input;
    } else if (e.type === 'step.item.finished' && it) {
      it.status = 'SUCCESS';
      it.output = d.output;
      it.attempts = Number(d.attempts ?? Math.max(1, it.attempts));
      const input = record(d.input);
      if (input) it.input = input;
      delete it.error;
    } else if (e.type === 'step.failed' || e.type === 'step.cancelled' || e.type === 'step.succeeded') {
      ended = true;
    }
  }
  if (!items) return undefined;
  // PENDING: not finished yet (queued or in flight); RUNNING: a failed attempt waits for its retry.
  // Once the step ended, an item waiting for a retry failed with its last error.
  if (ended) for (const it of items) if (it.status === 'RUNNING') it.status = 'FAILED';
  return [...items].sort((a, b) => RANK[a.status] - RANK[b.status] || a.index - b.index);
}
