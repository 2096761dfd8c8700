import { afterAll, describe, expect, it } from 'vitest';
import { BlockWorker, DEFAULT_WORKER } from './worker-handle';
import type { Exchange } from './worker-handle';
import { Ctrl, Op } from '../worker/protocol';

/** `Atomics.waitAsync` (Node has it; the ES2023 lib this repository compiles against does not). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      i: number,
      v: number,
      ms: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

const ex: Exchange = {
  onHostCall: () => Promise.reject(new Error('no host calls here')),
  log: () => undefined,
};

describe('BlockWorker', () => {
  const w = new BlockWorker(DEFAULT_WORKER);
  afterAll(() => w.terminate('test over'));

  it('takes a wake-up without a new request for what it is: nothing (a late notify is not a request)', async () => {
    await w.ready;
    expect((await w.request(Op.UNLOAD, new Uint8Array(0), { slot: 7 }, ex)).kind).toBe(Op.R_OK);
    // The shared control words, as the main thread's side of the protocol sees them.
    const ctrl = (w as unknown as { ctrl: Int32Array }).ctrl;
    const answered = Atomics.load(ctrl, Ctrl.RESP_SEQ);
    // A notify with no new request, as a request's notify that comes after the worker (watching)
    // already took the request up and went back to sleep: the worker must not answer anything.
    for (let i = 0; i < 5; i++) Atomics.notify(ctrl, Ctrl.REQ_SEQ);
    const waited = waitAsync(ctrl, Ctrl.RESP_SEQ, answered, 1000);
    expect(waited.async ? await waited.value : waited.value).toBe('timed-out');
    expect(Atomics.load(ctrl, Ctrl.RESP_SEQ)).toBe(answered);
    // And the next real request gets its own answer.
    expect((await w.request(Op.UNLOAD, new Uint8Array(0), { slot: 7 }, ex)).kind).toBe(Op.R_OK);
    expect(Atomics.load(ctrl, Ctrl.RESP_SEQ)).toBe(answered + 1);
  });
});
