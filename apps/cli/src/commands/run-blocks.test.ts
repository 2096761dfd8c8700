import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlyWorkerWaiting } from '@weft/sandbox/early';
import { tempFiles, weft } from '../testing/helpers';
import { endRunEarly, startRunEarly } from './run-early';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('weft run with the standard blocks and code', () => {
  it('runs http, csv, crypto, text and code steps in one workflow', async () => {
    const yaml = `apiVersion: weft/v1
kind: Workflow
id: all-blocks
permissions:
  network: ["127.0.0.1"]
steps:
  - id: get
    uses: http@1
    with: { url: "http://127.0.0.1:${port}/items?x=1" }
  - id: table
    uses: csv@1
    with: { op: parse, text: "name,qty\\n\\"Smith, J\\",2\\n" }
  - id: digest
    uses: crypto@1
    with: { op: hash, algorithm: sha256, data: abc }
  - id: shout
    uses: text@1
    needs: [table]
    with: { op: upper, text: "\${{ steps.table.output[0].name }}" }
  - id: sum
    uses: code
    needs: [table]
    with:
      source: "export default (rows) => rows.reduce((n, r) => n + Number(r.qty), 0)"
      input: "\${{ steps.table.output }}"
outputs:
  path: "\${{ steps.get.output.body.path }}"
  status: "\${{ steps.get.output.status }}"
  digest: "\${{ steps.digest.output.value }}"
  name: "\${{ steps.shout.output.value }}"
  total: "\${{ steps.sum.output }}"
`;
    const dir = tempFiles({ 'all.yaml': yaml });
    const r = await weft(['run', join(dir, 'all.yaml'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; outputs: Record<string, unknown> };
    expect(out.outputs).toEqual({
      path: '/items?x=1',
      status: 200,
      digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      name: 'SMITH, J',
      total: 2,
    });
  });

  it('starts the block worker before the run command loads, and leaves none behind', async () => {
    const dir = tempFiles({
      'text.yaml': `apiVersion: weft/v1\nkind: Workflow\nid: t\nsteps:\n  - id: up\n    uses: text@1\n    with: { op: upper, text: hi }\n`,
      'plain.yaml': `apiVersion: weft/v1\nkind: Workflow\nid: p\nsteps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\n`,
      'bad.yaml': `apiVersion: weft/v1\nkind: Workflow\nid: b\nsteps:\n  - id: up\n    uses: text@1\n    with: { op: upper, text: hi }\n    needs: [ghost]\n`,
    });
    expect(startRunEarly([join(dir, 'plain.yaml'), '--json'])).toBeUndefined();
    expect(startRunEarly(['--db', 'sqlite::memory:', join(dir, 'missing.yaml')])).toBeUndefined();
    await startRunEarly(['--input', 'x=1', join(dir, 'text.yaml')]);
    expect(earlyWorkerWaiting()).toBe(true);
    await endRunEarly();
    expect(earlyWorkerWaiting()).toBe(false);
    // Through the CLI: the run adopts the early worker; an invalid file ends it.
    const ok = await weft(['run', join(dir, 'text.yaml'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ outputs: {}, status: 'SUCCESS' });
    expect(earlyWorkerWaiting()).toBe(false);
    const bad = await weft(['run', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(3);
    expect(earlyWorkerWaiting()).toBe(false);
  });

  it('fails an http step with PERMISSION_DENIED when the host is not allowed', async () => {
    const yaml = `apiVersion: weft/v1\nkind: Workflow\nid: denied\nsteps:\n  - id: get\n    uses: http@1\n    with: { url: "http://127.0.0.1:${port}/" }\n`;
    const dir = tempFiles({ 'denied.yaml': yaml });
    const r = await weft(['run', join(dir, 'denied.yaml'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      steps: Record<string, { error: { code: string; message: string } | null; attempts: number }>;
    };
    expect(out.steps.get?.error?.code).toBe('PERMISSION_DENIED');
    expect(out.steps.get?.error?.message).toContain('127.0.0.1');
    expect(out.steps.get?.attempts).toBe(1);
  });

  it("runs sql@1 on a named SQLite connection and storage@1 in the workflow's store", async () => {
    const yaml = `apiVersion: weft/v1
kind: Workflow
id: sql-and-storage
permissions:
  sql: [notes]
steps:
  - id: create
    uses: sql@1
    with: { connection: notes, query: "CREATE TABLE IF NOT EXISTS n (t TEXT)" }
  - id: insert
    uses: sql@1
    needs: [create]
    with: { connection: notes, query: "INSERT INTO n (t) VALUES (?)", params: ["it's; DROP TABLE n"] }
  - id: read
    uses: sql@1
    needs: [insert]
    with: { connection: notes, query: "SELECT t FROM n" }
  - id: save
    uses: storage@1
    needs: [read]
    with: { op: put, key: last.json, value: "\${{ steps.read.output.rows }}" }
  - id: load
    uses: storage@1
    needs: [save]
    with: { op: get, key: last.json }
outputs:
  rows: "\${{ steps.load.output.value }}"
`;
    const dir = tempFiles({ 'sql.yaml': yaml });
    const env = {
      WEFT_SQL_CONNECTIONS: `notes=sqlite:${join(dir, 'notes.db')}`,
      WEFT_DATA_DIR: join(dir, '.weft'),
    };
    const r = await weft(['run', join(dir, 'sql.yaml'), '--json'], { env });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'SUCCESS',
      outputs: { rows: [{ t: "it's; DROP TABLE n" }] },
    });

    // A workflow that does not name the connection is refused, whatever the server declares.
    const denied = yaml.replace('permissions:\n  sql: [notes]\n', '');
    writeFileSync(join(dir, 'sql.yaml'), denied);
    const d = await weft(['run', join(dir, 'sql.yaml'), '--json'], { env });
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout)).toMatchObject({
      steps: { create: { error: { code: 'PERMISSION_DENIED' } } },
    });
  });
});
