/**
 * A runtime process for the crash tests: `tsx crash-worker.ts <db-url> <label>`. Drives every run in
 * the database with the real engine until none is left unfinished, then prints DONE and exits.
 * The test kills it with SIGKILL at random moments and starts it again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, ScriptedRunner, SystemClock } from '@weft/engine';
import { openStore } from '../index';
import { CRASH_WORKFLOW } from './crash-workflow';

const [url, label = 'worker'] = process.argv.slice(2);
if (!url) throw new Error('usage: crash-worker <db-url> <label>');

const store = await openStore(url);
const runner = new ScriptedRunner({
  'slow@1': async (call) => {
    await sleep(5 + Math.floor(Math.random() * Number(process.env.CRASH_BLOCK_MS ?? 40)));
    return { ok: true, output: Number(call.with.x) + 1 };
  },
});
const resolved = { workflow: CRASH_WORKFLOW, version: 1 };
const engine = new Engine({
  store,
  runner,
  clock: new SystemClock(),
  owner: `${label}-${process.pid}`,
  leaseMs: Number(process.env.CRASH_LEASE_MS ?? 600),
  pollMs: 50,
  maxRunningRuns: Number(process.env.CRASH_MAX_RUNS ?? 500),
  workflows: { latest: () => Promise.resolve(resolved), version: () => Promise.resolve(resolved) },
});
engine.start();
process.stdout.write('READY\n');
for (;;) {
  await sleep(100);
  const c = await store.repos.runs.countByStatus();
  if (c.QUEUED + c.RUNNING + c.WAITING === 0) break;
}
await engine.stop();
await store.close();
process.stdout.write('DONE\n');
process.exit(0);
