/**
 * The host side of `weft_sql` (ABI.md): checks the block's capability and the workflow's
 * `permissions.sql`, then runs one parameterised statement on a named connection.
 */
import type { BlockCall } from '@weft/engine';
import type { BlockManifest } from '../manifest';
import { SqlRefusal } from './connections';
import type { SqlConnections } from './connections';

export type HostAnswer =
  ({ ok: true } & Record<string, unknown>) | { ok: false; error: { code: string; message: string } };

export interface SqlHostOptions {
  connections: SqlConnections;
  /** Most rows a statement may return (default 10 000); a block may ask for fewer. */
  maxRows: number;
}

/** Rows a statement returns when the block does not say (documented in docs/blocks.md). */
export const DEFAULT_SQL_ROWS = 1000;

const refuse = (code: string, message: string): HostAnswer => ({ ok: false, error: { code, message } });

function param(v: unknown): string | number | boolean | null | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'object') return JSON.stringify(v);
  return undefined;
}

export async function hostSql(
  request: unknown,
  ctx: { manifest: BlockManifest | undefined; call: BlockCall; deadline: number; opts: SqlHostOptions },
): Promise<HostAnswer> {
  const { manifest: m, call, opts } = ctx;
  const who = m ? `block ${m.name}@${m.version}` : 'this step';
  if (!m?.capabilities.sql)
    return refuse(
      'PERMISSION_DENIED',
      `${who} has no sql capability (its manifest does not say capabilities.sql: true)`,
    );
  const req = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const { connection, sql } = req;
  if (typeof connection !== 'string' || connection === '')
    return refuse('INVALID_INPUT', 'weft_sql: the request needs a "connection" name');
  if (typeof sql !== 'string' || sql.trim() === '')
    return refuse('INVALID_INPUT', 'weft_sql: the request needs "sql" text');
  const allowed = call.permissions.sql ?? [];
  if (!allowed.includes(connection))
    return refuse(
      'PERMISSION_DENIED',
      `the workflow's permissions.sql does not name the connection "${connection}"${allowed.length ? ` (it names ${allowed.join(', ')})` : ''}`,
    );
  if (!opts.connections.has(connection))
    return refuse(
      'INVALID_INPUT',
      `this server declares no SQL connection "${connection}" (see sqlConnections in docs/server.md)`,
    );
  const raw = req.params ?? [];
  if (!Array.isArray(raw)) return refuse('INVALID_INPUT', '`params` must be an array of values');
  const params: (string | number | boolean | null)[] = [];
  for (const [i, v] of raw.entries()) {
    const p = param(v);
    if (p === undefined) return refuse('INVALID_INPUT', `params[${i}] is not a JSON value that can be bound`);
    params.push(p);
  }
  const asked =
    typeof req.maxRows === 'number' && req.maxRows >= 0 ? Math.floor(req.maxRows) : DEFAULT_SQL_ROWS;
  const maxRows = Math.min(asked, opts.maxRows);
  try {
    const r = await opts.connections.query(connection, {
      sql,
      params,
      maxRows,
      timeoutMs: Math.max(1, ctx.deadline - Date.now()),
    });
    return { ok: true, ...r, rowCount: r.rows.length };
  } catch (err) {
    if (err instanceof SqlRefusal) return refuse(err.code, `connection "${connection}": ${err.message}`);
    return refuse('BLOCK_ERROR', `connection "${connection}": ${(err as Error).message}`);
  }
}
