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
