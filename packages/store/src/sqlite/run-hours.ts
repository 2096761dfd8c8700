/**
 * The dashboard's hourly run counts on SQLite (`run_hours_created`, `run_hours_ended`; migration 4),
 * kept by the store's own writes since migration 5 instead of row triggers: a run write adds its
 * change to a tally, and the transaction writes the tally once before it commits — one upsert per
 * (hour, status) a group commit touched, not two to four per run. Deletes (retention) still go through
 * the `runs_hours_delete` trigger: they are rare and in bulk, and may come from any connection.
 *
 * The rules are the old triggers': production runs only (`kind = 'run'`); `run_hours_created` is keyed
 * by the hour a run was created and its current status; `run_hours_ended` by the hour it finished and
 * its workflow and status, `timed` counting those that had started.
 */
import type { StatementCache } from './sqlite-db';

const HOUR = 3_600_000;

/** The run columns the counts depend on (a commit reads them before it writes). */
export const HOUR_COLUMNS = [
  'status',
  'created_at',
  'started_at',
  'finished_at',
  'kind',
  'workflow_id',
] as const;

/** A run as the hourly counts see it. */
export interface HourRow {
  status: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  kind: string;
  workflow_id: string;
}

const UPSERT_CREATED = `INSERT INTO run_hours_created (hour, status, n) VALUES (?, ?, ?)
  ON CONFLICT (hour, status) DO UPDATE SET n = n + excluded.n`;
const UPSERT_ENDED = `INSERT INTO run_hours_ended (hour, workflow_id, status, n, timed) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (hour, workflow_id, status) DO UPDATE SET n = n + excluded.n, timed = timed + excluded.timed`;

/** SQLite's integer division of a positive millisecond time by an hour. */
const hourOf = (ms: number): number => Math.trunc(ms / HOUR);

/** The changes of one transaction, written by `flush` inside it. */
export class RunHours {
  private readonly created = new Map<string, { hour: number; status: string; n: number }>();
  private readonly ended = new Map<
    string,
    { hour: number; workflowId: string; status: string; n: number; timed: number }
  >();

  /** Forget what a rolled-back transaction tallied (called as each transaction starts). */
  clear(): void {
    this.created.clear();
    this.ended.clear();
  }

  /** A run row appeared (`sign` 1) or its old version went away (`sign` -1). */
  add(row: HourRow, sign: 1 | -1): void {
    if (row.kind !== 'run') return;
    const ch = hourOf(row.created_at);
    const ck = `${ch}\u0000${row.status}`;
    const c = this.created.get(ck);
    if (c) c.n += sign;
    else this.created.set(ck, { hour: ch, status: row.status, n: sign });
    if (row.finished_at === null) return;
    const eh = hourOf(row.finished_at);
    const ek = `${eh}\u0000${row.workflow_id}\u0000${row.status}`;
    const timed = row.started_at === null ? 0 : sign;
    const e = this.ended.get(ek);
    if (e) {
      e.n += sign;
      e.timed += timed;
    } else this.ended.set(ek, { hour: eh, workflowId: row.workflow_id, status: row.status, n: sign, timed });
  }

  /** A run row changed from `before` to `after`: counted again only if a counted column changed. */
  change(before: HourRow, after: HourRow): void {
    if (HOUR_COLUMNS.every((c) => before[c] === after[c])) return;
    this.add(before, -1);
    this.add(after, 1);
  }

  /** Write the tally (inside the transaction that made it) and start a new one. */
  flush(stmts: StatementCache): void {
    if (this.created.size > 0) {
      const up = stmts.get(UPSERT_CREATED);
      for (const c of this.created.values()) if (c.n !== 0) up.run(c.hour, c.status, c.n);
    }
    if (this.ended.size > 0) {
      const up = stmts.get(UPSERT_ENDED);
      for (const e of this.ended.values())
        if (e.n !== 0 || e.timed !== 0) up.run(e.hour, e.workflowId, e.status, e.n, e.timed);
    }
    this.clear();
  }
}
