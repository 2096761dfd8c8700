/**
 * Operations repositories (issue 15): the audit log, and later the dashboard aggregates, retention,
 * trigger pauses, settings and notification deliveries. Same rules as `repos.ts`: times are epoch
 * ms given by the caller; both backends implement these, one conformance suite checks them.
 */

// ---------------------------------------------------------------------------------------------
// Audit log: who changed what, when, from where (never secret values)

export type AuditOutcome = 'ok' | 'denied';

export interface AuditEntry {
  /** Increasing with time of recording; the export cursor. */
  id: number;
  at: number;
  /** The token's name (`local` without auth, `anonymous` when no valid token, `system` for the runtime). */
  actor: string;
  role?: string;
  /** `workflows.save`, `runs.start`, `secrets.set`, `auth.signIn`, `sandbox.permissionDenied`, … */
  action: string;
  /** What it acted on: a workflow id, run id, secret name, token id. */
  target?: string;
  outcome: AuditOutcome;
  /** The caller's address (remote IP), when known. */
  source?: string;
  userAgent?: string;
  /** Non-secret particulars (step id, version, role, …). */
  detail: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditFilter {
  /** at >= since */
  since?: number;
  /** at < until */
  until?: number;
  actor?: string;
  /** An exact action, or a prefix ending in `.` (`runs.`). */
  action?: string;
  /** Oldest first (`asc`, for export) or newest first (`desc`, default, for the admin page). */
  order?: 'asc' | 'desc';
  /** Default 100, at most 1000. */
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor?: number;
}

export interface AuditRepo {
  append(entry: NewAuditEntry): Promise<void>;
  list(filter?: AuditFilter): Promise<AuditPage>;
  count(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Dashboard aggregates (computed in SQL: no run is loaded into memory)

export interface DashboardQuery {
  /** The window's end (epoch ms, exclusive). */
  now: number;
  /** How far back the window reaches, e.g. 24 h or 7 d in ms. */
  windowMs: number;
  /** Bucket width of `perBucket` (default one hour). */
  bucketMs?: number;
  /** At most this many failing workflows (default 10). */
  failingLimit?: number;
}

export interface DashboardSummary {
  from: number;
  to: number;
  bucketMs: number;
  /** Runs created in the window, per bucket (its start, epoch ms) and status; empty buckets omitted. */
  perBucket: { bucket: number; status: string; count: number }[];
  /** Runs that ended in the window, by end status. */
  ended: { success: number; failed: number; cancelled: number };
  /** success / (success + failed + cancelled), null when none ended. */
  successRate: number | null;
  /** Per workflow, of runs that ended in the window: nearest-rank p50/p95 of finishedAt − startedAt. */
  durations: { workflowId: string; runs: number; p50Ms: number; p95Ms: number }[];
  /** Workflows with runs FAILED in the window, most failures first, with the latest error. */
  failing: {
    workflowId: string;
    failed: number;
    lastFailedAt: number;
    lastRunId: string;
    lastError: { code: string; message: string } | null;
  }[];
  runningNow: number;
  waitingNow: number;
  /** Runs QUEUED (created, not yet admitted or started). */
  queueDepth: number;
  /** Approval steps waiting for a decision. */
  approvalsWaiting: number;
  /** The database's size on disk (SQLite: pages × page size; PostgreSQL: pg_database_size). */
  dbSizeBytes: number;
}

export interface DashboardRepo {
  summary(q: DashboardQuery): Promise<DashboardSummary>;
}

// ---------------------------------------------------------------------------------------------
// Retention: pruning ended runs (never QUEUED, RUNNING or WAITING ones)

export interface PruneOptions {
  /** Prune ended runs that finished before this time (epoch ms). */
  finishedBefore?: number;
  /** Keep at most this many ended runs per workflow (newest kept); older ones are pruned. */
  keepPerWorkflow?: number;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
}

export interface PruneResult {
  runs: number;
  events: number;
  dryRun: boolean;
}

/** What the last prune (the server's job or a person through the API) did; kept for the studio. */
export interface PruneRecord {
  /** When it ran (epoch ms). */
  at: number;
  /** `job`: the server's retention job; `manual`: `retention.prune` (`weft runs prune`). */
  source: 'job' | 'manual';
  runs: number;
  events: number;
  tookMs: number;
  /** Set when the prune failed (then `runs` and `events` are 0). */
  error?: string;
}

export interface RetentionRepo {
  /**
   * Delete ended runs (SUCCESS, FAILED, CANCELLED) matching either rule, with their steps, events and
   * pending commands, in one transaction. A run that is QUEUED, RUNNING or WAITING, or whose parent
   * is, is never touched. With no rule given, nothing is pruned.
   */
  prune(opts: PruneOptions): Promise<PruneResult>;
  /** Remember the last prune (one row of `settings`, shared by every process on the database). */
  recordLast(r: PruneRecord): Promise<void>;
  /** The last prune recorded, if any. */
  last(): Promise<PruneRecord | undefined>;
}
