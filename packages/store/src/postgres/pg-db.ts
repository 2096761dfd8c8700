/** node-postgres (pg.Pool) behind the shared `SqlDb` surface. */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlDb, SqlValue } from '../internal/sql-db';
import { toPgPlaceholders } from '../internal/sql-db';

/** int8 (counts, epoch ms) as JS numbers: our values stay far below 2^53. */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const names = new Map<string, { name: string; text: string }>();

/** A named (server-side prepared, per connection) query for `sql` written with `?` placeholders. */
export function prepared(sql: string): { name: string; text: string } {
  let q = names.get(sql);
  if (!q) {
    q = {
      name: `weft_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`,
      text: toPgPlaceholders(sql),
    };
    names.set(sql, q);
  }
  return q;
}

type Queryable = pg.Pool | pg.PoolClient;

function over(conn: Queryable, inTx: boolean, pool: pg.Pool): SqlDb {
  const query = async <T>(sql: string, params: readonly SqlValue[]) =>
    await conn.query<T & pg.QueryResultRow>({ ...prepared(sql), values: params as unknown[] });
  const self: SqlDb = {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query<T>(sql, params)).rows,
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query<T>(sql, params)).rows[0],
    run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
    tx: <T>(fn: (t: SqlDb) => Promise<T>) => (inTx ? fn(self) : withTx(pool, fn)),
  };
  return self;
}

export async function withTx<T>(pool: pg.Pool, fn: (t: SqlDb) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const out = await fn(over(client, true, pool));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}

export function pgDb(pool: pg.Pool): SqlDb {
  return over(pool, false, pool);
}
