/**
 * Backups of a SQLite database while a server runs, and restores (issue 15). A backup is
 * `VACUUM INTO`: one read transaction over the WAL database, so it is a consistent snapshot taken
 * without stopping the server's writes (writers never wait for it), compacted into one file.
 * A restore refuses while any process holds the database: it must get an exclusive lock first.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors';
import { LATEST_SCHEMA_VERSION } from './internal/migrations';
import { parseStoreUrl } from './open-store';

/** What a backup or restored database holds. */
export interface SqliteFileSummary {
  path: string;
  bytes: number;
  schemaVersion: number;
  counts: { workflows: number; runs: number; events: number; secrets: number; tokens: number; audit: number };
}

/** The SQLite file a `sqlite:PATH` URL names (not `:memory:`, not PostgreSQL). */
export function sqliteFileOf(url: string, what: string): string {
  const parsed = parseStoreUrl(url);
  if (parsed.kind !== 'sqlite')
    throw new StoreError(
      'BAD_URL',
      `${what} works on a SQLite database; for PostgreSQL use pg_dump / pg_restore (docs/operations.md)`,
    );
  if (parsed.path === ':memory:')
    throw new StoreError('BAD_URL', `${what}: an in-memory database has nothing to keep`);
  return resolve(parsed.path);
}

function summarise(db: Database.Database, path: string): SqliteFileSummary {
  const has = (t: string): boolean =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
  if (!has('weft_migrations'))
    throw new StoreError(
      'BAD_URL',
      `${path} is a SQLite file but not a Weft database (no weft_migrations table)`,
    );
  const n = (t: string): number =>
    has(t) ? Number((db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n) : 0;
  const v = db.prepare('SELECT max(version) AS v FROM weft_migrations').get() as { v: number | null };
  return {
    path,
    bytes: statSync(path).size,
    schemaVersion: Number(v.v ?? 0),
    counts: {
      workflows: n('workflows'),
      runs: n('runs'),
      // Events, not rows (a row may pack several): a run's are numbered 1..last_seq.
      events: has('runs')
        ? Number((db.prepare('SELECT coalesce(sum(last_seq), 0) AS n FROM runs').get() as { n: number }).n)
        : 0,
      secrets: n('secrets'),
      tokens: n('api_tokens'),
      audit: n('audit_log'),
    },
  };
}

/** Open a file that must be a healthy Weft SQLite database (read-only), and summarise it. */
export function inspectSqliteFile(path: string): SqliteFileSummary {
  if (!existsSync(path)) throw new StoreError('UNREACHABLE', `no database file at ${path}`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError('UNREACHABLE', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    let check: string;
    try {
      check = String(db.pragma('quick_check', { simple: true }));
    } catch (err) {
      throw new StoreError('BAD_URL', `${path} is not a SQLite database: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (check !== 'ok') throw new StoreError('BAD_URL', `${path} is damaged: ${check}`);
    const s = summarise(db, path);
    if (s.schemaVersion > LATEST_SCHEMA_VERSION)
      throw new StoreError(
        'BAD_URL',
        `${path} has schema version ${s.schemaVersion}, newer than this weft knows (${LATEST_SCHEMA_VERSION}): use a newer weft`,
      );
    return s;
  } finally {
    db.close();
  }
}

/**
 * Copy the database `dbUrl` names to `file` as one consistent snapshot, while a server may be
 * writing to it. The copy is written beside `file` and renamed into place, so a failed backup never
 * leaves a half file under the given name. Refuses to overwrite `file` unless `overwrite`.
 */
export function backupSqlite(
  dbUrl: string,
  file: string,
  opts: { overwrite?: boolean } = {},
): SqliteFileSummary {
  const source = sqliteFileOf(dbUrl, 'weft backup');
  const target = resolve(file);
  if (!existsSync(source)) throw new StoreError('UNREACHABLE', `no database file at ${source}`);
  if (target === source) throw new StoreError('BAD_URL', 'the backup file cannot be the database itself');
  if (existsSync(target) && !opts.overwrite)
    throw new StoreError('CONFLICT', `${target} already exists: choose another name or give --force`);
  if (!existsSync(dirname(target))) throw new StoreError('UNREACHABLE', `no directory ${dirname(target)}`);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  let db: Database.Database;
  try {
    db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  } catch (err) {
    throw new StoreError('UNREACHABLE', `cannot open ${source}: ${(err as Error).message}`, { cause: err });
  }
  try {
    summarise(db, source); // a Weft database, not any SQLite file
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    if ((err as { code?: string }).code === 'StoreError' || (err as Error).name === 'StoreError') throw err;
    throw new StoreError('UNREACHABLE', `cannot back up ${source}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    db.close();
  }
  const summary = inspectSqliteFile(partial);
  renameSync(partial, target);
  return { ...summary, path: target };
}

/** Throws `CONFLICT` when another process (a running server) has the database at `path` open. */
export function assertNotHeld(path: string): void {
  if (!existsSync(path)) return;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    // A WAL database open elsewhere keeps a shared lock: an exclusive-mode transaction is refused.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      throw new StoreError(
        'CONFLICT',
        `another process has ${path} open (a running weft serve?): stop it before restoring`,
        { cause: err },
      );
    throw new StoreError('UNREACHABLE', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
  }
}

export interface RestoreResult extends SqliteFileSummary {
  /** Where the database that was there before now is (renamed, never deleted). */
  previous?: string;
}

/**
 * Put the backup `file` in place of the database `dbUrl` names. Checks the backup first (a Weft
 * database, not damaged, not from a newer weft), refuses while any process holds the database, and
 * keeps the database that was there as `<path>.before-restore-<time>`.
 */
export function restoreSqlite(file: string, dbUrl: string, now: Date = new Date()): RestoreResult {
  const target = sqliteFileOf(dbUrl, 'weft restore');
  const source = resolve(file);
  if (source === target) throw new StoreError('BAD_URL', 'the backup file is the database itself');
  inspectSqliteFile(source);
  if (!existsSync(dirname(target))) throw new StoreError('UNREACHABLE', `no directory ${dirname(target)}`);
  assertNotHeld(target);
  const incoming = `${target}.restoring-${process.pid}`;
  rmSync(incoming, { force: true });
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    src.prepare('VACUUM INTO ?').run(incoming);
  } finally {
    src.close();
  }
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, previous);
  }
  // A WAL left beside the old file belongs to it: keep it with it, never replay it into the restore.
  for (const ext of ['-wal', '-shm'])
    if (existsSync(`${target}${ext}`)) {
      if (previous) renameSync(`${target}${ext}`, `${previous}${ext}`);
      else rmSync(`${target}${ext}`, { force: true });
    }
  renameSync(incoming, target);
  const summary = inspectSqliteFile(target);
  return previous === undefined ? summary : { ...summary, previous };
}
