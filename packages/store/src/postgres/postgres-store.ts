/**
 * The engine's `Store` and the server repositories on PostgreSQL (pg.Pool). Several engine processes
 * may share one database: claims use `FOR UPDATE SKIP LOCKED` under a lease, admission of QUEUED runs
 * is serialised by a transaction-scoped advisory lock, and every commit is fenced by the lease owner.
 */
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
import pg from 'pg';
import { StoreError } from '../errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS_TABLE, POSTGRES_MIGRATIONS } from '../internal/migrations';
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
  claimableParams,
  createdRecord,
} from '../internal/run-store-shared';
import type { AdmissionCandidate } from '../internal/run-store-shared';
import { RUN_COLUMNS, commandFromRow, eventsFromRows, num, runFromRow } from '../internal/rows';
import type { CommandRow, EventRow, RunRow } from '../internal/rows';
import type { SqlDb } from '../internal/sql-db';
import { workflowRepo } from '../internal/workflow-repo';
import type { Repositories, WeftStore } from '../repos';
import { committedRun } from '../internal/committed-run';
import type { CommittedRun } from '../internal/committed-run';
import { batchCommitQuery, batchCreateQuery, batchCreatedQuery } from './pg-batch';
import { pgDb, pgTypes, prepared, withTx } from './pg-db';
import { TurnBatch, settle } from './turn-batch';
import type { Settled } from './turn-batch';

/**
 * Writes per batch statement. Large enough that a statement's fixed cost (round trip, plan, lock
 * sort) is small beside its rows; small enough that a busy turn becomes several statements the
 * server works on while node still builds the next (`pnpm bench store-engine`: 1,000 runs × 10 steps
 * ran best at 50–100).
 */
const BATCH_MAX = 64;

/** A commit waiting for its group statement; `created`: it creates its run, whose row is built. */
interface PendingCommit {
  commit: Commit;
  created?: CommittedRun;
}

export interface PostgresOptions {
  /** `postgres://user:pass@host:port/db` (without Weft's own options). */
  connectionString: string;
  /** Schema to use (created if missing); default: the server's search_path (normally `public`). */
  schema?: string;
  /** Pool size. Default 10. */
  poolSize?: number;
}

/** Where a URL points, without the password, for error messages. */
function describe(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the PostgreSQL server';
  }
}

export class PostgresStore implements WeftStore {
  readonly kind = 'postgres' as const;
  readonly repos: Repositories;
  private readonly sql: SqlDb;
  private closed = false;
  /** Group commit: the writes of two event-loop turns go to the server as one statement each kind. */
  private readonly creates = new TurnBatch<NewRun, { run: RunRecord; created: boolean }>(
    (runs) => this.createBatch(runs),
    { maxItems: BATCH_MAX },
  );
  private readonly commits = new TurnBatch<PendingCommit, number>((cs) => this.commitBatch(cs), {
    maxItems: BATCH_MAX,
    key: (w) => w.commit.runId,
  });

  private constructor(private readonly pool: pg.Pool) {
    this.sql = pgDb(pool);
    this.repos = {
      workflows: workflowRepo(this.sql),
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
  }

  /** Connect, check the server answers, and apply pending migrations. */
  static async open(opts: PostgresOptions): Promise<PostgresStore> {
    const schema = opts.schema;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new StoreError(
        'BAD_URL',
        `invalid PostgreSQL schema name "${schema}" (letters, digits and _ only)`,
      );
    }
    const pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      types: pgTypes,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const where = describe(opts.connectionString);
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreError('UNREACHABLE', `cannot reach PostgreSQL at ${where}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const store = new PostgresStore(pool);
    try {
      await withTx(pool, async (t) => {
        // Processes starting together migrate one after the other (CREATE … IF NOT EXISTS races otherwise).
        await t.get(
          "SELECT pg_advisory_xact_lock(hashtext('weft.migrate.' || coalesce(?::text, current_schema())))",
          [schema ?? null],
        );
        if (schema) await t.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await t.run(MIGRATIONS_TABLE);
        const done = new Set(
          (await t.all<{ version: number }>('SELECT version FROM weft_migrations')).map((r) =>
            num(r.version),
          ),
        );
        for (const m of POSTGRES_MIGRATIONS) {
          if (done.has(m.version)) continue;
          for (const stmt of m.sql
            .split(';')
            .map((s) => s.trim())
            .filter(Boolean))
            await t.run(stmt);
          await t.run('INSERT INTO weft_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
            m.version,
            m.name,
            Date.now(),
          ]);
        }
      });
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new StoreError(
        'MIGRATION_FAILED',
        `cannot migrate PostgreSQL database at ${where}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return store;
  }

  private check(): void {
    if (this.closed) throw new StoreError('CLOSED', 'the store is closed');
  }

  /** Grouped with the other creations of these two event-loop turns (see `commit`). */
  createRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    this.check();
    return this.creates.add(run);
  }

  private async createBatch(runs: NewRun[]): Promise<Settled<{ run: RunRecord; created: boolean }>[]> {
    if (runs.length === 1 || new Set(runs.map((r) => r.id)).size < runs.length)
      return await this.oneByOne(runs, (r) => this.createOne(r));
    let created: Set<string>;
    try {
      created = await this.insertRuns(runs);
    } catch {
      return await Promise.all(runs.map((r) => settle(this.createOne(r))));
    }
    return await Promise.all(runs.map((r) => settle(this.createdOrExisting(r, created))));
  }

  private async createOne(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    return await this.createdOrExisting(run, await this.insertRuns([run]));
  }

  /** Inserts the runs (one statement); the ids of those created (the others' idempotency key was taken). */
  private async insertRuns(runs: readonly NewRun[]): Promise<Set<string>> {
    const q = batchCreateQuery(runs);
    const res = await this.pool.query<{ id: string }>({ ...prepared(q.text), values: q.values });
    return new Set(res.rows.map((r) => r.id));
  }

  private async createdOrExisting(
    run: NewRun,
    created: ReadonlySet<string>,
  ): Promise<{ run: RunRecord; created: boolean }> {
    // Inserted: the record is what was sent (no need to read it back and parse its JSON).
    if (created.has(run.id)) return { run: createdRecord(run), created: true };
    return await this.existingRun(run);
  }

  /** The run that holds `run`'s idempotency key. */
  private async existingRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    const existing = await this.sql.get<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE workflow_id = ? AND idempotency_key = ?`,
      [run.workflowId, run.idempotencyKey ?? null],
    );
    if (!existing) throw new StoreError('CONFLICT', `run ${run.id} could not be created`);
    return { run: runFromRow(existing), created: false };
  }

  /**
   * Group commit: commits issued within two event-loop turns (many runs in flight) go to the server as
   * one statement per kind (those that create their run, the others). Each still succeeds or fails on
   * its own, and none resolves before its statement (hence its transaction) has committed.
   */
  commit(commit: Commit): Promise<number> {
    this.check();
    if (!commit.create) return this.commits.add({ commit });
    let created: CommittedRun | undefined;
    try {
      created = committedRun(commit, commit.create);
    } catch (err) {
      return Promise.reject(err);
    }
    return created ? this.commits.add({ commit, created }) : this.createThenCommit(commit.create, commit);
  }

  /**
   * A commit that creates its run but cannot insert it in its committed state (`committedRun`): the
   * run's creation, then the commit, each in its own group statement. If the commit fails, the run
   * stays QUEUED under the lease, and is taken up again when the lease expires.
   */
  private async createThenCommit(run: NewRun, commit: Commit): Promise<number> {
    const { created } = await this.createRun(run);
    if (!created)
      throw new StoreError('CONFLICT', `run ${run.id} already exists (its idempotency key was used)`);
    const { create: _create, ...rest } = commit;
    return this.commits.add({ commit: rest });
  }

  private async commitBatch(ws: PendingCommit[]): Promise<Settled<number>[]> {
    // Two commits of one run in a batch keep their order: one statement each, one after the other.
    if (ws.length === 1 || new Set(ws.map((w) => w.commit.runId)).size < ws.length)
      return await this.oneByOne(ws, (w) => this.commitOne(w));
    const creating: PendingCommit[] = [];
    const existing: PendingCommit[] = [];
    for (const w of ws) (w.created ? creating : existing).push(w);
    // Distinct runs: the two statements may run side by side.
    const [made, updated] = await Promise.all([
      this.createdBatch(creating),
      this.existingBatch(existing.map((w) => w.commit)),
    ]);
    let a = 0;
    let b = 0;
    return ws.map((w) => (w.created ? made[a++] : updated[b++]) as Settled<number>);
  }

  /** Commits that create their runs, as one statement; if it fails, each alone. */
  private async createdBatch(ws: readonly PendingCommit[]): Promise<Settled<number>[]> {
    if (ws.length === 0) return [];
    if (ws.length > 1)
      try {
        await this.writeCreated(ws);
        return ws.map((w) => ({ ok: true as const, value: (w.created as CommittedRun).last }));
      } catch {
        // fall through: each alone, so only the bad one fails
      }
    return await Promise.all(ws.map((w) => settle(this.commitOne(w))));
  }

  private async existingBatch(cs: readonly Commit[]): Promise<Settled<number>[]> {
    if (cs.length === 0) return [];
    if (cs.length === 1) return [await settle(this.commitOne({ commit: cs[0] as Commit }))];
    let seqs: Map<number, number>;
    try {
      seqs = await this.writeCommits(cs);
    } catch {
      // One bad commit (or a deadlock) failed the statement: each alone, so only the bad one fails.
      return await Promise.all(cs.map((c) => settle(this.commitOne({ commit: c }))));
    }
    return await Promise.all(
      cs.map((c, i) => {
        const seq = seqs.get(i);
        return seq === undefined ? settle(this.notCommitted(c)) : { ok: true as const, value: seq };
      }),
    );
  }

  private async commitOne(w: PendingCommit): Promise<number> {
    if (w.created) {
      await this.writeCreated([w]);
      return w.created.last;
    }
    const seq = (await this.writeCommits([w.commit])).get(0);
    return seq ?? (await this.notCommitted(w.commit));
  }

  /** Inserts the runs of creating commits in their committed state (one statement). */
  private async writeCreated(ws: readonly PendingCommit[]): Promise<void> {
    const q = batchCreatedQuery(ws.map((w) => ({ commit: w.commit, created: w.created as CommittedRun })));
    await this.pool.query({ ...prepared(q.text), values: q.values });
  }

  /** Writes the commits (one statement): the new last seq of each that held its lease, by position. */
  private async writeCommits(cs: readonly Commit[]): Promise<Map<number, number>> {
    const q = batchCommitQuery(cs);
    const res = await this.pool.query<{ idx: number; last_seq: number }>({
      ...prepared(q.text),
      values: q.values,
    });
    return new Map(res.rows.map((r) => [num(r.idx), num(r.last_seq)]));
  }

  /** Why a fenced commit wrote nothing: the run is gone, or another owner holds its lease. */
  private async notCommitted(commit: Commit): Promise<never> {
    const exists = await this.sql.get('SELECT 1 AS one FROM runs WHERE id = ?', [commit.runId]);
    if (!exists) throw new StoreError('RUN_NOT_FOUND', `run ${commit.runId} does not exist`);
    throw new LeaseLostError(commit.runId);
  }

  private async oneByOne<I, O>(items: I[], write: (i: I) => Promise<O>): Promise<Settled<O>[]> {
    const out: Settled<O>[] = [];
    for (const item of items) out.push(await settle(write(item)));
    return out;
  }

  getRun(runId: RunId): Promise<RunRecord | undefined> {
    this.check();
    return getRunRow(this.sql, runId);
  }

  getSteps(runId: RunId): Promise<StepRecord[]> {
    this.check();
    return getStepRows(this.sql, runId);
  }

  async listEvents(runId: RunId, afterSeq: number, limit: number): Promise<RunEvent[]> {
    this.check();
    const rows = await this.sql.all<EventRow>(
      'SELECT * FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [runId, afterSeq, Math.max(0, limit)],
    );
    return eventsFromRows(rows, afterSeq, limit);
  }

  async claimRuns(o: ClaimOptions): Promise<RunId[]> {
    this.check();
    if (o.limit <= 0) return [];
    const until = o.now + o.leaseMs;
    // 1. Admitted runs that need an engine. SKIP LOCKED: rows another process is claiming or
    //    committing right now are left to it (it holds them, or they are claimable next round).
    const first = await this.sql.all<{ id: string }>(
      `UPDATE runs SET lease_owner = ?, lease_until = ? WHERE id IN (
         SELECT id FROM runs WHERE ${CLAIMABLE_ADMITTED} ORDER BY created_at, ord LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id`,
      [o.owner, until, ...claimableParams(o.now, o.owner, o.reclaimOwn === true), o.limit],
    );
    const picked = first.map((r) => r.id);
    if (picked.length >= o.limit) return picked as RunId[];
    const waiting = await this.sql.get(`SELECT 1 AS one FROM runs WHERE ${AWAITING_ADMISSION} LIMIT 1`, [
      o.now,
    ]);
    if (!waiting) return picked as RunId[];
    // 2. Admission, one process at a time, so two cannot both fill the last slot of a workflow.
    const admitted = await this.sql.tx(async (t) => {
      await t.get("SELECT pg_advisory_xact_lock(hashtext('weft.admission.' || current_schema()))");
      return this.admit(t, o, o.limit - picked.length);
    });
    return [...picked, ...admitted] as RunId[];
  }

  private async admit(t: SqlDb, o: ClaimOptions, room: number): Promise<string[]> {
    const slots = new Map<string, number>();
    const admission = new Admission((wf) => slots.get(wf) ?? 0);
    const out: string[] = [];
    let afterOrd = -1;
    outer: for (;;) {
      const page = await t.all<AdmissionCandidate>(
        `SELECT ord, id, workflow_id, concurrency_limit FROM runs WHERE ${AWAITING_ADMISSION} AND ord > ?
         ORDER BY created_at, ord LIMIT 200 FOR UPDATE SKIP LOCKED`,
        [o.now, afterOrd],
      );
      if (page.length === 0) break;
      const need = admission.uncounted(page).filter((wf) => !slots.has(wf));
      if (need.length) {
        const rows = await t.all<{ workflow_id: string; n: number }>(
          `SELECT workflow_id, count(*) AS n FROM runs WHERE workflow_id = ANY(?::text[]) AND ${HOLDS_SLOT} GROUP BY workflow_id`,
          [toArray(need)],
        );
        for (const wf of need) slots.set(wf, 0);
        for (const r of rows) slots.set(r.workflow_id, num(r.n));
      }
      for (const c of page) {
        afterOrd = Math.max(afterOrd, num(c.ord));
        if (!admission.take(c)) continue;
        out.push(c.id);
        if (out.length >= room) break outer;
      }
    }
    if (out.length) {
      await t.run(
        'UPDATE runs SET lease_owner = ?, lease_until = ?, admitted = 1 WHERE id = ANY(?::text[])',
        [o.owner, o.now + o.leaseMs, toArray(out)],
      );
    }
    return out;
  }

  async renewLeases(owner: string, runIds: readonly RunId[], until: number): Promise<RunId[]> {
    this.check();
    if (runIds.length === 0) return [];
    // Rows locked in id order, as group commits lock theirs: the two never deadlock.
    const kept = await this.sql.all<{ id: string }>(
      `UPDATE runs SET lease_until = ? WHERE lease_owner = ? AND id IN (
         SELECT id FROM runs WHERE id = ANY(?::text[]) AND lease_owner = ? ORDER BY id FOR UPDATE) RETURNING id`,
      [until, owner, toArray(runIds), owner],
    );
    const held = new Set(kept.map((r) => r.id));
    return runIds.filter((id) => !held.has(id));
  }

  async releaseRun(owner: string, runId: RunId): Promise<void> {
    this.check();
    await this.sql.run(
      'UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
      [runId, owner],
    );
  }

  async addCommand(runId: RunId, command: RunCommand, at: number): Promise<void> {
    this.check();
    const n = await this.sql.run(
      'INSERT INTO run_commands (run_id, command, created_at) SELECT id, ?, ? FROM runs WHERE id = ?',
      [JSON.stringify(command), at, runId],
    );
    if (n === 0) throw new StoreError('RUN_NOT_FOUND', `run ${runId} does not exist`);
  }

  async listCommands(runId: RunId): Promise<StoredCommand[]> {
    this.check();
    return (
      await this.sql.all<CommandRow>('SELECT * FROM run_commands WHERE run_id = ? ORDER BY id', [runId])
    ).map(commandFromRow);
  }

  async listChildRuns(parentRunId: RunId): Promise<RunRecord[]> {
    this.check();
    return (
      await this.sql.all<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE parent_run_id = ? ORDER BY created_at, ord`,
        [parentRunId],
      )
    ).map(runFromRow);
  }

  async migrated(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const row = await this.sql.get<{ v: number | null }>('SELECT max(version) AS v FROM weft_migrations');
      return row?.v !== null && row?.v !== undefined && num(row.v) >= LATEST_SCHEMA_VERSION;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.creates.drain(), this.commits.drain()]);
    await this.pool.end();
  }
}

/** pg sends a JS array as a PostgreSQL array literal; SqlValue has no array type, hence the cast. */
function toArray(ids: readonly string[]): string {
  return ids as unknown as string;
}
