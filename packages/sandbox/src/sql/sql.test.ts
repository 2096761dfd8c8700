/**
 * sql@1 through the production sandbox on SQLite and on the PostgreSQL the test command starts:
 * values are bound (an injection attempt stays a value), read-only connections refuse writes,
 * results are capped, and every call is denied unless the block, the workflow and the server agree.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKS_DIR, SandboxRunner, loadBlocks } from '../index';
import type { SqlConnectionSpec } from '../index';
import { makeCall } from '../testing/call';

const tmp = mkdtempSync(join(tmpdir(), 'weft-sql-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Backend {
  name: string;
  /** The placeholder for the n-th value (1-based). */
  p: (n: number) => string;
  setup: () => Promise<{ rw: string; ro: string; cleanup: () => Promise<void> }>;
  multiStatementError: RegExp;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    p: () => '?',
    setup: () => {
      const file = join(tmp, `shop-${randomBytes(4).toString('hex')}.db`);
      return Promise.resolve({
        rw: `sqlite:${file}`,
        ro: `sqlite:${file}`,
        cleanup: () => Promise.resolve(),
      });
    },
    multiStatementError: /more than one statement/,
  },
  {
    name: 'PostgreSQL',
    p: (n) => `$${n}`,
    setup: async () => {
      const base = process.env.WEFT_TEST_PG_URL;
      if (!base) throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config');
      const db = `weft_sql_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${db}`);
      await admin.end();
      const url = base.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);
      return { rw: url, ro: url, cleanup: () => Promise.resolve() };
    },
    multiStatementError: /cannot insert multiple commands into a prepared statement/,
  },
];

describe.each(backends)('sql@1 on $name', (b) => {
  let runner: SandboxRunner;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  const perms = ['shop', 'shop_ro'];

  const query = async (
    connection: string,
    sql: string,
    params: unknown[] = [],
    extra: { maxRows?: number; allowed?: string[] } = {},
  ) => {
    const { call } = makeCall('sql@1', {
      connection,
      query: sql,
      params,
      ...(extra.maxRows !== undefined ? { maxRows: extra.maxRows } : {}),
    });
    call.permissions = { network: [], sql: extra.allowed ?? perms };
    return runner.run(call);
  };
  const rows = async (sql: string, params: unknown[] = []) => {
    const r = await query('shop', sql, params);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return (r.output as { rows: unknown[] }).rows;
  };

  beforeAll(async () => {
    const s = await b.setup();
    cleanup = s.cleanup;
    const connections: SqlConnectionSpec[] = [
      { name: 'shop', url: s.rw },
      { name: 'shop_ro', url: () => Promise.resolve(s.ro), readOnly: true },
    ];
    runner = new SandboxRunner({
      registry: loadBlocks(DEFAULT_BLOCKS_DIR),
      workers: 1,
      sql: { connections },
    });
    const create = await query(
      'shop',
      'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)',
    );
    expect(create).toMatchObject({ ok: true });
    for (const [id, name, qty] of [
      [1, 'apple', 3],
      [2, 'pear', 0],
      [3, 'plum', 7],
      [4, 'fig', 1],
      [5, 'kiwi', 2],
    ] as const) {
      const r = await query(
        'shop',
        `INSERT INTO items (id, name, qty) VALUES (${b.p(1)}, ${b.p(2)}, ${b.p(3)})`,
        [id, name, qty],
      );
      expect(r).toMatchObject({ ok: true, output: { changes: 1, rows: [] } });
    }
  });

  afterAll(async () => {
    await runner.close();
    await cleanup();
  });

  it('returns rows as objects by column name, with bound values', async () => {
    const r = await query('shop', `SELECT id, name FROM items WHERE qty > ${b.p(1)} ORDER BY id`, [1]);
    expect(r).toEqual({
      ok: true,
      output: {
        rows: [
          { id: 1, name: 'apple' },
          { id: 3, name: 'plum' },
          { id: 5, name: 'kiwi' },
        ],
        columns: ['id', 'name'],
        rowCount: 3,
        truncated: false,
        changes: null,
      },
    });
  });

  it('keeps an injection attempt a value', async () => {
    const evil = "x'); DROP TABLE items; --";
    const ins = await query('shop', `INSERT INTO items (id, name, qty) VALUES (${b.p(1)}, ${b.p(2)}, 0)`, [
      6,
      evil,
    ]);
    expect(ins).toMatchObject({ ok: true, output: { changes: 1 } });
    expect(await rows(`SELECT name FROM items WHERE id = ${b.p(1)}`, [6])).toEqual([{ name: evil }]);
    // The classic always-true filter matches nothing: it is compared as a string.
    expect(await rows(`SELECT id FROM items WHERE name = ${b.p(1)}`, ["' OR '1'='1"])).toEqual([]);
    expect(await rows('SELECT COUNT(*) AS n FROM items')).toEqual([{ n: b.name === 'SQLite' ? 6 : '6' }]);
    await query('shop', `DELETE FROM items WHERE id = ${b.p(1)}`, [6]);
  });

  it('runs one statement only', async () => {
    const r = await query('shop', 'SELECT 1; DELETE FROM items');
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!r.ok) expect(r.error.message).toMatch(b.multiStatementError);
    expect(await rows('SELECT id FROM items ORDER BY id')).toHaveLength(5);
  });

  it('refuses writes on a read-only connection, and still reads', async () => {
    const w = await query('shop_ro', `UPDATE items SET qty = ${b.p(1)}`, [99]);
    expect(w).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    if (!w.ok) expect(w.error.message).toMatch(/read-?only/i);
    const d = await query('shop_ro', 'DELETE FROM items');
    expect(d).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await rows('SELECT SUM(qty) AS total FROM items')).toEqual([
      { total: b.name === 'SQLite' ? 13 : '13' },
    ]);
    const r = await query('shop_ro', 'SELECT name FROM items WHERE id = 1');
    expect(r).toMatchObject({ ok: true, output: { rows: [{ name: 'apple' }] } });
  });

  it('caps the rows and says so', async () => {
    const r = await query('shop', 'SELECT id FROM items ORDER BY id', [], { maxRows: 2 });
    expect(r).toMatchObject({
      ok: true,
      output: { rows: [{ id: 1 }, { id: 2 }], rowCount: 2, truncated: true },
    });
  });

  it('denies a connection the workflow does not name, and one the server does not declare', async () => {
    const r = await query('shop', 'SELECT 1', [], { allowed: ['shop_ro'] });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message: `the workflow's permissions.sql does not name the connection "shop" (it names shop_ro)`,
        retryable: false,
      },
    });
    const none = await query('shop', 'SELECT 1', [], { allowed: [] });
    expect(none).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const unknown = await query('billing', 'SELECT 1', [], { allowed: ['billing'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!unknown.ok)
      expect(unknown.error.message).toContain('this server declares no SQL connection "billing"');
  });
});

describe('sql@1 deny by default', () => {
  it('refuses SQLite statements that reach other files', async () => {
    const file = join(tmp, 'attach.db');
    const runner = new SandboxRunner({
      registry: loadBlocks(DEFAULT_BLOCKS_DIR),
      workers: 1,
      sql: { connections: [{ name: 'db', url: `sqlite:${file}` }] },
    });
    try {
      for (const sql of [
        `ATTACH DATABASE '${join(tmp, 'other.db')}' AS o`,
        "/* x */ VACUUM INTO '/tmp/copy.db'",
        'PRAGMA writable_schema = 1',
      ]) {
        const { call } = makeCall('sql@1', { connection: 'db', query: sql });
        call.permissions = { network: [], sql: ['db'] };
        expect(await runner.run(call)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      }
    } finally {
      await runner.close();
    }
  });

  it('refuses a block whose manifest does not ask for sql', async () => {
    // The same module under a manifest without `capabilities.sql`.
    const dir = join(tmp, 'blocks');
    cpSync(join(DEFAULT_BLOCKS_DIR, 'sql'), join(dir, 'sql'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const yaml = join(dir, 'sql', 'block.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace(
        'capabilities: { network: false, sql: true }',
        'capabilities: { network: false }',
      ),
    );
    const runner = new SandboxRunner({
      registry: loadBlocks(dir),
      workers: 1,
      sql: { connections: [{ name: 'db', url: `sqlite:${join(tmp, 'cap.db')}` }] },
    });
    try {
      const { call } = makeCall('sql@1', { connection: 'db', query: 'SELECT 1' });
      call.permissions = { network: [], sql: ['db'] };
      const r = await runner.run(call);
      expect(r).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      if (!r.ok) expect(r.error.message).toContain('has no sql capability');
    } finally {
      await runner.close();
    }
  });
});
