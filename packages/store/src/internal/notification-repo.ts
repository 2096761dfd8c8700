/** The durable queue of run-end notification deliveries, with its dead letters. */
import type { RunRecord } from '@weft/engine';
import { StoreError } from '../errors';
import type { DeliveryState, NotificationDelivery, NotificationRepo } from '../schedule-repos';
import { num, RUN_COLUMNS, runFromRow, type RunRow } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

interface DeliveryDbRow {
  id: string;
  run_id: string;
  workflow_id: string;
  url: string;
  run_status: string;
  payload: string;
  secret: string | null;
  state: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  last_http_status: number | null;
  created_at: number;
  updated_at: number;
}

function toDelivery(r: DeliveryDbRow): NotificationDelivery {
  const d: NotificationDelivery = {
    id: r.id,
    runId: r.run_id,
    workflowId: r.workflow_id,
    url: r.url,
    runStatus: r.run_status,
    payload: r.payload,
    state: r.state as DeliveryState,
    attempts: num(r.attempts),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
  if (r.secret !== null) d.secret = r.secret;
  if (r.next_attempt_at !== null) d.nextAttemptAt = num(r.next_attempt_at);
  if (r.last_error !== null) d.lastError = r.last_error;
  if (r.last_http_status !== null) d.lastHttpStatus = num(r.last_http_status);
  return d;
}

function decodeCursor(cursor: string): [number, string] {
  const i = cursor.indexOf(':');
  const at = Number(cursor.slice(0, i));
  if (i < 1 || !Number.isSafeInteger(at)) throw new StoreError('BAD_CURSOR', 'invalid delivery cursor');
  return [at, cursor.slice(i + 1)];
}

export function notificationRepo(db: SqlDb): NotificationRepo {
  const get = async (id: string): Promise<NotificationDelivery | undefined> => {
    const r = await db.get<DeliveryDbRow>('SELECT * FROM notification_deliveries WHERE id = ?', [id]);
    return r && toDelivery(r);
  };
  return {
    async enqueue(list) {
      if (list.length === 0) return 0;
      return db.tx(async (t) => {
        let n = 0;
        for (const d of list)
          n += await t.run(
            `INSERT INTO notification_deliveries (id, run_id, workflow_id, url, run_status, payload, secret,
               state, attempts, next_attempt_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
            [
              d.id,
              d.runId,
              d.workflowId,
              d.url,
              d.runStatus,
              d.payload,
              d.secret ?? null,
              d.createdAt,
              d.createdAt,
              d.createdAt,
            ],
          );
        return n;
      });
    },
    async due(now, limit) {
      const rows = await db.all<DeliveryDbRow>(
        `SELECT * FROM notification_deliveries WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
        [now, limit],
      );
      return rows.map(toDelivery);
    },
    async claim(d, leaseUntil) {
      const n = await db.run(
        `UPDATE notification_deliveries SET next_attempt_at = ?
         WHERE id = ? AND state = 'pending' AND next_attempt_at = ?`,
        [leaseUntil, d.id, d.nextAttemptAt ?? null],
      );
      return n > 0;
    },
    async record(id, o) {
      await db.run(
        `UPDATE notification_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
           last_http_status = ?, updated_at = ? WHERE id = ?`,
        [
          o.state,
          o.attempts,
          o.state === 'pending' ? (o.nextAttemptAt ?? o.at) : null,
          o.lastError ?? null,
          o.lastHttpStatus ?? null,
          o.at,
          id,
        ],
      );
    },
    get,
    async list(f = {}) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (f.state !== undefined) {
        where.push('state = ?');
        params.push(f.state);
      }
      if (f.workflowId !== undefined) {
        where.push('workflow_id = ?');
        params.push(f.workflowId);
      }
      if (f.runId !== undefined) {
        where.push('run_id = ?');
        params.push(f.runId);
      }
      if (f.cursor !== undefined) {
        const [at, id] = decodeCursor(f.cursor);
        where.push('(created_at < ? OR (created_at = ? AND id < ?))');
        params.push(at, at, id);
      }
      const limit = Math.min(Math.max(1, f.limit ?? 50), 500);
      const rows = await db.all<DeliveryDbRow>(
        `SELECT * FROM notification_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      const deliveries = rows.slice(0, limit).map(toDelivery);
      const last = deliveries[deliveries.length - 1];
      return rows.length > limit && last
        ? { deliveries, nextCursor: `${last.createdAt}:${last.id}` }
        : { deliveries };
    },
    async redeliver(id, now) {
      await db.run(
        `UPDATE notification_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?,
           updated_at = ? WHERE id = ? AND state <> 'pending'`,
        [now, now, id],
      );
      return get(id);
    },
    async endedRuns(q) {
      const params: SqlValue[] = [q.from];
      let only = '';
      if (q.workflowIds !== undefined) {
        if (q.workflowIds.length === 0) return [];
        only = ` AND workflow_id IN (${q.workflowIds.map(() => '?').join(', ')})`;
        params.push(...q.workflowIds);
      }
      const rows = await db.all<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE finished_at IS NOT NULL AND finished_at >= ? AND kind = 'run'${only}
         ORDER BY finished_at, ord LIMIT ?`,
        [...params, q.limit],
      );
      return rows.map((r): RunRecord => runFromRow(r));
    },
  };
}
