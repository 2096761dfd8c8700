/**
 * A tiny async SQL surface shared by both backends, so the server repositories and the read side of
 * the run store are written once. SQL is written with `?` placeholders; the PostgreSQL adapter turns
 * them into `$1…$n`. Integers and booleans are stored as integers, JSON as text, on both backends.
 */
export type SqlValue = string | number | bigint | null | Buffer;

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `fn` in one transaction; rolls back if it throws. */
  tx<T>(fn: (db: SqlDb) => Promise<T>): Promise<T>;
}

/** `?` → `$1`, `$2`, … (our SQL never has a `?` inside a string literal). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Serialises async transactions on one SQLite connection. better-sqlite3 is synchronous, so a plain
 * store call is one indivisible block; but an async transaction yields between statements, and a
 * call that ran in that gap would join (and roll back with) it. Every entry point waits while a
 * transaction holds the gate.
 */
export class Gate {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  get busy(): boolean {
    return this.pending > 0;
  }

  /** Resolves when no transaction holds or waits for the gate. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    this.pending++;
    try {
      await prev;
      return await fn();
    } finally {
      this.pending--;
      release();
    }
  }
}
