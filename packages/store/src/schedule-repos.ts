/**
 * Schedules and run-end notifications (issue 15, items 4–5): paused cron/interval triggers, and the
 * durable queue of notification deliveries with its dead letters. Same rules as `repos.ts`: times are
 * epoch ms given by the caller; both backends implement these, one conformance suite checks them.
 */
import type { RunRecord } from '@weft/engine';

// ---------------------------------------------------------------------------------------------
// Paused triggers

export interface TriggerPause {
  workflowId: string;
  /** The scheduler's key for the trigger, e.g. `cron:0` or `interval:1`. */
  triggerKey: string;
  pausedAt: number;
  /** Who paused it (a token's name), when known. */
  pausedBy?: string;
}

export interface TriggerPauseRepo {
  /** True when the trigger was not paused before (a second pause keeps the first one's time). */
  pause(p: TriggerPause): Promise<boolean>;
  /** True when the trigger was paused. */
  resume(workflowId: string, triggerKey: string): Promise<boolean>;
  get(workflowId: string, triggerKey: string): Promise<TriggerPause | undefined>;
  /** Ordered by workflow id, then trigger key. */
  list(workflowId?: string): Promise<TriggerPause[]>;
}

// ---------------------------------------------------------------------------------------------
// Notification deliveries

/** `pending`: waiting for its next attempt; `delivered`: a 2xx answer; `dead`: out of attempts. */
export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface NotificationDelivery {
  /** Stable per run and destination (`<runId>/<n>`, `<runId>/server`): enqueuing twice is a no-op. */
  id: string;
  runId: string;
  workflowId: string;
  url: string;
  /** The run's end status (SUCCESS, FAILED, CANCELLED). */
  runStatus: string;
  /** The JSON body sent, exactly (the signature covers these bytes). */
  payload: string;
  /** Where the signing secret comes from: the YAML's text (may be a `${{ secrets.X }}` template). */
  secret?: string;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due (pending), or a claimer's lease end while one is in flight. */
  nextAttemptAt?: number;
  lastError?: string;
  lastHttpStatus?: number;
  createdAt: number;
  updatedAt: number;
}

export type NewDelivery = Pick<
  NotificationDelivery,
  'id' | 'runId' | 'workflowId' | 'url' | 'runStatus' | 'payload' | 'secret' | 'createdAt'
>;

export interface DeliveryOutcome {
  state: DeliveryState;
  attempts: number;
  /** For `pending`: when to try again. */
  nextAttemptAt?: number;
  lastError?: string;
  lastHttpStatus?: number;
  at: number;
}

export interface DeliveryFilter {
  state?: DeliveryState;
  workflowId?: string;
  runId?: string;
  /** Default 50, at most 500. */
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface DeliveryPage {
  /** Newest first. */
  deliveries: NotificationDelivery[];
  nextCursor?: string;
}

export interface NotificationRepo {
  /** Insert the deliveries whose id is new, due at once; returns how many were inserted. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<number>;
  /** Pending deliveries due at `now` (next attempt ≤ now), oldest first. */
  due(now: number, limit: number): Promise<NotificationDelivery[]>;
  /**
   * Take a due delivery for one attempt: moves its next attempt to `leaseUntil` if it is still
   * pending with the `nextAttemptAt` the caller read. Exactly one of several concurrent callers gets true.
   */
  claim(d: Pick<NotificationDelivery, 'id' | 'nextAttemptAt'>, leaseUntil: number): Promise<boolean>;
  /** Store the result of an attempt. */
  record(id: string, outcome: DeliveryOutcome): Promise<void>;
  get(id: string): Promise<NotificationDelivery | undefined>;
  list(filter?: DeliveryFilter): Promise<DeliveryPage>;
  /**
   * Put a dead (or delivered) delivery back in the queue, due at `now`, attempts reset to 0. Undefined
   * when absent; the delivery unchanged when it is pending already.
   */
  redeliver(id: string, now: number): Promise<NotificationDelivery | undefined>;
  /** Ended production runs (`kind = 'run'`) with `finishedAt >= from`, oldest end first. */
  endedRuns(q: { from: number; workflowIds?: readonly string[]; limit: number }): Promise<RunRecord[]>;
}
