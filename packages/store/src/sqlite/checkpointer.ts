/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold, on the committing thread, and with `synchronous = NORMAL` it is where the fsyncs
 * happen: tens of milliseconds during which no request is served. A busy store instead hands them to a
 * worker thread with its own connection, which runs PASSIVE checkpoints (they never block the writer)
 * every `everyMs`. The main connection keeps a high automatic threshold as a backstop, in case the
 * worker lags or dies. Checkpointing never affects durability: a commit is durable once in the WAL.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker: plain CommonJS, so it runs under any loader. */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('wal_autocheckpoint = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: next round */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private stopped = false;

  /** `onFail` runs if the worker cannot run (the caller then restores SQLite's own checkpoints). */
  constructor(path: string, everyMs: number, onFail: () => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SOURCE, {
      eval: true,
      workerData: { path, driver, everyMs },
      // It holds one connection and a timer: keep its heap (and so the process's RSS) small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, codeRangeSizeMb: 2 },
    });
    this.worker.unref();
    this.worker.on('error', () => {
      if (!this.stopped) onFail();
    });
  }

  /** Close the worker's connection and wait for it to end (before the main connection closes). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
