/**
 * `weft db migrate`: copy every table of a SQLite database into PostgreSQL and verify the counts.
 * The table list comes from the migrations (`schemaTables`), checked against both databases, so a
 * table added later cannot be forgotten; the columns come from the source. The copy is one
 * PostgreSQL transaction (a failure leaves the target as it was) read from one SQLite snapshot.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from './errors';
import { DERIVED_TABLES, SQLITE_MIGRATIONS } from './internal/migrations';
import { openStore, parseStoreUrl } from './open-store';

/** Every table the migrations create (both backends have the same ones), minus derived tables. */
export function schemaTables(): string[] {
  const names = new Set<string>();
  for (const m of SQLITE_MIGRATIONS)
    for (const hit of m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) names.add(hit[1] as string);
  for (const d of DERIVED_TABLES) names.delete(d);
  return [...names];
}

export interface TableCopy {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCopy[];
  /** Every table has as many rows in the target as in the source. */
  ok: boolean;
}

const quote = (id: string): string => `"${id.replace(/"/g, '""')}"`;

export async function copySqliteToPostgres(opts: {
  from: string;
  to: string;
  /** Empty the target's tables first (otherwise a non-empty target is refused). */
  replace?: boolean;
  onTable?: (t: TableCopy) => void;
}): Promise<CopyReport> {
  const from = parseStoreUrl(opts.from);
  const to = parseStoreUrl(opts.to);
  if (from.kind !== 'sqlite' || from.path === ':memory:')
    throw new StoreError('BAD_URL', `--from must be sqlite:PATH (a database file), not "${opts.from}"`);
  if (to.kind !== 'postgres') throw new StoreError('BAD_URL', `--to must be postgres://…, not "${opts.to}"`);
  if (!existsSync(from.path)) throw new StoreError('UNREACHABLE', `no database file at ${from.path}`);
  // Bring both schemas to this weft's version (the target gets its tables here).
  await (await openStore(opts.from)).close();
  await (await openStore(opts.to)).close();

  const tables = schemaTables();
  const src = new Database(from.path, { readonly: true, fileMustExist: true, timeout: 10_000 });
  // pg is loaded here, not at import: every `weft` command imports @weft/store, few need PostgreSQL.
  const [{ default: pg }, { pgTypes }] = await Promise.all([import('pg'), import('./postgres/pg-db')]);
  const client = new pg.Client({
    connectionString: to.connectionString,
    types: pgTypes,
    ...(to.schema ? { options: `-c search_path=${to.schema}` } : {}),
  });
  try {
    await client.connect();
    src.exec('BEGIN'); // one snapshot for the copy and the counts
    const sourceTables = new Set(
      (
        src
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          .all() as { name: string }[]
      ).map((r) => r.name),
    );
    for (const t of sourceTables)
      if (!tables.includes(t) && t !== 'weft_migrations' && !DERIVED_TABLES.includes(t))
        throw new StoreError(
          'CONFLICT',
          `the source has a table "${t}" that no migration creates: not copying a part`,
        );
    const count = (t: string): number =>
      Number((src.prepare(`SELECT count(*) AS n FROM ${quote(t)}`).get() as { n: number }).n);
    const targetCount = async (t: string): Promise<number> =>
      Number((await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(t)}`)).rows[0]?.n ?? 0);

    const held: string[] = [];
    for (const t of tables) {
      const n = await targetCount(t);
      if (n > 0) held.push(`${t}: ${n}`);
    }
    if (held.length > 0 && !opts.replace)
      throw new StoreError(
        'CONFLICT',
        `the target database is not empty (${held.join(', ')}): give --replace to empty it first`,
      );

    await client.query('BEGIN');
    try {
      if (opts.replace) await client.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
      for (const t of tables) {
        const cols = (src.prepare(`PRAGMA table_info(${quote(t)})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        const targetCols = new Map(
          (
            await client.query<{ column_name: string; column_default: string | null }>(
              'SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
              [t],
            )
          ).rows.map((r) => [r.column_name, r.column_default]),
        );
        const missing = cols.filter((c) => !targetCols.has(c));
        if (missing.length > 0)
          throw new StoreError('CONFLICT', `the target's ${t} has no column ${missing.join(', ')}`);
        const per = Math.max(1, Math.min(1000, Math.floor(60_000 / cols.length)));
        const insert = async (rows: unknown[][]): Promise<void> => {
          if (rows.length === 0) return;
          let i = 0;
          const values = rows.map((r) => `(${r.map(() => `$${++i}`).join(', ')})`).join(', ');
          await client.query(
            `INSERT INTO ${quote(t)} (${cols.map(quote).join(', ')}) VALUES ${values}`,
            rows.flat(),
          );
        };
        let batch: unknown[][] = [];
        for (const row of src
          .prepare(`SELECT ${cols.map(quote).join(', ')} FROM ${quote(t)}`)
          .raw()
          .iterate()) {
          batch.push(row as unknown[]);
          if (batch.length >= per) {
            await insert(batch);
            batch = [];
          }
        }
        await insert(batch);
        // Serial columns (runs.ord, audit_log.id, …) continue after the copied values.
        for (const [c, def] of targetCols)
          if (def?.startsWith('nextval('))
            await client.query(
              `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c)}) FROM ${quote(t)}), 0) + 1, false)`,
              [t, c],
            );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    const report: TableCopy[] = [];
    for (const t of tables) {
      const r = { table: t, source: count(t), target: await targetCount(t) };
      report.push(r);
      opts.onTable?.(r);
    }
    return { tables: report, ok: report.every((r) => r.source === r.target) };
  } catch (err) {
    if ((err as Error).name === 'StoreError') throw err;
    throw new StoreError('UNREACHABLE', `weft db migrate: ${(err as Error).message}`, { cause: err });
  } finally {
    if (src.inTransaction) src.exec('ROLLBACK');
    src.close();
    await client.end().catch(() => undefined);
  }
}
