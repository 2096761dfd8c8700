/**
 * Main-thread handle of one block worker (worker/block-worker.mjs): writes requests into shared
 * memory, waits for answers with `Atomics.waitAsync` (never blocking the event loop), serves the
 * worker's host calls, and terminates the worker when a call overruns.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { LogLevel } from '@weft/engine';
import { Ctrl, HostFn, ONE_AT_A_TIME_MS, Op, Shared } from '../worker/protocol';
import type { LoadMessage, WorkerInit } from '../worker/protocol';
import { cameWithin, nowUs } from '../worker/clock.mjs';

const WORKER_URL = new URL('../worker/block-worker.mjs', import.meta.url);

type WaitAsync = (
  arr: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
/**
 * How long the main thread may watch for a fast answer before yielding to the event loop (a
 * trivial block answers in ~15–30 µs; the wait holds the event loop, so it stays short).
 */
const SPIN_NS = BigInt(process.env.WEFT_SANDBOX_SPIN_NS ?? 50_000);
/**
 * How long a worker may watch for the next request after answering: the main thread's own work
 * between two back-to-back block calls (~30–50 µs here) fits; the engine's work between two items
 * of a foreach (~100 µs and more) does not, and a worker that watched through it took a core the
 * loaded machine needed (a 10,000-item foreach at load 6: 4.9–5.8 s with 150 µs, 2.9–4.4 with 80).
 */
const WORKER_SPIN_NS = Number(process.env.WEFT_SANDBOX_WORKER_SPIN_NS ?? 80_000);
const SPIN_US = Number(SPIN_NS / 1000n);
/** Shared by every block worker of this process and the main thread (protocol.ts `Shared`). */
const SHARED = new Int32Array(new SharedArrayBuffer(Shared.SIZE * 4));
/** When two requests were last in flight at once (`Date.now()`). */
let concurrentAt = -Infinity;

const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export interface WorkerReply {
  kind: number;
  bytes: Uint8Array;
}

export interface Exchange {
  /** Answers a `weft_http` host call (request and answer are UTF-8 JSON bytes). */
  onHostCall(request: Uint8Array): Promise<Uint8Array>;
  log(level: LogLevel, message: string): void;
}

export interface BlockWorkerOptions {
  dataBytes: number;
  maxHeapMb: number;
}

/** Thrown when the worker died (terminated, crashed or out of heap) in the middle of a request. */
export class WorkerGoneError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WorkerGoneError';
  }
}

export class BlockWorker {
  readonly ready: Promise<void>;
  /** Block keys already instantiated in this worker → slot number. */
  readonly slots = new Map<string, number>();
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;
  private readonly port: MessagePort;
  private respSeen = 0;
  private goneReason: string | undefined;

  constructor(opts: BlockWorkerOptions) {
    const ctrlBuf = new SharedArrayBuffer(Ctrl.SIZE * 4);
    const dataBuf = new SharedArrayBuffer(opts.dataBytes);
    this.ctrl = new Int32Array(ctrlBuf);
    this.data = new Uint8Array(dataBuf);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const init: WorkerInit = {
      ctrl: ctrlBuf,
      data: dataBuf,
      port: port2,
      ctrlLayout: Ctrl,
      ops: Op,
      hostFns: HostFn,
      spinNs: WORKER_SPIN_NS,
      shared: SHARED.buffer as SharedArrayBuffer,
      sharedLayout: Shared,
    };
    this.worker = new Worker(WORKER_URL, {
      workerData: init,
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb, stackSizeMb: 4 },
      execArgv: ['--disable-warning=ExperimentalWarning'],
    });
    this.port.unref();
    this.worker.on('error', (err) => this.markGone(`sandbox worker failed: ${err.message}`));
    this.worker.on('exit', (code) => this.markGone(`sandbox worker exited (code ${code})`));
    // Atomics.waitAsync does not keep Node's event loop alive: the worker is ref'd while a request
    // (or start-up) is in flight and unref'd when idle, so an idle sandbox never holds the process open.
    this.worker.ref();
    this.ready = this.waitReply().then(
      (r) => {
        this.worker.unref();
        if (r.kind !== Op.R_READY) throw new WorkerGoneError('sandbox worker did not start');
      },
      (err: unknown) => {
        this.worker.unref();
        throw err;
      },
    );
    // A worker that fails to start rejects `ready`; callers see it there.
    this.ready.catch(() => undefined);
  }

  /** Whether the last `code` answer came from a prepared context (Ctrl.WARM). */
  get codeWarm(): boolean {
    return Atomics.load(this.ctrl, Ctrl.WARM) === 1;
  }

  get gone(): boolean {
    return this.goneReason !== undefined;
  }

  /**
   * Sends one request and serves host calls until the worker answers it. `slot`, `maxOut` and
   * `timeoutMs` go to the control words of those names (each left as it was when not given).
   */
  async request(
    op: number,
    payload: Uint8Array,
    fields: { slot?: number; maxOut?: number; timeoutMs?: number },
    ex: Exchange,
  ): Promise<WorkerReply> {
    if (fields.slot !== undefined) Atomics.store(this.ctrl, Ctrl.SLOT, fields.slot);
    if (fields.maxOut !== undefined) Atomics.store(this.ctrl, Ctrl.MAX_OUT, fields.maxOut);
    if (fields.timeoutMs !== undefined) Atomics.store(this.ctrl, Ctrl.TIMEOUT_MS, fields.timeoutMs);
    this.worker.ref();
    const now = Date.now();
    if (Atomics.add(SHARED, Shared.IN_FLIGHT, 1) > 0) concurrentAt = now;
    Atomics.store(SHARED, Shared.ONE_AT_A_TIME, now - concurrentAt > ONE_AT_A_TIME_MS ? 1 : 0);
    try {
      this.post(op, payload);
      for (;;) {
        const reply = await this.waitReply(ex);
        if (reply.kind !== Op.R_HOST_CALL) return reply;
        const answer = await ex.onHostCall(reply.bytes);
        if (this.gone) throw new WorkerGoneError(this.goneReason ?? 'sandbox worker gone');
        this.post(Op.HOST_REPLY, answer);
      }
    } finally {
      Atomics.sub(SHARED, Shared.IN_FLIGHT, 1);
      this.worker.unref();
    }
  }

  /** Instantiates a module in this worker under `slot`. */
  async load(msg: LoadMessage, ex: Exchange): Promise<WorkerReply> {
    this.port.postMessage(msg);
    return this.request(Op.LOAD, new Uint8Array(0), { slot: msg.slot }, ex);
  }

  terminate(reason: string): void {
    this.markGone(reason);
    void this.worker.terminate();
  }

  private post(op: number, payload: Uint8Array): void {
    if (payload.byteLength <= this.data.byteLength) {
      this.data.set(payload, 0);
      Atomics.store(this.ctrl, Ctrl.LEN, payload.byteLength);
    } else {
      this.port.postMessage({ t: 'payload', bytes: payload });
      Atomics.store(this.ctrl, Ctrl.LEN, -1);
    }
    Atomics.store(this.ctrl, Ctrl.OP, op);
    Atomics.store(this.ctrl, Ctrl.REQ_AT, nowUs());
    Atomics.add(this.ctrl, Ctrl.REQ_SEQ, 1);
    Atomics.notify(this.ctrl, Ctrl.REQ_SEQ);
  }

  private async waitReply(ex?: Exchange): Promise<WorkerReply> {
    for (;;) {
      if (this.goneReason !== undefined) throw new WorkerGoneError(this.goneReason);
      const seen = this.respSeen;
      if (Atomics.load(this.ctrl, Ctrl.RESP_SEQ) === seen && !this.spinFor(seen)) {
        // Registered before the LOGS check: a batch flagged after the check also notifies this waiter.
        const w = waitAsync(this.ctrl, Ctrl.RESP_SEQ, seen);
        if (Atomics.load(this.ctrl, Ctrl.LOGS) !== 0) {
          // Lines written while the block runs: hand them on now (the waiter is woken by the next notify).
          Atomics.store(this.ctrl, Ctrl.LOGS, 0);
          this.drainPort(ex);
          continue;
        }
        if (w.async) await w.value;
        continue;
      }
      this.respSeen = Atomics.load(this.ctrl, Ctrl.RESP_SEQ);
      Atomics.store(this.ctrl, Ctrl.SEEN_AT, nowUs());
      // Watch for the next answer only if the worker's work on this one fit in the budget.
      this.watch =
        SPIN_US > 0 &&
        cameWithin(Atomics.load(this.ctrl, Ctrl.BEGAN_AT), Atomics.load(this.ctrl, Ctrl.RESP_AT), SPIN_US);
      const kind = Atomics.load(this.ctrl, Ctrl.OP);
      const len = Atomics.load(this.ctrl, Ctrl.LEN);
      Atomics.store(this.ctrl, Ctrl.LOGS, 0);
      // Drain logs (and a large payload) the worker posted before answering.
      this.drainPort(ex);
      const bytes = len >= 0 ? this.data.slice(0, len) : this.payload;
      this.payload = undefined;
      if (!bytes) throw new WorkerGoneError('sandbox protocol: response payload missing');
      return { kind, bytes };
    }
  }

  /** A large response payload drained from the port before its response was signalled. */
  private payload: Uint8Array | undefined;

  private drainPort(ex: Exchange | undefined): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const msg = m.message as
        { t: 'log'; level: LogLevel; message: string } | { t: 'payload'; bytes: Uint8Array };
      if (msg.t === 'log') ex?.log(msg.level, msg.message);
      else this.payload = msg.bytes;
    }
  }

  /**
   * Most block calls finish in microseconds, far less than a waitAsync wake-up costs, so the main
   * thread first watches the counter for a short, bounded moment before yielding. It watches only
   * while that pays: the worker stamps when it took each request up and when it answered
   * (protocol.ts BEGAN_AT, RESP_AT), so how long the block's work took is known whether or not this
   * thread watched, or the worker slept before it (a slow block turns watching off; the next fast
   * one turns it on again).
   */
  private watch = SPIN_NS > 0n;

  private spinFor(seen: number): boolean {
    // Only while calls come one at a time (protocol.ts `Shared`).
    if (!this.watch || Atomics.load(SHARED, Shared.ONE_AT_A_TIME) !== 1) return false;
    const until = process.hrtime.bigint() + SPIN_NS;
    while (process.hrtime.bigint() < until) {
      if (Atomics.load(this.ctrl, Ctrl.RESP_SEQ) !== seen) return true;
    }
    // Not again for this request (a block that logs wakes this thread once per batch of lines).
    this.watch = false;
    return false;
  }

  /** Drains logs a worker posted before it was stopped, so a runaway block's last words are kept. */
  drainLogs(ex: Exchange): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const msg = m.message as { t: string; level?: LogLevel; message?: string };
      if (msg.t === 'log' && msg.level && msg.message !== undefined) ex.log(msg.level, msg.message);
    }
  }

  private markGone(reason: string): void {
    if (this.goneReason !== undefined) return;
    this.goneReason = reason;
    // Wake any waitAsync so it notices.
    Atomics.add(this.ctrl, Ctrl.RESP_SEQ, 1);
    Atomics.notify(this.ctrl, Ctrl.RESP_SEQ);
  }
}

/** The block worker options a `SandboxRunner` uses unless told otherwise. */
export const DEFAULT_WORKER: BlockWorkerOptions = { dataBytes: 1 << 20, maxHeapMb: 256 };

let early: { opts: BlockWorkerOptions; worker: BlockWorker } | undefined;

/**
 * Starts one block worker before any sandbox exists, so its start-up (a thread, its modules, Extism)
 * overlaps the caller's own: `weft run` calls this first thing, while the run command's modules load
 * and the workflow is parsed. The first pool that needs a worker with the same options adopts it
 * (`takeEarlyWorker`); `discardEarlyWorker` ends one nobody adopted.
 */
export function startEarlyWorker(opts: BlockWorkerOptions = DEFAULT_WORKER): void {
  if (early === undefined) early = { opts, worker: new BlockWorker(opts) };
}

/** The early worker, when one was started with these options and is still alive; it is handed over once. */
export function takeEarlyWorker(opts: BlockWorkerOptions): BlockWorker | undefined {
  if (
    early === undefined ||
    early.opts.dataBytes !== opts.dataBytes ||
    early.opts.maxHeapMb !== opts.maxHeapMb
  )
    return undefined;
  const { worker } = early;
  early = undefined;
  return worker.gone ? undefined : worker;
}

/** Whether an early worker is waiting to be adopted. */
export function earlyWorkerWaiting(): boolean {
  return early !== undefined;
}

/** Terminates an early worker that no pool adopted (the command ended before it needed one). */
export function discardEarlyWorker(): void {
  early?.worker.terminate('not needed');
  early = undefined;
}
