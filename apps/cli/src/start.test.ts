/**
 * Weft started the way README says (`pnpm start`), then SIGTERM to the first PID — the one a
 * supervisor holds: the server drains the step in flight, closes the port and the database, and
 * everything has stopped within 10 s. Also: under `pnpm start` the server is ONE node process on the
 * built CLI, the direct child of pnpm (no shell, no tsx in between), and it prints its PID.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import Database from 'better-sqlite3';
import type { AppRouter } from '@weft/api';
import type { RunId } from '@weft/engine';
import { openStore } from '@weft/store';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const SLOW = `apiVersion: weft/v1
kind: Workflow
id: slow
steps:
  - id: slow
    uses: code
    with:
      source: "export default () => new Promise((r) => setTimeout(() => r('slept'), 1500))"
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => done(!!s.destroy()));
    s.once('error', () => done(false));
  });
}

async function until(what: string, fn: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('pnpm start (README) and SIGTERM to its PID', () => {
  it('runs one node process that drains, closes the port and the database within 10 s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-start-'));
    const studio = join(dir, 'studio');
    mkdirSync(studio);
    writeFileSync(join(studio, 'index.html'), '<!doctype html><title>Weft</title>');
    const db = join(dir, 'weft.db');
    const pnpm = spawn('pnpm', ['start', '--port', '0', '--db', `sqlite:${db}`, '--data-dir', dir], {
      cwd: root,
      env: { ...process.env, WEFT_STUDIO_DIR: studio, WEFT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    pnpm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    pnpm.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => pnpm.once('exit', (code) => r(code)));
    try {
      let m: RegExpExecArray | null = null;
      await until(
        'the start-up line',
        () => !!(m = /Weft is running at (\S+)\/ \(pid (\d+)/.exec(out)),
        60_000,
      );
      const [, url = '', pidText = ''] = m ?? [];
      const serverPid = Number(pidText);
      const port = Number(new URL(url).port);

      // One node process on the built CLI, whose parent is the PID `pnpm start` gave us.
      const stat = readFileSync(`/proc/${serverPid}/stat`, 'utf8');
      expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])).toBe(pnpm.pid);
      const argv = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0');
      // node [V8 flags such as --max-semi-space-size] apps/cli/dist/weft.mjs serve …
      const entry = argv.indexOf('apps/cli/dist/weft.mjs');
      expect(entry, argv.join(' ')).toBeGreaterThan(0);
      expect(argv.slice(1, entry).every((a) => a.startsWith('--'))).toBe(true);
      expect(argv[entry + 1]).toBe('serve');
      expect(argv.join(' ')).not.toContain('tsx');

      // A step in flight when the signal arrives.
      const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc` })] });
      await client.workflows.save.mutate({ yaml: SLOW });
      const { runId } = await client.runs.start.mutate({ workflowId: 'slow' });
      await until(
        'the slow step to run',
        async () =>
          (await client.runs.get.query({ runId })).steps.find((s) => s.stepId === 'slow')?.status ===
          'RUNNING',
        30_000,
      );

      const signalled = Date.now();
      process.kill(pnpm.pid ?? 0, 'SIGTERM');
      await until('the server to stop', async () => !alive(serverPid) && !(await portOpen(port)), 10_000);
      await exited;
      expect(Date.now() - signalled).toBeLessThan(10_000);

      // Consistent: SQLite's own check passes and the step that was running was drained, not lost.
      const check = new Database(db, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      const store = await openStore(`sqlite:${db}`);
      try {
        const run = await store.repos.runs.get(runId as RunId);
        expect(run?.steps.find((s) => s.stepId === 'slow')).toMatchObject({ status: 'SUCCESS', attempts: 1 });
        expect(run?.run.status).toBe('SUCCESS');
      } finally {
        await store.close();
      }
    } finally {
      if (pnpm.exitCode === null) pnpm.kill('SIGKILL');
    }
  }, 90_000);
});
