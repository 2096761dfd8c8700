/**
 * One runtime process for `bench/store-runtimes.bench.ts` (forked with an IPC channel): opens the
 * PostgreSQL store named by WEFT_BENCH_DB, warms up, says `ready`, and on `go` starts its share of
 * the load (WEFT_BENCH_RUNS runs of the 10-step chain, all at once) and reports `done` with its time.
 */
import { Engine, ScriptedRunner, SystemClock } from '@weft/engine';
import type { Store } from '@weft/engine';
import { openStore } from '@weft/store';
import { chain, runOne, wf } from './engine.bench';

export type WorkerMessage = { type: 'ready' } | { type: 'done'; ms: number };

const url = process.env.WEFT_BENCH_DB;
const runs = Number(process.env.WEFT_BENCH_RUNS);
if (!url || !(runs > 0) || !process.send)
  throw new Error('store-runtime-worker: forked by store-runtimes.bench.ts only');
const send = (m: WorkerMessage): void => void process.send?.(m);

const store = await openStore(url);
const engine = new Engine({
  store: store as Store,
  runner: new ScriptedRunner(),
  clock: new SystemClock(),
  maxRunningRuns: runs + 100,
});
engine.start();
const ten = wf('ten', chain(10));
await Promise.all(Array.from({ length: 100 }, () => runOne(engine, ten))); // JIT, pool connections
process.on('message', (m: { type: string }) => {
  if (m.type === 'go') {
    const t = performance.now();
    void Promise.all(Array.from({ length: runs }, () => runOne(engine, ten))).then(() =>
      send({ type: 'done', ms: performance.now() - t }),
    );
  } else if (m.type === 'stop') {
    void engine
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  }
});
send({ type: 'ready' });
