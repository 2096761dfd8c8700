/**
 * kill -9 tests (issue 3): real engine processes on SQLite and on PostgreSQL are killed with SIGKILL
 * at random moments while runs are in flight (blocks running, timers armed), then started again.
 * Every run must end SUCCESS, and no committed step output may be lost or recorded twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './index';
import type { WeftStore } from './index';
import { checkRuns, createRuns, kill9, pause, startWorker } from './testing/crash-harness';
import type { Worker } from './testing/crash-harness';

const dir = mkdtempSync(join(tmpdir(), 'weft-crash-'));
const started: Worker[] = [];
afterAll(async () => {
  await Promise.all(started.map(kill9));
  rmSync(dir, { recursive: true, force: true });
});

// Few runs at a time per process, so the work outlasts several kills.
const ENV = { CRASH_MAX_RUNS: '8', CRASH_BLOCK_MS: '120' };

function worker(url: string, label: string): Worker {
  const w = startWorker(url, label, ENV);
  started.push(w);
  return w;
}

/** Runs not finished yet: a kill now hits work in flight. */
async function unfinished(store: WeftStore): Promise<number> {
  const c = await store.repos.runs.countByStatus();
  return c.QUEUED + c.RUNNING + c.WAITING;
}

/** Wait for a worker to finish all runs; fail with its output if it exits otherwise. */
async function finish(w: Worker): Promise<void> {
  const code = await Promise.race([w.done, pause(90_000).then(() => 'timeout' as const)]);
  if (code !== 0) throw new Error(`worker ended with ${code}:\n${w.output()}`);
}

describe('kill -9', () => {
  it(
    'SQLite: a runtime killed at random moments and restarted finishes every run exactly once',
    { timeout: 180_000 },
    async () => {
      const url = `sqlite:${join(dir, 'crash.db')}`;
      const store = await openStore(url);
      const runs = await createRuns(store, 30);
      let kills = 0;
      for (let i = 0; i < 5; i++) {
        const w = worker(url, `sqlite-${i}`);
        await w.ready;
        await pause(150 + Math.floor(Math.random() * 500));
        if (w.proc.exitCode !== null) break; // finished before we killed it
        await kill9(w);
        if ((await unfinished(store)) > 0) kills++;
      }
      const last = worker(url, 'sqlite-final');
      await finish(last);
      expect(kills).toBeGreaterThan(0);
      expect(await checkRuns(store, runs)).toEqual([]);
      await store.close();
    },
  );

  it(
    'PostgreSQL: two runtimes share the database, one is killed again and again, every run finishes exactly once',
    { timeout: 180_000 },
    async () => {
      const base = process.env.WEFT_TEST_PG_URL;
      if (!base) throw new Error('WEFT_TEST_PG_URL is not set');
      const url = `${base}?schema=crash_${randomBytes(5).toString('hex')}`;
      const store = await openStore(url);
      const runs = await createRuns(store, 80);
      // Both start together, so the first kill lands while the work is shared.
      const steady = worker(url, 'pg-steady');
      let victim = worker(url, 'pg-victim-0');
      await Promise.all([steady.ready, victim.ready]);
      let kills = 0;
      for (let i = 1; i <= 4; i++) {
        await pause(150 + Math.floor(Math.random() * 500));
        if (victim.proc.exitCode !== null) break; // everything finished
        await kill9(victim);
        if ((await unfinished(store)) === 0) break;
        kills++;
        victim = worker(url, `pg-victim-${i}`);
        await victim.ready;
      }
      const alive = victim.proc.exitCode === null && victim.proc.signalCode === null;
      await Promise.all([finish(steady), alive ? finish(victim) : Promise.resolve()]);
      expect(kills).toBeGreaterThan(0);
      expect(await checkRuns(store, runs)).toEqual([]);
      await store.close();
    },
  );
});
