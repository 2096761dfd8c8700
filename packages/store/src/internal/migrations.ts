/**
 * Versioned schema migrations, one list per backend with the same tables and meaning. A migration is
 * never edited once released: add a new entry with the next version. Both backends apply the pending
 * ones at open, in one transaction, and record them in `weft_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Shared column lists; only integer/serial types differ, and SQLite stores the step and event tables
// clustered by their primary key (WITHOUT ROWID: one b-tree to write per commit instead of two).
function tables(t: { big: string; ordKey: string; serial: string; clustered: string }): string {
  return `
CREATE TABLE workflows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  latest_version INTEGER NOT NULL,
  latest_hash TEXT NOT NULL,
  created_at ${t.big} NOT NULL,
  updated_at ${t.big} NOT NULL
);
CREATE TABLE workflow_versions (
  workflow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  yaml TEXT NOT NULL,
  hash TEXT NOT NULL,
  author TEXT,
  message TEXT,
  created_at ${t.big} NOT NULL,
  PRIMARY KEY (workflow_id, version)
);
CREATE TABLE runs (
  ord ${t.ordKey},
  id TEXT NOT NULL UNIQUE,
  workflow_id TEXT NOT NULL,
  workflow_version INTEGER NOT NULL,
  status TEXT NOT NULL,
  inputs TEXT NOT NULL,
  outputs TEXT,
  error TEXT,
  trigger TEXT,
  parent_run_id TEXT,
  parent_step_id TEXT,
  idempotency_key TEXT,
  debug TEXT,
  concurrency_limit INTEGER,
  created_at ${t.big} NOT NULL,
  started_at ${t.big},
  finished_at ${t.big},
  last_seq INTEGER NOT NULL,
  wake_at ${t.big},
  lease_owner TEXT,
  lease_until ${t.big},
  admitted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX runs_idempotency ON runs (workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_active ON runs (created_at, ord) WHERE status IN ('QUEUED', 'RUNNING', 'WAITING');
CREATE INDEX runs_workflow_status ON runs (workflow_id, status);
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX runs_created ON runs (created_at, ord);
CREATE INDEX runs_status_created ON runs (status, created_at, ord);
CREATE TABLE step_runs (
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  input TEXT,
  output TEXT,
  port TEXT,
  error TEXT,
  started_at ${t.big},
  finished_at ${t.big},
  wait_reason TEXT,
  wake_at ${t.big},
  state TEXT,
  PRIMARY KEY (run_id, step_id)
)${t.clustered};
CREATE TABLE run_events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at ${t.big} NOT NULL,
  type TEXT NOT NULL,
  step_id TEXT,
  data TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
)${t.clustered};
CREATE TABLE run_commands (
  id ${t.serial},
  run_id TEXT NOT NULL,
  command TEXT NOT NULL,
  created_at ${t.big} NOT NULL
);
CREATE INDEX run_commands_run ON run_commands (run_id, id);
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  ciphertext TEXT NOT NULL,
  created_at ${t.big} NOT NULL,
  updated_at ${t.big} NOT NULL
);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at ${t.big} NOT NULL,
  last_used_at ${t.big},
  revoked_at ${t.big}
);
CREATE TABLE trigger_state (
  workflow_id TEXT NOT NULL,
  trigger_key TEXT NOT NULL,
  last_tick ${t.big} NOT NULL,
  updated_at ${t.big} NOT NULL,
  PRIMARY KEY (workflow_id, trigger_key)
);
CREATE TABLE webhook_deliveries (
  workflow_id TEXT NOT NULL,
  delivery_key TEXT NOT NULL,
  run_id TEXT,
  outcome TEXT NOT NULL,
  http_status INTEGER,
  received_at ${t.big} NOT NULL,
  PRIMARY KEY (workflow_id, delivery_key)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (workflow_id, received_at);
`;
}

// Wave 2, operations (issue 15): audit log, notification deliveries (with the dead-letter state),
// paused triggers, server settings (retention), the run that each trigger tick started, and the
// indexes the dashboard's aggregates and the pruning job read.
function opsTables(t: { big: string; serial: string }): string {
  return `
CREATE TABLE audit_log (
  id ${t.serial},
  at ${t.big} NOT NULL,
  actor TEXT NOT NULL,
  role TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  source TEXT,
  user_agent TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE TABLE notification_deliveries (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  url TEXT NOT NULL,
  run_status TEXT NOT NULL,
  payload TEXT NOT NULL,
  secret TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at ${t.big},
  last_error TEXT,
  last_http_status INTEGER,
  created_at ${t.big} NOT NULL,
  updated_at ${t.big} NOT NULL
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_at);
CREATE INDEX notification_deliveries_run ON notification_deliveries (run_id);
CREATE TABLE trigger_pauses (
  workflow_id TEXT NOT NULL,
  trigger_key TEXT NOT NULL,
  paused_at ${t.big} NOT NULL,
  paused_by TEXT,
  PRIMARY KEY (workflow_id, trigger_key)
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at ${t.big} NOT NULL
);
ALTER TABLE trigger_state ADD COLUMN last_run_id TEXT;
CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX runs_workflow_created ON runs (workflow_id, created_at);
CREATE INDEX step_runs_waiting ON step_runs (status, wait_reason) WHERE status = 'WAITING';
`;
}

/** `kind` is `run`, or `step-test` for a run made by `Engine.testStep` (its trigger's type). */
const RUN_KINDS = `ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run';`;

// Dashboard speed (issue 15). Both backends: an index in duration order per workflow, so p50/p95 are
// a k-th-row lookup instead of sorting every run in the window.
const DURATION_INDEX = `CREATE INDEX runs_workflow_duration ON runs (workflow_id, kind, (finished_at - started_at), finished_at);`;

// SQLite only: hourly counts of production runs kept by triggers (the counts over 100k runs are the
// slow part on SQLite). One writer at a time, so the counter rows cost no contention. PostgreSQL keeps
// counting from `runs` (parallel scans): counter rows there would serialise the commits of several
// runtime processes and could deadlock. `run_hours_created` is keyed by the hour a run was created
// and its current status; `run_hours_ended` by the hour it finished (`timed`: it had started too).
const RUN_HOUR = (r: 'new' | 'old'): string => `
  INSERT INTO run_hours_created (hour, status, n) SELECT ${r}.created_at / 3600000, ${r}.status, ${r === 'new' ? 1 : -1} WHERE ${r}.kind = 'run'
    ON CONFLICT (hour, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO run_hours_ended (hour, workflow_id, status, n, timed)
    SELECT ${r}.finished_at / 3600000, ${r}.workflow_id, ${r}.status, ${r === 'new' ? 1 : -1}, (${r}.started_at IS NOT NULL) * ${r === 'new' ? 1 : -1}
    WHERE ${r}.kind = 'run' AND ${r}.finished_at IS NOT NULL
    ON CONFLICT (hour, workflow_id, status) DO UPDATE SET n = n + excluded.n, timed = timed + excluded.timed;`;
/** The hourly counts counted from `runs` (into empty tables). */
const RUN_HOURS_COUNT = `INSERT INTO run_hours_created (hour, status, n)
  SELECT created_at / 3600000, status, count(*) FROM runs WHERE kind = 'run' GROUP BY created_at / 3600000, status;
INSERT INTO run_hours_ended (hour, workflow_id, status, n, timed)
  SELECT finished_at / 3600000, workflow_id, status, count(*), sum(started_at IS NOT NULL) FROM runs
  WHERE kind = 'run' AND finished_at IS NOT NULL GROUP BY finished_at / 3600000, workflow_id, status;`;
/** SQLite: count the hourly tables again from `runs` (after rows were written to `runs` directly). */
export const RECOUNT_RUN_HOURS = `DELETE FROM run_hours_created;
DELETE FROM run_hours_ended;
${RUN_HOURS_COUNT}`;
const SQLITE_RUN_HOURS = `
${DURATION_INDEX}
CREATE TABLE run_hours_created (
  hour INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (hour, status)
) WITHOUT ROWID;
CREATE TABLE run_hours_ended (
  hour INTEGER NOT NULL,
  workflow_id TEXT NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  timed INTEGER NOT NULL,
  PRIMARY KEY (hour, workflow_id, status)
) WITHOUT ROWID;
${RUN_HOURS_COUNT}
CREATE TRIGGER runs_hours_insert AFTER INSERT ON runs BEGIN${RUN_HOUR('new')}
END;
CREATE TRIGGER runs_hours_delete AFTER DELETE ON runs BEGIN${RUN_HOUR('old')}
END;
CREATE TRIGGER runs_hours_update AFTER UPDATE OF status, created_at, started_at, finished_at, kind, workflow_id ON runs
WHEN old.status IS NOT new.status OR old.created_at IS NOT new.created_at OR old.started_at IS NOT new.started_at
  OR old.finished_at IS NOT new.finished_at OR old.kind IS NOT new.kind OR old.workflow_id IS NOT new.workflow_id
BEGIN${RUN_HOUR('old')}${RUN_HOUR('new')}
END;
`;

// SQLite: the store's own run writes keep the hourly counts (sqlite/run-hours.ts: one upsert per hour
// and status a transaction touched, written last in it) instead of row triggers that ran two to four
// upserts per run write. Deletes keep their trigger (retention prunes in bulk, from any connection).
// Anything else that inserts or updates `runs` on SQLite must go through SqliteStore. PostgreSQL had
// no triggers: its version 5 changes nothing, so both lists end at the same version.
const SQLITE_RUN_HOURS_IN_STORE = `
DROP TRIGGER runs_hours_insert;
DROP TRIGGER runs_hours_update;
`;

// Version 6 (issue 14): the two `runs` indexes keyed by status hold only runs that did not succeed.
// Nearly every run ends SUCCESS, and a webhook's run is inserted in that state: it now writes two index
// b-trees fewer per run (SQLite's cost is pages, ~1.5 WAL frames per index per group commit). Their
// readers look for open or failed runs, or count (SUCCESS = all − the rest); a query meant to use one
// of them must carry the index's WHERE term as written (SQLite matches it as text, not by implication):
// `NOT_SUCCESS` in rows.ts. Lists of SUCCESS runs walk `runs_created` / `runs_workflow_created`.
const RUNS_NOT_SUCCESS = `
DROP INDEX runs_workflow_status;
DROP INDEX runs_status_created;
CREATE INDEX runs_workflow_status_unsucceeded ON runs (workflow_id, status) WHERE status <> 'SUCCESS';
CREATE INDEX runs_status_created_unsucceeded ON runs (status, created_at, ord) WHERE status <> 'SUCCESS';
`;

// Version 7 (issue 14): a run whose creating commit ended steps that its events describe says so in its
// own row, `event_steps_upto` (the last seq of that commit: those steps' records are what the events up
// to it make), instead of an `#events` row in `step_runs`. The run's row is written by that commit
// anyway; `step_runs` is then not touched at all by a run that ends there (a sync webhook's), one
// b-tree fewer per commit. Older databases keep their `#events` rows, which are still read.
const EVENT_STEPS_COLUMN = `ALTER TABLE runs ADD COLUMN event_steps_upto INTEGER;`;

// Migrations whose SQL is the same on both backends: one entry, in both lists.
const RUN_KINDS_MIGRATION: Migration = {
  version: 3,
  name: 'run kinds: step tests apart from production runs',
  sql: RUN_KINDS,
};
const RUNS_NOT_SUCCESS_MIGRATION: Migration = {
  version: 6,
  name: 'status indexes without the succeeded runs',
  sql: RUNS_NOT_SUCCESS,
};
const EVENT_STEPS_MIGRATION: Migration = {
  version: 7,
  name: "steps kept in their events: the marker in the run's row",
  sql: EVENT_STEPS_COLUMN,
};

/** Tables derived from others (kept by the SQLite store and a delete trigger): `weft db migrate` rebuilds them, never copies them. */
export const DERIVED_TABLES: readonly string[] = ['run_hours_created', 'run_hours_ended'];

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: tables({
      big: 'INTEGER',
      ordKey: 'INTEGER PRIMARY KEY',
      serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
      clustered: ' WITHOUT ROWID',
    }),
  },
  {
    version: 2,
    name: 'operations: audit log, notifications, trigger pauses, settings',
    sql: opsTables({ big: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' }),
  },
  RUN_KINDS_MIGRATION,
  {
    version: 4,
    name: 'dashboard: duration index, hourly run counts',
    sql: SQLITE_RUN_HOURS,
  },
  {
    version: 5,
    name: 'hourly run counts kept by the store, not per-row triggers',
    sql: SQLITE_RUN_HOURS_IN_STORE,
  },
  RUNS_NOT_SUCCESS_MIGRATION,
  EVENT_STEPS_MIGRATION,
];

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: tables({
      big: 'BIGINT',
      ordKey: 'BIGSERIAL PRIMARY KEY',
      serial: 'BIGSERIAL PRIMARY KEY',
      clustered: '',
    }),
  },
  {
    version: 2,
    name: 'operations: audit log, notifications, trigger pauses, settings',
    sql: opsTables({ big: 'BIGINT', serial: 'BIGSERIAL PRIMARY KEY' }),
  },
  RUN_KINDS_MIGRATION,
  {
    version: 4,
    name: 'dashboard: duration index, hourly run counts',
    sql: DURATION_INDEX,
  },
  {
    version: 5,
    name: 'hourly run counts kept by the store, not per-row triggers',
    sql: 'SELECT 1',
  },
  RUNS_NOT_SUCCESS_MIGRATION,
  EVENT_STEPS_MIGRATION,
];

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS weft_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** The newest schema version this code knows (the two lists always end at the same version). */
export const LATEST_SCHEMA_VERSION = SQLITE_MIGRATIONS.length;
