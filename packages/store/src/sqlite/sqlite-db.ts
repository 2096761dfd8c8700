/** better-sqlite3 behind the shared `SqlDb` surface, with cached prepared statements. */
import type Database from 'better-sqlite3';
import type { Gate, SqlDb, SqlValue } from '../internal/sql-db';

export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

/** Plain SQL calls, no gate (used inside a transaction that already holds the gate). */
function rawDb(stmts: StatementCache): SqlDb {
  const self: SqlDb = {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlValue[] = []) =>
      Promise.resolve(stmts.get(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => {
      const s = stmts.get(sql);
      return Promise.resolve((s.reader ? s.get(...params) : (s.run(...params), undefined)) as T | undefined);
    },
    run: (sql: string, params: readonly SqlValue[] = []) =>
      Promise.resolve(stmts.get(sql).run(...params).changes),
    // Nested: already inside our transaction.
    tx: <T>(fn: (t: SqlDb) => Promise<T>) => fn(self),
  };
  return self;
}

export function sqliteDb(db: Database.Database, stmts: StatementCache, gate: Gate): SqlDb {
  const raw = rawDb(stmts);
  const wait = async (): Promise<void> => {
    if (gate.busy) await gate.idle();
  };
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params?: readonly SqlValue[]) => {
      await wait();
      return raw.all<T>(sql, params);
    },
    get: async <T>(sql: string, params?: readonly SqlValue[]) => {
      await wait();
      return raw.get<T>(sql, params);
    },
    run: async (sql: string, params?: readonly SqlValue[]) => {
      await wait();
      return raw.run(sql, params);
    },
    tx: <T>(fn: (t: SqlDb) => Promise<T>) =>
      gate.exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(raw);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
  };
}
