/**
 * `openStore(url)`: the one way the server and the CLI get a store.
 *
 * - `sqlite:PATH` (relative or absolute; `sqlite:///abs/path` also works) — creates the file's
 *   directory. Option `?synchronous=FULL` makes every commit survive power loss (default `NORMAL`
 *   survives a process crash).
 * - `sqlite::memory:` — an in-memory database (tests, throwaway runs).
 * - `postgres://…` / `postgresql://…` — options `?schema=NAME` (created if missing) and `?pool=N`;
 *   any other query parameter goes to the pg driver.
 *
 * Throws `StoreError` with code `BAD_URL` (the URL is wrong), `UNREACHABLE` (cannot open/connect) or
 * `MIGRATION_FAILED`.
 *
 * @example
 * const store = await openStore('sqlite:.weft/weft.db');
 * const v = await store.repos.workflows.saveVersion({ workflowId: 'hello', yaml, hash, name: 'Hello', createdAt: Date.now() });
 */
import { StoreError } from './errors';
import type { PostgresOptions } from './postgres/postgres-store';
import type { WeftStore } from './repos';
import { SqliteStore } from './sqlite/sqlite-store';

const URL_FORMS = 'expected sqlite:PATH, sqlite::memory: or postgres://user@host:port/db';

export interface SqliteUrl {
  kind: 'sqlite';
  path: string;
  synchronous: 'NORMAL' | 'FULL';
}

export interface PostgresUrl {
  kind: 'postgres';
  connectionString: string;
  schema?: string;
  poolSize?: number;
}

/** Parse a `--db` URL without opening anything. Throws `StoreError('BAD_URL')`. */
export function parseStoreUrl(url: string): SqliteUrl | PostgresUrl {
  const text = url.trim();
  if (text.startsWith('sqlite:')) {
    const rest = text.slice('sqlite:'.length);
    const q = rest.indexOf('?');
    let path = q === -1 ? rest : rest.slice(0, q);
    const params = new URLSearchParams(q === -1 ? '' : rest.slice(q + 1));
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new StoreError('BAD_URL', `database URL "${url}" has no file path; ${URL_FORMS}`);
    let synchronous: 'NORMAL' | 'FULL' = 'NORMAL';
    for (const [k, v] of params) {
      if (k !== 'synchronous')
        throw new StoreError('BAD_URL', `unknown SQLite option "${k}" in "${url}" (known: synchronous)`);
      const s = v.toUpperCase();
      if (s !== 'NORMAL' && s !== 'FULL')
        throw new StoreError('BAD_URL', `synchronous must be NORMAL or FULL, got "${v}"`);
      synchronous = s;
    }
    return { kind: 'sqlite', path, synchronous };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      throw new StoreError('BAD_URL', `database URL "${url}" is not a valid URL; ${URL_FORMS}`);
    }
    if (!u.hostname && !u.searchParams.get('host'))
      throw new StoreError('BAD_URL', `database URL "${url}" has no host; ${URL_FORMS}`);
    const out: PostgresUrl = { kind: 'postgres', connectionString: '' };
    const schema = u.searchParams.get('schema');
    if (schema !== null) {
      out.schema = schema;
      u.searchParams.delete('schema');
    }
    const pool = u.searchParams.get('pool');
    if (pool !== null) {
      const n = Number(pool);
      if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new StoreError('BAD_URL', `pool must be an integer from 1 to 1000, got "${pool}"`);
      out.poolSize = n;
      u.searchParams.delete('pool');
    }
    out.connectionString = u.toString();
    return out;
  }
  throw new StoreError('BAD_URL', `unsupported database URL "${url}"; ${URL_FORMS}`);
}

/** Open (and migrate) the store a URL names. */
export async function openStore(url: string): Promise<WeftStore> {
  const parsed = parseStoreUrl(url);
  if (parsed.kind === 'sqlite')
    return new SqliteStore({ path: parsed.path, synchronous: parsed.synchronous });
  const opts: PostgresOptions = {
    connectionString: parsed.connectionString,
  };
  if (parsed.schema !== undefined) opts.schema = parsed.schema;
  if (parsed.poolSize !== undefined) opts.poolSize = parsed.poolSize;
  // Loaded on demand: the pg driver costs ~50 ms of start-up that a SQLite process does not need.
  const { PostgresStore } = await import('./postgres/postgres-store');
  return PostgresStore.open(opts);
}
