import { describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool';
import type { BlockWorker } from './worker-handle';

/** The part of a worker the pool reads when it hands one out. */
function fakeWorker(keys: string[]): BlockWorker {
  return { slots: new Map(keys.map((k, i) => [k, i])), gone: false } as unknown as BlockWorker;
}

describe('WorkerPool.tryAcquire', () => {
  const opts = { size: 3, dataBytes: 1024, maxHeapMb: 16 };

  it('hands out the worker that answered last among those holding the block', () => {
    const pool = new WorkerPool(opts);
    const a = fakeWorker(['noop']);
    const b = fakeWorker(['noop']);
    const c = fakeWorker([]);
    pool.release(a);
    pool.release(b);
    pool.release(c);
    // c answered last but does not hold the block; of a and b, b answered last.
    expect(pool.tryAcquire('noop')).toBe(b);
    pool.release(b);
    expect(pool.tryAcquire('noop')).toBe(b);
    expect(pool.tryAcquire('noop')).toBe(a);
    // None left that holds it: any idle worker.
    expect(pool.tryAcquire('noop')).toBe(c);
    expect(pool.tryAcquire('noop')).toBeUndefined();
  });

  it('gives nothing once closed', async () => {
    const pool = new WorkerPool(opts);
    await pool.close();
    expect(pool.tryAcquire(undefined)).toBeUndefined();
    await expect(pool.acquire(undefined, new AbortController().signal)).rejects.toThrow(/closed/);
  });
});
