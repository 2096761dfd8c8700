/**
 * Named SQL connections the server declares (settings or secrets) for `sql@1`: SQLite files and
 * PostgreSQL URLs, opened on first use. Values are always bound as parameters; a read-only
 * connection refuses writes in the database itself (SQLite opened read-only, PostgreSQL in a
 * `READ ONLY` transaction that is never committed).
 */
import Database from 'better-sqlite3';
import type pg from 'pg';

/** One connection as the server declares it. */
export interface SqlConnectionSpec {
  /** What `permissions.sql` and the block's `connection` input name. */
  name: string;
  /** `sqlite:PATH` (or a path ending in .db/.sqlite) or `postgres://…`; a function reads a secret. */
  url: string | (() => Promise<string>);
  /** Refuse writes (default false). */
  readOnly?: boolean;
}

/** The rows of one statement, already capped at the row limit. */
export interface SqlRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows the statement returned beyond the limit were dropped. */
  truncated: boolean;
  /** Rows a write changed (INSERT/UPDATE/DELETE), else null. */
  changes: number | null;
}

export class SqlRefusal extends Error {
  constructor(
    readonly code: 'INVALID_INPUT' | 'PERMISSION_DENIED' | 'BLOCK_ERROR' | 'TIMEOUT',
    message: string,
  ) {
    super(message);
  }
}

type Param = string | number | boolean | null;

interface Backend {
  query(sql: string, params: Param[], opts: { maxRows: number; timeoutMs: number }): Promise<SqlRows>;
  close(): Promise<void>;
}

/** SQLite statements that reach beyond the database file (other files, its on-disk settings). */
const SQLITE_FORBIDDEN = /^\s*(attach|detach|vacuum|pragma)\b/i;

function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.trimStart();
    if (t.startsWith('--')) s = t.slice(t.indexOf('\n') === -1 ? t.length : t.indexOf('\n') + 1);
    else if (t.startsWith('/*')) s = t.slice(t.indexOf('*/') === -1 ? t.length : t.indexOf('*/') + 2);
    else return t;
  }
}

function sqliteValue(v: Param): string | number | null {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function jsonCell(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return v;
}

function sqliteBackend(path: string, readOnly: boolean): Backend {
  const db = new Database(path, { readonly: readOnly, fileMustExist: readOnly });
  db.pragma('busy_timeout = 5000');
  return {
    query(sql, params, { maxRows }) {
      if (SQLITE_FORBIDDEN.test(stripLeadingComments(sql)))
        throw new SqlRefusal(
          'PERMISSION_DENIED',
          'ATTACH, DETACH, VACUUM and PRAGMA are not allowed through sql@1 (they reach other files or change the database settings)',
        );
      let stmt: Database.Statement;
      try {
        stmt = db.prepare(sql);
      } catch (err) {
        throw new SqlRefusal('INVALID_INPUT', (err as Error).message);
      }
      const values = params.map(sqliteValue);
      try {
        if (!stmt.reader) {
          const r = stmt.run(...values);
          return Promise.resolve({ columns: [], rows: [], truncated: false, changes: r.changes });
        }
        const columns = stmt.columns().map((c) => c.name);
        const rows: Record<string, unknown>[] = [];
        let truncated = false;
        for (const row of stmt.iterate(...values) as IterableIterator<Record<string, unknown>>) {
          if (rows.length === maxRows) {
            truncated = true;
            break;
          }
          rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonCell(v)])));
        }
        return Promise.resolve({ columns, rows, truncated, changes: null });
      } catch (err) {
        throw new SqlRefusal(
          /readonly|read-only/i.test((err as Error).message) ? 'PERMISSION_DENIED' : 'BLOCK_ERROR',
          (err as Error).message,
        );
      }
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

function postgresBackend(url: string, readOnly: boolean): Backend {
  // pg is loaded on the first query: `weft run` and servers without PostgreSQL connections never pay for it.
  let poolReady: Promise<pg.Pool> | undefined;
  const getPool = (): Promise<pg.Pool> =>
    (poolReady ??= import('pg').then(({ default: pgLib }) => {
      const pool = new pgLib.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000 });
      pool.on('error', () => undefined); // an idle client that dies is replaced on the next query
      return pool;
    }));
  return {
    async query(sql, params, { maxRows, timeoutMs }) {
      const client = await (await getPool()).connect().catch((err: Error) => {
        throw new SqlRefusal('BLOCK_ERROR', `cannot connect: ${err.message}`);
      });
      let broken = false;
      try {
        await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        // A snapshot now makes the transaction's access mode final ("SET TRANSACTION READ WRITE"
        // is refused after the first query).
        await client.query('SELECT 1');
        await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
        let r: pg.QueryResult<Record<string, unknown>>;
        try {
          // The extended protocol takes exactly one statement: no "…; COMMIT; DELETE …".
          // (`queryMode` is in pg's runtime, not in its type declarations.)
          const one = { text: sql, values: params, queryMode: 'extended' as const };
          r = await client.query<Record<string, unknown>>(one);
        } catch (err) {
          await client.query('ROLLBACK').catch(() => (broken = true));
          const e = err as Error & { code?: string };
          if (e.code === '25006')
            throw new SqlRefusal('PERMISSION_DENIED', `read-only connection: ${e.message}`);
          if (e.code === '57014') throw new SqlRefusal('TIMEOUT', e.message);
          throw new SqlRefusal(/^(42|22)/.test(e.code ?? '') ? 'INVALID_INPUT' : 'BLOCK_ERROR', e.message);
        }
        await client.query(readOnly ? 'ROLLBACK' : 'COMMIT');
        const columns = (r.fields ?? []).map((f) => f.name);
        const isRead = r.fields !== undefined && r.fields.length > 0;
        const rows = (r.rows ?? [])
          .slice(0, maxRows)
          .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonCell(v)])));
        return {
          columns,
          rows,
          truncated: (r.rows?.length ?? 0) > maxRows,
          changes: isRead ? null : (r.rowCount ?? 0),
        };
      } catch (err) {
        if (err instanceof SqlRefusal) throw err;
        broken = true;
        throw new SqlRefusal('BLOCK_ERROR', (err as Error).message);
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (poolReady) await (await poolReady).end();
    },
  };
}

function openBackend(url: string, readOnly: boolean): Backend {
  if (/^postgres(ql)?:\/\//i.test(url)) return postgresBackend(url, readOnly);
  if (url.startsWith('sqlite:')) return sqliteBackend(url.slice('sqlite:'.length), readOnly);
  if (/\.(db|sqlite3?)$/i.test(url)) return sqliteBackend(url, readOnly);
  throw new SqlRefusal('BLOCK_ERROR', 'the connection URL must be sqlite:PATH or postgres://…');
}

/** The server's connections by name, opened lazily and closed with the runner. */
export class SqlConnections {
  private readonly specs = new Map<string, SqlConnectionSpec>();
  private readonly open = new Map<string, Promise<Backend>>();

  constructor(specs: readonly SqlConnectionSpec[] = []) {
    for (const s of specs) this.specs.set(s.name, s);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  async query(
    name: string,
    req: { sql: string; params: Param[]; maxRows: number; timeoutMs: number },
  ): Promise<SqlRows> {
    const spec = this.specs.get(name);
    if (!spec) throw new SqlRefusal('INVALID_INPUT', `this server declares no SQL connection "${name}"`);
    let backend = this.open.get(name);
    if (!backend) {
      backend = (async () => {
        const url = typeof spec.url === 'string' ? spec.url : await spec.url();
        return openBackend(url, spec.readOnly === true);
      })();
      this.open.set(name, backend);
      // A connection that failed to open is tried again on the next query.
      backend.catch(() => this.open.delete(name));
    }
    let b: Backend;
    try {
      b = await backend;
    } catch (err) {
      if (err instanceof SqlRefusal) throw err;
      throw new SqlRefusal('BLOCK_ERROR', `cannot open SQL connection "${name}": ${(err as Error).message}`);
    }
    return b.query(req.sql, req.params, req);
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}
