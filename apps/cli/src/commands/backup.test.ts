/**
 * Backups while runs execute (issue 15): `weft backup` of a live SQLite server taken while 100 runs
 * are in flight, `weft restore` of it (refused while the server holds the database), and
 * `weft db migrate` of the restored database to a real PostgreSQL with equal counts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import Database from 'better-sqlite3';
import type { AppRouter } from '@weft/api';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { openStore } from '@weft/store';
import { afterAll, describe, expect, it } from 'vitest';
import { weft } from '../testing/helpers';

const pg = process.env.WEFT_TEST_PG_URL;
if (!pg)
  throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config, which starts PostgreSQL');
const pgUrl = (): string => `${pg}${pg.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`;

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: busy
steps:
  - id: a
    uses: code
    with:
      source: "export default () => new Promise((r) => setTimeout(() => r('a'), 200))"
  - id: b
    needs: [a]
    uses: code
    with:
      source: "export default () => new Promise((r) => setTimeout(() => r('b'), 200))"
`;

async function until(what: string, fn: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const servers: WeftServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe('weft backup / restore / db migrate', () => {
  it('a backup taken while 100 runs execute restores, and db migrate copies it to PostgreSQL with equal counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-backup-'));
    const live = join(dir, 'live', 'weft.db');
    const cfg = loadConfig({
      cwd: dir,
      env: {},
      flags: { port: '0', 'data-dir': join(dir, 'live'), 'log-level': 'silent' },
    });
    if (!cfg.ok) throw new Error(cfg.error.message);
    const server = await createServer(cfg.value);
    servers.push(server);
    const url = (await server.start()).url;
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc` })] });
    await client.workflows.save.mutate({ yaml: FLOW });
    await client.secrets.set.mutate({ name: 'API_KEY', value: 'kept-encrypted' });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await client.runs.start.mutate({ workflowId: 'busy' })).runId);
    const statuses = async (): Promise<string[]> =>
      Promise.all(ids.map(async (runId) => (await client.runs.get.query({ runId })).run.status));
    await until('some runs to be executing', async () => (await statuses()).some((s) => s === 'RUNNING'));

    const file = join(dir, 'backup.db');
    const b = await weft(['backup', file, '--db', `sqlite:${live}`, '--json']);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    // Taken mid-flight: not every run had ended.
    const atBackup = new Database(file, { readonly: true });
    const unfinished = (
      atBackup
        .prepare("SELECT count(*) AS n FROM runs WHERE status NOT IN ('SUCCESS', 'FAILED', 'CANCELLED')")
        .get() as { n: number }
    ).n;
    // Consistent: every run's events end at its last_seq (a torn copy would break this).
    const torn = atBackup
      .prepare(
        'SELECT count(*) AS n FROM runs r WHERE r.last_seq <> (SELECT coalesce(max(seq), 0) FROM run_events e WHERE e.run_id = r.id)',
      )
      .get() as { n: number };
    atBackup.close();
    expect(JSON.parse(b.stdout)).toMatchObject({ counts: { workflows: 1, runs: 100, secrets: 1 } });
    expect(unfinished).toBeGreaterThan(0);
    expect(torn.n).toBe(0);

    // The live database is held by the server: restore refuses, and names the problem.
    const refused = await weft(['restore', file, '--db', `sqlite:${live}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('another process has');
    expect(refused.stderr).toContain('stop it before restoring');

    const restoredPath = join(dir, 'restored', 'weft.db');
    await weft(['backup', join(dir, 'x.db'), '--db', `sqlite:${live}`]); // an older copy to replace
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'restored'));
    copyFileSync(join(dir, 'x.db'), restoredPath);
    const r = await weft(['restore', file, '--db', `sqlite:${restoredPath}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/restored .*: 1 workflows, 100 runs/);
    expect(r.stdout).toContain('is kept as');
    // The restored database is a working store: the runs read back, and a server resumes them.
    const restored = await openStore(`sqlite:${restoredPath}`);
    expect((await restored.repos.runs.list({ limit: 200 })).runs).toHaveLength(100);
    await restored.close();

    const target = pgUrl();
    const m = await weft(['db', 'migrate', '--from', `sqlite:${restoredPath}`, '--to', target, '--json']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    const report = JSON.parse(m.stdout) as {
      ok: boolean;
      tables: { table: string; source: number; target: number }[];
    };
    expect(report.ok).toBe(true);
    const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    for (const t of [
      'workflows',
      'workflow_versions',
      'runs',
      'step_runs',
      'run_events',
      'secrets',
      'api_tokens',
      'trigger_state',
      'audit_log',
      'settings',
    ])
      expect(byTable[t], t).toBeDefined();
    expect(byTable.runs).toEqual({ table: 'runs', source: 100, target: 100 });
    expect(byTable.run_events?.target).toBeGreaterThan(100);
    for (const t of report.tables) expect(t.target, t.table).toBe(t.source);

    // Through the store: the same runs and events on PostgreSQL, and new runs get new ids.
    const pgStore = await openStore(target);
    const sq = new Database(restoredPath, { readonly: true });
    const one = sq.prepare('SELECT id FROM runs ORDER BY ord LIMIT 1').get() as { id: string };
    // A run's events are numbered 1..last_seq (a run_events row may pack several of them).
    const events = (sq.prepare('SELECT last_seq AS n FROM runs WHERE id = ?').get(one.id) as { n: number }).n;
    sq.close();
    const fromSqlite = await openStore(`sqlite:${restoredPath}`);
    const expected = await fromSqlite.listEvents(one.id as never, 0, 1000);
    await fromSqlite.close();
    expect(expected.length).toBe(events);
    // PostgreSQL reads the copied rows (packed ones too) as the same events.
    expect(await pgStore.listEvents(one.id as never, 0, 1000)).toEqual(expected);
    expect((await pgStore.repos.runs.list({ limit: 200 })).runs).toHaveLength(100);
    await pgStore.close();

    // A non-empty target is refused unless --replace.
    const again = await weft(['db', 'migrate', '--from', `sqlite:${restoredPath}`, '--to', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the target database is not empty (');
    expect(again.stderr).toContain('--replace');
    const replaced = await weft([
      'db',
      'migrate',
      '--from',
      `sqlite:${restoredPath}`,
      '--to',
      target,
      '--replace',
    ]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('every table has the same number of rows');

    // PostgreSQL's own backup, as docs/operations.md tells: pg_dump the schema, pg_restore it into
    // a new database, and the store there holds the same runs and events.
    const schema = new URL(target).searchParams.get('schema') as string;
    const dump = join(dir, 'weft.dump');
    const pgBin = (tool: string): string => {
      const root = '/usr/lib/postgresql';
      const v = readdirSync(root).sort().reverse()[0] as string;
      return join(root, v, 'bin', tool);
    };
    const sh = (tool: string, args: string[]): void => {
      const r = spawnSync(pgBin(tool), args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool}: ${r.stderr}`);
    };
    sh('pg_dump', ['-Fc', '-n', schema, '-f', dump, '-d', pg]);
    const db2 = `weft_restored_${randomBytes(4).toString('hex')}`;
    sh('psql', ['-d', pg, '-c', `CREATE DATABASE ${db2}`]);
    const url2 = new URL(pg);
    url2.pathname = `/${db2}`;
    sh('pg_restore', ['-d', url2.toString(), dump]);
    const back = await openStore(`${url2.toString()}?schema=${schema}`);
    expect((await back.repos.runs.list({ limit: 200 })).runs).toHaveLength(100);
    expect((await back.listEvents(one.id as never, 0, 1000)).length).toBe(events);
    await back.close();

    await until('the live runs to end', async () => (await statuses()).every((s) => s === 'SUCCESS'));
  });

  it('explains bad use without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-backup-bad-'));
    const missing = await weft(['backup', join(dir, 'b.db'), '--db', `sqlite:${join(dir, 'none.db')}`]);
    expect(missing).toMatchObject({ code: 4, stderr: expect.stringContaining('no database file at') });
    const pgBackup = await weft(['backup', join(dir, 'b.db'), '--db', 'postgres://localhost/x']);
    expect(pgBackup).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump') });
    const notWeft = join(dir, 'other.db');
    new Database(notWeft).exec('CREATE TABLE t (a)');
    const wrong = await weft(['restore', notWeft, '--db', `sqlite:${join(dir, 'w.db')}`]);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('not a Weft database') });
    expect(existsSync(join(dir, 'w.db'))).toBe(false);
    const s = await openStore(`sqlite:${join(dir, 'w.db')}`);
    await s.close();
    await weft(['backup', join(dir, 'b.db'), '--db', `sqlite:${join(dir, 'w.db')}`]);
    const exists = await weft(['backup', join(dir, 'b.db'), '--db', `sqlite:${join(dir, 'w.db')}`]);
    expect(exists).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
    expect((await weft(['db', 'migrate', '--from', 'sqlite::memory:', '--to', pgUrl()])).stderr).toContain(
      '--from must be sqlite:PATH',
    );
    expect((await weft(['db', 'frob'])).code).toBe(2);
  });
});
