/**
 * The engine's `Store` and the server repositories on SQLite (better-sqlite3, WAL). Every call is one
 * synchronous transaction on one connection, with prepared statements cached; JSON is stored as text.
 * Several processes may open the same file (SQLite's file lock serialises writers, `busy_timeout`
 * waits), but one process per database file is the supported, fast setup.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LeaseLostError } from '@weft/engine';
import type {
  ClaimOptions,
  Commit,
  NewRun,
  RunCommand,
  RunEvent,
  RunId,
  RunRecord,
  StepRecord,
  StoredCommand,
} from '@weft/engine';
import { StoreError } from '../errors';
import {
  MIGRATIONS_TABLE,
  RECOUNT_RUN_HOURS,
  SQLITE_MIGRATIONS,
  LATEST_SCHEMA_VERSION,
} from '../internal/migrations';
import { auditRepo } from '../internal/audit-repo';
import { dashboardRepo } from '../internal/dashboard-repo';
import { retentionRepo } from '../internal/retention-repo';
import { notificationRepo } from '../internal/notification-repo';
import { triggerPauseRepo } from '../internal/trigger-pause-repo';
import { secretRepo } from '../internal/secret-repo';
import { tokenRepo } from '../internal/token-repo';
import { triggerStateRepo } from '../internal/trigger-state-repo';
import { webhookRepo } from '../internal/webhook-repo';
import { getRunRow, getStepRows, runQueries } from '../internal/run-queries';
import {
  AWAITING_ADMISSION,
  Admission,
  CLAIMABLE_ADMITTED,
  HOLDS_SLOT,
  INSERT_EVENT,
  INSERT_RUN,
  INSERT_STEP,
  UPSERT_STEP,
  claimableParams,
  createdEventJson,
  createdRecord,
  eventStepRows,
  newRunParams,
  packedEventRows,
  packedStepRows,
} from '../internal/run-store-shared';
import type { AdmissionCandidate } from '../internal/run-store-shared';
import {
  RUN_COLUMNS,
  commandFromRow,
  eventsFromRows,
  num,
  runFromRow,
  runPatchColumns,
  stepParams,
} from '../internal/rows';
import type { CommandRow, EventRow, RunRow } from '../internal/rows';
import { Gate } from '../internal/sql-db';
import type { SqlDb, SqlValue } from '../internal/sql-db';
import { workflowRepo } from '../internal/workflow-repo';
import type { Repositories, WeftStore } from '../repos';
import { Checkpointer } from './checkpointer';
import { StatementCache, sqliteDb } from './sqlite-db';
import { cachedWorkflowRows } from './workflow-rows';
import { insertCommittedRun } from './created-commit';
import { HOUR_COLUMNS, RunHours } from './run-hours';
import type { HourRow } from './run-hours';

export interface SqliteOptions {
  /** File path, or `:memory:`. */
  path: string;
  /** `NORMAL` (default) survives a process crash but may lose the last commits on power loss; `FULL` survives both. */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long to wait for another process's write lock (ms). Default 5000. */
  busyTimeoutMs?: number;
}

/** A write waiting for the next group commit: a `commit` or a `createRun`. */
type PendingWrite =
  | { kind: 'commit'; commit: Commit; resolve: (lastSeq: number) => void; reject: (err: unknown) => void }
  | {
      kind: 'create';
      run: NewRun;
      resolve: (r: { run: RunRecord; created: boolean }) => void;
      reject: (err: unknown) => void;
    };

/** Where `newRunParams` puts the trigger's JSON (reused for the `run.created` event). */
const TRIGGER_PARAM = 4;
/** Where `newRunParams` puts the run's `kind` (its last parameter). */
const KIND_PARAM = 14;
const COUNTED = new Set<string>(HOUR_COLUMNS);

/** Writes after which a file store moves WAL checkpoints to a worker thread (see checkpointer.ts). */
const CHECKPOINTER_AFTER_WRITES = 2000;

/**
 * The connection's page cache, in KiB. better-sqlite3 builds SQLite with 16 MB, which a busy server
 * fills and keeps (RSS); what the hot path touches — the right edges of the run, event and step
 * b-trees, recent runs' rows — fits in a few MB, and the OS page cache still holds the file.
 */
const PAGE_CACHE_KB = 4096;

/** Thrown inside a group transaction to roll the whole batch back when one write in it failed. */
class BatchFailed extends Error {}

export class SqliteStore implements WeftStore {
  readonly kind = 'sqlite' as const;
  readonly repos: Repositories;
  private readonly db: Database.Database;
  private readonly stmts: StatementCache;
  private readonly gate = new Gate();
  private readonly sql: SqlDb;
  private closed = false;
  private readonly path: string | undefined;
  private writes = 0;
  /** The hourly run counts a write transaction changed (written once, before it commits). */
  private readonly hours = new RunHours();
  private checkpointer: Checkpointer | undefined;

  private readonly createTx: (run: NewRun) => { run: RunRecord; created: boolean };
  private readonly commitTx: (c: Commit) => number;
  private readonly groupTx: (batch: readonly PendingWrite[]) => unknown[];
  private pending: PendingWrite[] = [];
  private readonly claimTx: (o: ClaimOptions) => RunId[];
  private readonly renewTx: (owner: string, ids: readonly RunId[], until: number) => RunId[];

  constructor(opts: SqliteOptions) {
    const memory = opts.path === ':memory:';
    try {
      if (!memory) mkdirSync(dirname(resolve(opts.path)), { recursive: true });
      this.db = new Database(opts.path);
      if (!memory) this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
      this.db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
      this.db.pragma(`cache_size = -${PAGE_CACHE_KB}`);
    } catch (err) {
      throw new StoreError(
        'UNREACHABLE',
        `cannot open SQLite database "${opts.path}": ${(err as Error).message}`,
        { cause: err },
      );
    }
    this.path = memory ? undefined : opts.path;
    this.migrate();
    this.stmts = new StatementCache(this.db);
    this.sql = sqliteDb(this.db, this.stmts, this.gate);
    const dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.repos = {
      workflows: cachedWorkflowRows(workflowRepo(this.sql), () => dataVersion.get() as number),
      runs: runQueries(this.sql),
      secrets: secretRepo(this.sql),
      tokens: tokenRepo(this.sql),
      triggers: triggerStateRepo(this.sql),
      webhooks: webhookRepo(this.sql),
      audit: auditRepo(this.sql),
      dashboard: dashboardRepo(this.sql),
      retention: retentionRepo(this.sql),
      pauses: triggerPauseRepo(this.sql),
      notifications: notificationRepo(this.sql),
    };
    const tx = <A extends unknown[], R>(fn: (...a: A) => R): ((...a: A) => R) => {
      const t = this.db.transaction(fn);
      return (...a: A) => t.immediate(...a);
    };
    // A run write tallies its hourly counts; the transaction writes them once, last.
    const writeTx = <A extends unknown[], R>(fn: (...a: A) => R): ((...a: A) => R) =>
      tx((...a: A) => {
        this.hours.clear();
        const r = fn(...a);
        this.hours.flush(this.stmts);
        return r;
      });
    this.createTx = writeTx((run: NewRun) => this.createRunSync(run));
    this.commitTx = writeTx((c: Commit) => this.commitSync(c));
    // Group commit: the whole batch in one transaction. If any write in it fails, the batch rolls back
    // (BatchFailed) and `flushWrites` applies the writes one transaction each, so only the bad one fails.
    this.groupTx = writeTx((batch: readonly PendingWrite[]) =>
      batch.map((p) => {
        try {
          return p.kind === 'commit' ? this.commitSync(p.commit) : this.createRunSync(p.run);
        } catch {
          throw new BatchFailed();
        }
      }),
    );
    this.claimTx = tx((o: ClaimOptions) => this.claimSync(o));
    this.renewTx = tx((owner: string, ids: readonly RunId[], until: number) => {
      const s = this.stmts.get('UPDATE runs SET lease_until = ? WHERE id = ? AND lease_owner = ?');
      return ids.filter((id) => s.run(until, id, owner).changes === 0);
    });
  }

  private migrate(): void {
    try {
      this.db.exec(MIGRATIONS_TABLE);
      const apply = this.db.transaction(() => {
        const done = new Set(
          (this.db.prepare('SELECT version FROM weft_migrations').all() as { version: number }[]).map(
            (r) => r.version,
          ),
        );
        for (const m of SQLITE_MIGRATIONS) {
          if (done.has(m.version)) continue;
          this.db.exec(m.sql);
          this.db
            .prepare('INSERT INTO weft_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        }
      });
      apply.immediate();
    } catch (err) {
      throw new StoreError('MIGRATION_FAILED', `cannot migrate SQLite database: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** Runs `fn` once no async repository transaction holds the connection. */
  private async call<T>(fn: () => T): Promise<T> {
    if (this.closed) throw new StoreError('CLOSED', 'the store is closed');
    if (this.gate.busy) await this.gate.idle();
    return fn();
  }

  /** Grouped with the other writes of these two event-loop turns (see `commit`). */
  createRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    if (this.closed) return Promise.reject(new StoreError('CLOSED', 'the store is closed'));
    return new Promise((resolve, reject) => this.enqueue({ kind: 'create', run, resolve, reject }));
  }

  private createRunSync(run: NewRun): { run: RunRecord; created: boolean } {
    if (run.idempotencyKey !== undefined) {
      const existing = this.stmts
        .get(`SELECT ${RUN_COLUMNS} FROM runs WHERE workflow_id = ? AND idempotency_key = ?`)
        .get(run.workflowId, run.idempotencyKey) as RunRow | undefined;
      if (existing) return { run: runFromRow(existing), created: false };
    }
    const params = newRunParams(run);
    this.stmts.get(INSERT_RUN).run(...params);
    this.hours.add(
      {
        status: 'QUEUED',
        created_at: run.createdAt,
        started_at: null,
        finished_at: null,
        kind: params[KIND_PARAM] as string,
        workflow_id: run.workflowId,
      },
      1,
    );
    const triggerJson = params[TRIGGER_PARAM] as string | null;
    this.stmts
      .get(INSERT_EVENT)
      .run(run.id, 1, run.createdAt, 'run.created', null, createdEventJson(run, triggerJson));
    return { run: createdRecord(run), created: true };
  }

  /**
   * Group commit: commits issued within two event-loop turns (many runs in flight) share one SQLite
   * transaction — one WAL write and one lock round for all of them. Each still succeeds or fails on
   * its own (a savepoint each), and none resolves before the shared transaction is committed.
   */
  commit(commit: Commit): Promise<number> {
    if (this.closed) return Promise.reject(new StoreError('CLOSED', 'the store is closed'));
    return new Promise<number>((resolve, reject) =>
      this.enqueue({ kind: 'commit', commit, resolve, reject }),
    );
  }

  private enqueue(w: PendingWrite): void {
    this.pending.push(w);
    // The batch is written two loop turns after its first write, not one: what a transaction costs
    // whatever its size (BEGIN/COMMIT, the WAL frames of the b-tree pages every run touches) is paid
    // once per group, and the extra turn lets the requests and steps already in flight join it
    // (under 16 concurrent webhook clients ~7.5 writes per group instead of ~4.9, and less CPU per
    // run; a lone write waits one more turn — microseconds).
    if (this.pending.length === 1) setImmediate(() => setImmediate(() => void this.flushWrites()));
  }

  private async flushWrites(): Promise<void> {
    if (this.gate.busy) await this.gate.idle();
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.writes += batch.length;
    if (
      this.writes >= CHECKPOINTER_AFTER_WRITES &&
      !this.checkpointer &&
      this.path !== undefined &&
      !this.closed
    )
      this.startCheckpointer(this.path);
    if (batch.length > 1) {
      let results: unknown[] | undefined;
      try {
        results = this.groupTx(batch);
      } catch (err) {
        if (!(err instanceof BatchFailed)) {
          for (const p of batch) p.reject(err);
          return;
        }
      }
      if (results) {
        batch.forEach((p, i) => settle(p, { ok: true, value: results[i] }));
        return;
      }
    }
    for (const p of batch) {
      try {
        settle(p, { ok: true, value: p.kind === 'commit' ? this.commitTx(p.commit) : this.createTx(p.run) });
      } catch (error) {
        settle(p, { ok: false, error });
      }
    }
  }

  /**
   * A busy store: checkpoints move to a worker. SQLite's own stay as a backstop at 4,000 pages (16 MB):
   * under a steady stream of writes the worker never catches up with the last frames, so the WAL can
   * only restart after a checkpoint by the writer itself, which by then has little left to copy.
   */
  private startCheckpointer(path: string): void {
    try {
      this.checkpointer = new Checkpointer(path, 200, () => {
        if (!this.closed) this.db.pragma('wal_autocheckpoint = 1000');
      });
      this.db.pragma('wal_autocheckpoint = 4000');
    } catch {
      // No worker threads here: SQLite keeps checkpointing on its own.
    }
  }

  private commitSync(c: Commit): number {
    if (c.create) {
      if (insertCommittedRun(this.stmts, this.hours, c, c.create) !== undefined) {
        const last = 1 + c.events.length;
        this.writeCommitRows(c, last, 'inserted');
        return last;
      }
      if (!this.createRunSync(c.create).created)
        throw new StoreError('CONFLICT', `run ${c.runId} already exists (its idempotency key was used)`);
    }
    const { columns, values } = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
    const read = [...new Set(['lease_owner', 'last_seq', ...HOUR_COLUMNS, ...columns])].join(', ');
    const cur = this.stmts.get(`SELECT ${read} FROM runs WHERE id = ?`).get(c.runId) as
      Record<string, unknown> | undefined;
    if (!cur) throw new StoreError('RUN_NOT_FOUND', `run ${c.runId} does not exist`);
    if (cur.lease_owner !== c.owner) throw new LeaseLostError(c.runId);
    // Write only the columns whose value changes: the engine sends the whole run state each time, and
    // an unchanged `status` would still rewrite three index entries.
    const setCols: string[] = [];
    const setVals: SqlValue[] = [];
    let counted: Record<string, unknown> | undefined;
    columns.forEach((col, i) => {
      const v = values[i] as SqlValue;
      if (cur[col] !== v) {
        setCols.push(`${col} = ?`);
        setVals.push(v);
        if (COUNTED.has(col)) (counted ??= { ...cur })[col] = v;
      }
    });
    if (counted) this.hours.change(cur as unknown as HourRow, counted as unknown as HourRow);
    const row = { last_seq: num(cur.last_seq as number) + c.events.length };
    if (c.events.length > 0) {
      setCols.push('last_seq = ?');
      setVals.push(row.last_seq);
    }
    if (c.release) setCols.push('lease_owner = NULL', 'lease_until = NULL');
    if (setCols.length > 0)
      this.stmts.get(`UPDATE runs SET ${setCols.join(', ')} WHERE id = ?`).run(...setVals, c.runId);
    const last = num(row.last_seq);
    this.writeCommitRows(c, last, c.create !== undefined ? 'created' : 'existing');
    return last;
  }

  /**
   * A commit's steps, events (numbered up to `last`) and acknowledged commands. `run`: `existing`, or the
   * commit created its run (no step has a row yet): the steps that ended are derived from the events when
   * the commit says they can be (`eventStepRows`; `inserted`: the run's row, written in its committed
   * state by `insertCommittedRun`, holds the marker), else share packed rows (`packedStepRows`).
   */
  private writeCommitRows(c: Commit, last: number, run: 'inserted' | 'created' | 'existing'): void {
    if (c.steps?.length && run !== 'existing') {
      const ins = this.stmts.get(INSERT_STEP);
      const rows = c.stepsFromEvents
        ? eventStepRows(c.runId, c.steps, last, { markerRow: run === 'created' })
        : packedStepRows(c.runId, c.steps);
      for (const row of rows) ins.run(...row);
    } else if (c.steps?.length) {
      const up = this.stmts.get(UPSERT_STEP);
      for (const s of c.steps) up.run(...stepParams({ ...s, runId: c.runId }));
    }
    if (c.events.length) {
      const ins = this.stmts.get(INSERT_EVENT);
      for (const row of packedEventRows(c.runId, last - c.events.length + 1, c.events)) ins.run(...row);
    }
    if (c.ackCommands?.length) {
      const del = this.stmts.get('DELETE FROM run_commands WHERE id = ? AND run_id = ?');
      for (const id of c.ackCommands) del.run(id, c.runId);
    }
  }

  async getRun(runId: RunId): Promise<RunRecord | undefined> {
    return getRunRow(this.sql, runId);
  }

  async getSteps(runId: RunId): Promise<StepRecord[]> {
    return getStepRows(this.sql, runId);
  }

  listEvents(runId: RunId, afterSeq: number, limit: number): Promise<RunEvent[]> {
    return this.call(() => {
      const rows = this.stmts
        .get('SELECT * FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(runId, afterSeq, Math.max(0, limit)) as EventRow[];
      return eventsFromRows(rows, afterSeq, limit);
    });
  }

  claimRuns(opts: ClaimOptions): Promise<RunId[]> {
    return this.call(() => this.claimTx(opts));
  }

  private claimSync(o: ClaimOptions): RunId[] {
    if (o.limit <= 0) return [];
    const until = o.now + o.leaseMs;
    // 1. Runs already admitted that need an engine, oldest first.
    const picked = (
      this.stmts
        .get(`SELECT id FROM runs WHERE ${CLAIMABLE_ADMITTED} ORDER BY created_at, ord LIMIT ?`)
        .all(...claimableParams(o.now, o.owner, o.reclaimOwn === true), o.limit) as {
        id: string;
      }[]
    ).map((r) => r.id);
    const lease = this.stmts.get('UPDATE runs SET lease_owner = ?, lease_until = ? WHERE id = ?');
    for (const id of picked) lease.run(o.owner, until, id);
    // 2. QUEUED runs waiting for admission, oldest first, each workflow under its concurrency limit.
    if (picked.length < o.limit) picked.push(...this.admit(o, o.limit - picked.length));
    return picked as RunId[];
  }

  private admit(o: ClaimOptions, room: number): string[] {
    const countSlots = this.stmts.get(
      `SELECT count(*) AS n FROM runs WHERE workflow_id = ? AND ${HOLDS_SLOT}`,
    );
    const admission = new Admission((wf) => num((countSlots.get(wf) as { n: number }).n));
    const admit = this.stmts.get(
      'UPDATE runs SET lease_owner = ?, lease_until = ?, admitted = 1 WHERE id = ?',
    );
    const page = this.stmts.get(
      `SELECT ord, id, workflow_id, concurrency_limit FROM runs WHERE ${AWAITING_ADMISSION} AND ord > ? ORDER BY created_at, ord LIMIT 200`,
    );
    const out: string[] = [];
    let afterOrd = -1;
    for (;;) {
      const rows = page.all(o.now, afterOrd) as AdmissionCandidate[];
      if (rows.length === 0) return out;
      for (const c of rows) {
        afterOrd = Math.max(afterOrd, num(c.ord));
        if (!admission.take(c)) continue;
        admit.run(o.owner, o.now + o.leaseMs, c.id);
        out.push(c.id);
        if (out.length >= room) return out;
      }
    }
  }

  renewLeases(owner: string, runIds: readonly RunId[], until: number): Promise<RunId[]> {
    return this.call(() => this.renewTx(owner, runIds, until));
  }

  releaseRun(owner: string, runId: RunId): Promise<void> {
    return this.call(() => {
      this.stmts
        .get('UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?')
        .run(runId, owner);
    });
  }

  addCommand(runId: RunId, command: RunCommand, at: number): Promise<void> {
    return this.call(() => {
      const r = this.stmts
        .get(`INSERT INTO run_commands (run_id, command, created_at) SELECT id, ?, ? FROM runs WHERE id = ?`)
        .run(JSON.stringify(command), at, runId);
      if (r.changes === 0) throw new StoreError('RUN_NOT_FOUND', `run ${runId} does not exist`);
    });
  }

  listCommands(runId: RunId): Promise<StoredCommand[]> {
    return this.call(() =>
      (
        this.stmts.get('SELECT * FROM run_commands WHERE run_id = ? ORDER BY id').all(runId) as CommandRow[]
      ).map(commandFromRow),
    );
  }

  listChildRuns(parentRunId: RunId): Promise<RunRecord[]> {
    return this.call(() =>
      (
        this.stmts
          .get(`SELECT ${RUN_COLUMNS} FROM runs WHERE parent_run_id = ? ORDER BY created_at, ord`)
          .all(parentRunId) as RunRow[]
      ).map(runFromRow),
    );
  }

  /**
   * Count the dashboard's hourly run counts again from `runs`. Only for rows written to `runs` with
   * SQL of one's own (a bench seeding 100,000 runs in one statement): the store's writes keep them.
   */
  recountRunHours(): void {
    this.db.transaction(() => this.db.exec(RECOUNT_RUN_HOURS)).immediate();
  }

  migrated(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    try {
      const row = this.db.prepare('SELECT max(version) AS v FROM weft_migrations').get() as {
        v: number | null;
      };
      return Promise.resolve(row.v !== null && row.v >= LATEST_SCHEMA_VERSION);
    } catch {
      return Promise.resolve(false);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.gate.idle();
    if (this.pending.length > 0) await this.flushWrites();
    this.closed = true;
    await this.checkpointer?.stop();
    this.db.close();
  }
}

function settle(p: PendingWrite, o: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
  if (!o.ok) p.reject(o.error);
  else if (p.kind === 'commit') p.resolve(o.value as number);
  else p.resolve(o.value as { run: RunRecord; created: boolean });
}
