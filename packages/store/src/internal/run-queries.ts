import type { RunId, RunRecord, RunStatus, StepRecord } from '@weft/engine';
import { StoreError } from '../errors';
import type { RunListFilter, RunQueries } from '../repos';
import {
  EVENT_STEPS,
  EVENT_STEPS_ID,
  NOT_SUCCESS,
  RUN_COLUMNS,
  STEP_COLUMNS,
  eventsFromRows,
  num,
  runFromRow,
  stepsFromEvents,
  stepsFromRows,
} from './rows';
import type { EventRow, RunRow, StepRow } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

const STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED'];

function encodeCursor(createdAt: number, ord: number): string {
  return Buffer.from(JSON.stringify([createdAt, ord])).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isSafeInteger(x)))
      return [v[0] as number, v[1] as number];
  } catch {
    // fall through
  }
  throw new StoreError('BAD_CURSOR', `invalid run list cursor "${cursor}"`);
}

/** SQL for a JSON text column's top-level string field (the run columns hold JSON as text on both backends). */
function jsonField(db: SqlDb, column: string, field: string): string {
  return db.dialect === 'sqlite'
    ? `json_extract(${column}, '$.${field}')`
    : `(${column}::jsonb ->> '${field}')`;
}

/** A LIKE pattern that matches `text` anywhere, with `%`, `_` and `\` taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function getRunRow(db: SqlDb, runId: string): Promise<RunRecord | undefined> {
  const r = await db.get<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`, [runId]);
  return r && runFromRow(r);
}

export async function getStepRows(db: SqlDb, runId: string): Promise<StepRecord[]> {
  // The marker of steps derived from events is the run's `event_steps_upto` (migration 7) or, in rows
  // written before it (and by a creating commit that could not insert the run's row in its committed
  // state), an `#events` row: read as one, in the same statement.
  const rows = await db.all<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM step_runs WHERE run_id = ?
     UNION ALL SELECT id, '${EVENT_STEPS_ID}', '${EVENT_STEPS}', event_steps_upto, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM runs WHERE id = ? AND event_steps_upto IS NOT NULL
     ORDER BY step_id`,
    [runId, runId],
  );
  const marker = rows.find((r) => r.status === EVENT_STEPS);
  if (!marker) return stepsFromRows(rows);
  const upTo = num(marker.attempts);
  const events = await db.all<EventRow>(
    'SELECT run_id, seq, at, type, step_id, data FROM run_events WHERE run_id = ? AND seq <= ? ORDER BY seq',
    [runId, upTo],
  );
  return stepsFromRows(rows, stepsFromEvents(eventsFromRows(events, 0, upTo)));
}

export function runQueries(db: SqlDb): RunQueries {
  return {
    async list(filter: RunListFilter = {}) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (filter.workflowId !== undefined) {
        where.push('workflow_id = ?');
        params.push(filter.workflowId);
      }
      if (filter.status !== undefined) {
        const list = typeof filter.status === 'string' ? [filter.status] : [...filter.status];
        if (list.length === 0) return { runs: [] };
        where.push(`status IN (${list.map(() => '?').join(', ')})`);
        params.push(...list);
        // Without SUCCESS, the status indexes (which hold no SUCCESS run) answer it.
        if (!list.includes('SUCCESS')) where.push(NOT_SUCCESS);
      }
      if (filter.from !== undefined) {
        where.push('created_at >= ?');
        params.push(filter.from);
      }
      if (filter.to !== undefined) {
        where.push('created_at < ?');
        params.push(filter.to);
      }
      if (filter.parentRunId !== undefined) {
        where.push('parent_run_id = ?');
        params.push(filter.parentRunId);
      }
      if (filter.kind !== undefined) {
        where.push('kind = ?');
        params.push(filter.kind);
      }
      if (filter.trigger !== undefined) {
        const list = typeof filter.trigger === 'string' ? [filter.trigger] : [...filter.trigger];
        if (list.length === 0) return { runs: [] };
        where.push(`${jsonField(db, 'trigger', 'type')} IN (${list.map(() => '?').join(', ')})`);
        params.push(...list);
      }
      if (filter.errorText !== undefined && filter.errorText !== '') {
        const like = (field: string): string => `lower(${jsonField(db, 'error', field)}) LIKE ? ESCAPE '\\'`;
        const pattern = containsPattern(filter.errorText);
        // Text that JSON writes as is must also be in the column's raw text: a cheap test first, so
        // most runs are ruled out without parsing their error as JSON.
        const plain = ![...filter.errorText].some((c) => {
          const code = c.charCodeAt(0);
          return c === '"' || c === '\\' || code < 0x20 || (code >= 0xd800 && code <= 0xdfff);
        });
        where.push(
          `(error IS NOT NULL${plain ? ` AND lower(error) LIKE ? ESCAPE '\\'` : ''} AND (${like('message')} OR ${like('code')}))`,
        );
        params.push(...(plain ? [pattern] : []), pattern, pattern);
      }
      if (filter.cursor !== undefined) {
        const [at, ord] = decodeCursor(filter.cursor);
        where.push('(created_at < ? OR (created_at = ? AND ord < ?))');
        params.push(at, at, ord);
      }
      const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 500);
      params.push(limit + 1);
      const rows = await db.all<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, ord DESC LIMIT ?`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const runs = page.map(runFromRow);
      return rows.length > limit && last
        ? { runs, nextCursor: encodeCursor(num(last.created_at), num(last.ord)) }
        : { runs };
    },

    async get(runId: RunId) {
      const run = await getRunRow(db, runId);
      if (!run) return undefined;
      return { run, steps: await getStepRows(db, runId) };
    },

    async countByStatus(workflowId?: string) {
      // The status indexes hold no SUCCESS run: count the others from them and every run from the
      // smallest index, in one statement (one snapshot); SUCCESS is the difference.
      const wf = workflowId === undefined ? '' : 'workflow_id = ? AND ';
      const rows = await db.all<{ status: string; n: number }>(
        `SELECT status, count(*) AS n FROM runs WHERE ${wf}${NOT_SUCCESS} GROUP BY status
         UNION ALL SELECT '*' AS status, count(*) AS n FROM runs${workflowId === undefined ? '' : ' WHERE workflow_id = ?'}`,
        workflowId === undefined ? [] : [workflowId, workflowId],
      );
      const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
      let rest = 0;
      for (const r of rows) {
        if (r.status === '*') rest += num(r.n);
        else {
          rest -= num(r.n);
          if ((STATUSES as readonly string[]).includes(r.status)) out[r.status as RunStatus] = num(r.n);
        }
      }
      out.SUCCESS = rest;
      return out;
    },
  };
}
