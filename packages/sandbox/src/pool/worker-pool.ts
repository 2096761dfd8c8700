/**
 * A fixed-size pool of block workers. Each worker runs one call at a time; a call that overruns gets
 * its worker terminated and the pool starts a fresh one on the next demand, so a runaway block never
 * holds the main thread and costs at most one worker for the length of its timeout.
 */
import { BlockWorker, takeEarlyWorker } from './worker-handle';

export interface PoolOptions {
  /** Number of workers (each one runs one block call at a time). */
  size: number;
  /** Bytes of the shared area per worker; larger payloads go through a MessagePort. */
  dataBytes: number;
  /** V8 heap cap per worker, MiB. */
  maxHeapMb: number;
}

interface Waiter {
  key: string | undefined;
  resolve(w: BlockWorker): void;
  reject(err: Error): void;
}

export class PoolClosedError extends Error {
  constructor() {
    super('the sandbox is closed');
    this.name = 'PoolClosedError';
  }
}

export class WorkerPool {
  private readonly idle: BlockWorker[] = [];
  private readonly all = new Set<BlockWorker>();
  private readonly waiters: Waiter[] = [];
  private starting = 0;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  /** Workers alive (busy or idle). */
  get size(): number {
    return this.all.size;
  }

  /** Workers alive or starting. */
  get started(): number {
    return this.all.size + this.starting;
  }

  /**
   * An idle worker now, preferring one that already holds `key`, and among those the one that
   * answered last (its caches are warm and it may still be watching for the next request: calls
   * that come back to back stay on one worker); `undefined` when none is idle (or the pool is
   * closed: `acquire` says so).
   */
  tryAcquire(key: string | undefined): BlockWorker | undefined {
    if (this.closed) return undefined;
    this.pruneIdle();
    const warm = key === undefined ? -1 : this.idle.findLastIndex((w) => w.slots.has(key));
    if (warm >= 0) return this.idle.splice(warm, 1)[0];
    return this.idle.pop();
  }

  /**
   * An idle worker, preferring one that already holds `key`; waits when all are busy. Rejects with
   * `signal.reason` when the signal aborts first.
   */
  acquire(key: string | undefined, signal: AbortSignal): Promise<BlockWorker> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const idle = this.tryAcquire(key);
    if (idle) return Promise.resolve(idle);
    return new Promise<BlockWorker>((resolve, reject) => {
      const waiter: Waiter = {
        key,
        resolve: (w) => {
          signal.removeEventListener('abort', onAbort);
          resolve(w);
        },
        reject: (err) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.spawnIfRoom();
    });
  }

  /** Returns a worker after a call; a worker that died is dropped and replaced on demand. */
  release(w: BlockWorker): void {
    if (w.gone || this.closed) {
      this.all.delete(w);
      if (this.closed && !w.gone) w.terminate('sandbox closed');
      this.spawnIfRoom();
      return;
    }
    const i = this.waiters.findIndex((x) => x.key !== undefined && w.slots.has(x.key));
    const waiter = i >= 0 ? this.waiters.splice(i, 1)[0] : this.waiters.shift();
    if (waiter) waiter.resolve(w);
    else this.idle.push(w);
  }

  /** Terminates a worker (timeout, cancel, protocol failure) and frees its place. */
  discard(w: BlockWorker, reason: string): void {
    w.terminate(reason);
    this.all.delete(w);
    this.spawnIfRoom();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new PoolClosedError());
    for (const w of this.all) w.terminate('sandbox closed');
    this.all.clear();
    this.idle.length = 0;
    await Promise.resolve();
  }

  private pruneIdle(): void {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const w = this.idle[i] as BlockWorker;
      if (w.gone) {
        this.idle.splice(i, 1);
        this.all.delete(w);
      }
    }
  }

  /**
   * Starts one worker ahead of the first call when none is alive or starting (a CLI run does this
   * while it opens its store, so the worker's start-up overlaps that work instead of following it).
   */
  prestart(): void {
    if (!this.closed && this.started === 0) this.spawn();
  }

  private spawnIfRoom(): void {
    while (
      !this.closed &&
      this.waiters.length > this.starting &&
      this.all.size + this.starting < this.opts.size
    )
      this.spawn();
  }

  private spawn(): void {
    this.starting++;
    const opts = { dataBytes: this.opts.dataBytes, maxHeapMb: this.opts.maxHeapMb };
    const w = takeEarlyWorker(opts) ?? new BlockWorker(opts);
    w.ready.then(
      () => {
        this.starting--;
        this.all.add(w);
        this.release(w);
      },
      (err: unknown) => {
        this.starting--;
        w.terminate('sandbox worker failed to start');
        const waiter = this.waiters.shift();
        waiter?.reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }
}
