/**
 * sql@1's side of `weft_sql`: what it asks the host and how it reports answers. The real databases
 * (SQLite and PostgreSQL, read-only connections, injection attempts) are in
 * packages/sandbox/src/sql/sql.test.ts, which runs this block in the production sandbox.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock } from '@weft/block-sdk';
import type { LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
const asked: unknown[] = [];
let answer: unknown = null;
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir, {
    sql: (req) => {
      asked.push(req);
      return answer;
    },
  });
}, 180_000);
afterAll(async () => {
  await block.close();
});

describe('sql@1 (block side)', () => {
  it('sends the statement and its values separately and passes the rows on', async () => {
    answer = { ok: true, columns: ['n'], rows: [{ n: 1 }], rowCount: 1, truncated: false, changes: null };
    const r = await block.call({ connection: 'shop', query: 'SELECT ? AS n', params: [1, "x'--", null] });
    expect(asked.at(-1)).toEqual({
      connection: 'shop',
      sql: 'SELECT ? AS n',
      params: [1, "x'--", null],
      maxRows: 1000,
    });
    expect(r).toEqual({
      ok: true,
      output: { rows: [{ n: 1 }], columns: ['n'], rowCount: 1, truncated: false, changes: null },
    });
  });

  it('reports a refusal with its code, not retried', async () => {
    answer = { ok: false, error: { code: 'PERMISSION_DENIED', message: 'read-only connection: no' } };
    expect(await block.call({ connection: 'ro', query: 'DELETE FROM t', maxRows: 5 })).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: 'read-only connection: no', retryable: false },
    });
    expect(asked.at(-1)).toMatchObject({ maxRows: 5 });
  });

  it('checks its inputs before asking the host', async () => {
    const before = asked.length;
    expect(await block.call({ query: 'SELECT 1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await block.call({ connection: 'a', query: 'SELECT 1', maxRows: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '`maxRows` must be a whole number ≥ 0' },
    });
    expect(asked.length).toBe(before);
  });
});
