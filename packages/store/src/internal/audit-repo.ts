/** The audit log: append-only rows, read in pages by id (which grows with time of recording). */
import type { AuditEntry, AuditOutcome, AuditRepo } from '../ops-repos';
import { num } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

interface AuditDbRow {
  id: number;
  at: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  outcome: string;
  source: string | null;
  user_agent: string | null;
  detail: string;
}

function toEntry(r: AuditDbRow): AuditEntry {
  const e: AuditEntry = {
    id: num(r.id),
    at: num(r.at),
    actor: r.actor,
    action: r.action,
    outcome: r.outcome as AuditOutcome,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  };
  if (r.role !== null) e.role = r.role;
  if (r.target !== null) e.target = r.target;
  if (r.source !== null) e.source = r.source;
  if (r.user_agent !== null) e.userAgent = r.user_agent;
  return e;
}

export function auditRepo(db: SqlDb): AuditRepo {
  return {
    async append(e) {
      await db.run(
        `INSERT INTO audit_log (at, actor, role, action, target, outcome, source, user_agent, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          e.at,
          e.actor,
          e.role ?? null,
          e.action,
          e.target ?? null,
          e.outcome,
          e.source ?? null,
          e.userAgent ?? null,
          JSON.stringify(e.detail),
        ],
      );
    },
    async list(f = {}) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      const asc = f.order === 'asc';
      if (f.since !== undefined) {
        where.push('at >= ?');
        params.push(f.since);
      }
      if (f.until !== undefined) {
        where.push('at < ?');
        params.push(f.until);
      }
      if (f.actor !== undefined) {
        where.push('actor = ?');
        params.push(f.actor);
      }
      if (f.action !== undefined) {
        if (f.action.endsWith('.')) {
          where.push('substr(action, 1, ?) = ?');
          params.push(f.action.length, f.action);
        } else {
          where.push('action = ?');
          params.push(f.action);
        }
      }
      if (f.cursor !== undefined) {
        where.push(asc ? 'id > ?' : 'id < ?');
        params.push(f.cursor);
      }
      const limit = Math.min(Math.max(Math.trunc(f.limit ?? 100), 1), 1000);
      params.push(limit + 1);
      const rows = await db.all<AuditDbRow>(
        `SELECT * FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${asc ? 'ASC' : 'DESC'} LIMIT ?`,
        params,
      );
      const entries = rows.slice(0, limit).map(toEntry);
      const last = entries[entries.length - 1];
      return rows.length > limit && last ? { entries, nextCursor: last.id } : { entries };
    },
    async count() {
      const r = await db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log');
      return num(r?.n ?? 0);
    },
  };
}
