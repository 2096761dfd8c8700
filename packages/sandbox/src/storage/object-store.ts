/**
 * `storage@1`'s objects: one SQLite file under the server's data dir, every object keyed by
 * (workflow, key), with a byte quota per workflow. Keys are names, never host paths: nothing a
 * block writes becomes a file name.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface ObjectStoreOptions {
  /** Folder of the store (the server uses `<dataDir>/storage`). */
  dir: string;
  /** Bytes one workflow may keep in total (default 100 MiB). */
  quotaBytes?: number;
}

export interface StoredObject {
  key: string;
  size: number;
  contentType: string;
  updatedAt: string;
}

export class StorageRefusal extends Error {
  constructor(
    readonly code: 'INVALID_INPUT' | 'LIMIT_EXCEEDED',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_STORAGE_QUOTA = 100 * 1024 * 1024;
const MAX_KEY = 1024;

/** Why `key` is not a valid object key, or undefined. Keys look like relative paths: a/b.json. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'the key is empty';
  if (key.length > MAX_KEY) return `the key is longer than ${MAX_KEY} characters`;
  for (const ch of key)
    if (ch.charCodeAt(0) < 0x20 || ch === '\u007f' || ch === '\\')
      return 'the key has a control character or a backslash';
  if (key.startsWith('/')) return 'the key must not start with "/" (keys are names in the store, not paths)';
  const parts = key.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    return 'the key has an empty, "." or ".." segment';
  return undefined;
}

export class ObjectStore {
  readonly quotaBytes: number;
  private readonly db: Database.Database;

  constructor(opts: ObjectStoreOptions) {
    mkdirSync(opts.dir, { recursive: true });
    this.quotaBytes = opts.quotaBytes ?? DEFAULT_STORAGE_QUOTA;
    this.db = new Database(join(opts.dir, 'objects.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS objects (
      workflow TEXT NOT NULL, key TEXT NOT NULL, body BLOB NOT NULL, content_type TEXT NOT NULL,
      size INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (workflow, key))`);
  }

  used(workflow: string): number {
    const r = this.db
      .prepare('SELECT COALESCE(SUM(size), 0) AS n FROM objects WHERE workflow = ?')
      .get(workflow) as {
      n: number;
    };
    return r.n;
  }

  put(
    workflow: string,
    key: string,
    body: Uint8Array,
    contentType: string,
  ): StoredObject & { usedBytes: number } {
    checkKey(key);
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const old = this.db
        .prepare('SELECT size FROM objects WHERE workflow = ? AND key = ?')
        .get(workflow, key) as { size: number } | undefined;
      const used = this.used(workflow) - (old?.size ?? 0) + body.byteLength;
      if (used > this.quotaBytes)
        throw new StorageRefusal(
          'LIMIT_EXCEEDED',
          `storing "${key}" (${body.byteLength} bytes) would bring the workflow's store to ${used} bytes, over its quota of ${this.quotaBytes}`,
        );
      this.db
        .prepare(
          `INSERT INTO objects (workflow, key, body, content_type, size, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (workflow, key) DO UPDATE SET body = excluded.body, content_type = excluded.content_type,
           size = excluded.size, updated_at = excluded.updated_at`,
        )
        .run(workflow, key, Buffer.from(body), contentType, body.byteLength, now);
      return { key, size: body.byteLength, contentType, updatedAt: now, usedBytes: used };
    })();
  }

  get(workflow: string, key: string): (StoredObject & { body: Uint8Array }) | undefined {
    checkKey(key);
    const r = this.db
      .prepare('SELECT key, body, content_type, size, updated_at FROM objects WHERE workflow = ? AND key = ?')
      .get(workflow, key) as
      { key: string; body: Buffer; content_type: string; size: number; updated_at: string } | undefined;
    return (
      r && { key: r.key, body: r.body, contentType: r.content_type, size: r.size, updatedAt: r.updated_at }
    );
  }

  /** Objects whose key starts with `prefix`, in key order, at most `limit` (truncated says more exist). */
  list(workflow: string, prefix: string, limit: number): { objects: StoredObject[]; truncated: boolean } {
    const rows = this.db
      .prepare(
        `SELECT key, content_type, size, updated_at FROM objects
         WHERE workflow = ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?`,
      )
      .all(workflow, prefix.length, prefix, limit + 1) as {
      key: string;
      content_type: string;
      size: number;
      updated_at: string;
    }[];
    return {
      objects: rows
        .slice(0, limit)
        .map((r) => ({ key: r.key, size: r.size, contentType: r.content_type, updatedAt: r.updated_at })),
      truncated: rows.length > limit,
    };
  }

  delete(workflow: string, key: string): boolean {
    checkKey(key);
    return (
      this.db.prepare('DELETE FROM objects WHERE workflow = ? AND key = ?').run(workflow, key).changes > 0
    );
  }

  close(): void {
    this.db.close();
  }
}

function checkKey(key: string): void {
  const p = keyProblem(key);
  if (p) throw new StorageRefusal('INVALID_INPUT', `invalid key ${JSON.stringify(key)}: ${p}`);
}
