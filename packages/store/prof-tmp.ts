import { SqliteStore } from './src/index';
import type { RunId } from '@weft/engine';
const which = process.argv[2] ?? 'default';
const s = new SqliteStore({ path: `/tmp/prof-weft/${which}.db` });
// @ts-expect-error poke
const db = s.db;
if (which === 'ckpt10k') db.pragma('wal_autocheckpoint = 10000');
if (which.startsWith('excl')) db.pragma('locking_mode = EXCLUSIVE');
const ids: RunId[] = [];
for (let r = 0; r < 50; r++) ids.push((await s.createRun({ id: `r${r}` as RunId, workflowId: 'w', workflowVersion: 1, inputs: {}, trigger: null, createdAt: 0 })).run.id);
await s.claimRuns({ owner: 'o', now: 1, leaseMs: 1e9, limit: 100 });
const n = 10000;
const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const id = ids[i % 50]!;
  const stepId = `s${i % 200}`;
  await s.commit({ runId: id, owner: 'o', run: { status: 'RUNNING' }, steps: [{ runId: id, stepId, status: 'SUCCESS', attempts: 1, output: { v: i } }],
    events: [{ at: i, type: 'step.started', stepId, data: {} }, { at: i, type: 'step.succeeded', stepId, data: { output: { v: i } } }] });
}
{ const c = process.cpuUsage(c0); console.log(which, ((performance.now() - t0) / n * 1000).toFixed(1), "µs wall", ((c.user + c.system) / n).toFixed(1), "µs cpu", (c.system / n).toFixed(1), "sys"); }
await s.close();
