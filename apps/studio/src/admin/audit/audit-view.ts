/**
 * The audit page's pure part: its filters as an `audit.list` query, the entries' detail in words,
 * and the export — JSON lines, oldest first, exactly what `weft audit --json` prints.
 */
import type { AuditEntry, AuditPage, AuditQuery } from '../../api/router-types';

export type SincePreset = '' | '1h' | '24h' | '7d' | '30d';

export interface AuditFilters {
  /** An action (`runs.start`) or a group ending in a dot (`runs.`); empty for every action. */
  action: string;
  /** A token name (`local`, `system`, `ci`); empty for everyone. */
  actor: string;
  since: SincePreset;
}

export const NO_FILTERS: AuditFilters = { action: '', actor: '', since: '' };

const SINCE_MS: Record<Exclude<SincePreset, ''>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** Most characters the server takes for an action or actor filter. */
export const FILTER_MAX = 100;

/** The writes the server records (the tRPC procedure's path), for the action filter's suggestions. */
export const KNOWN_ACTIONS: readonly string[] = [
  'auth.signIn',
  'workflows.save',
  'workflows.delete',
  'workflows.setEnabled',
  'runs.start',
  'runs.cancel',
  'runs.approve',
  'runs.retry',
  'debug.command',
  'secrets.set',
  'secrets.delete',
  'secrets.rotateKey',
  'tokens.create',
  'tokens.revoke',
  'triggers.pause',
  'triggers.resume',
  'notifications.redeliver',
  'retention.prune',
  'sandbox.permissionDenied',
];

/** The `audit.list` query of the filters (without paging), `now` fixing "since". */
export function auditQuery(f: AuditFilters, now: number): AuditQuery {
  const action = f.action.trim();
  const actor = f.actor.trim();
  return {
    ...(action !== '' && { action }),
    ...(actor !== '' && { actor }),
    ...(f.since !== '' && { since: now - SINCE_MS[f.since] }),
  };
}

/** One line of the export: the entry with its time as ISO text, as `weft audit --json` writes it. */
export function exportLine(e: AuditEntry): string {
  return `${JSON.stringify({ ...e, time: new Date(e.at).toISOString() })}\n`;
}

/** Every entry the query matches, oldest first, as JSON lines (pages of 1,000 through the cursor). */
export async function exportLines(
  list: (q: AuditQuery) => Promise<AuditPage>,
  query: AuditQuery,
): Promise<{ text: string; count: number }> {
  let text = '';
  let count = 0;
  let cursor: number | undefined;
  do {
    const page = await list({ ...query, order: 'asc', limit: 1000, ...(cursor !== undefined && { cursor }) });
    for (const e of page.entries) text += exportLine(e);
    count += page.entries.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { text, count };
}

/** `weft-audit-20261203T063000Z.jsonl`. */
export function exportFileName(now: number): string {
  return `weft-audit-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.jsonl`;
}

/** An entry's detail as short `key: value` pairs (the server keeps only non-secret fields). */
export function detailPairs(detail: Record<string, unknown>): string[] {
  return Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
}
