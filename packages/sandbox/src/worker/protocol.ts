/**
 * The wire between the main thread and a block worker: one `Int32Array` of control words and one
 * byte area, both over SharedArrayBuffers. The worker (plain JS, see block-worker.mjs) receives these
 * constants through `workerData`, so this file is the single source of truth.
 *
 * Main → worker: write the request, bump `REQ_SEQ`, notify. Worker → main: write the response, bump
 * `RESP_SEQ`, notify. Payloads too large for the byte area, module transfers and logs travel on a
 * MessagePort that each side drains synchronously (`receiveMessageOnPort`); log lines also wake the
 * main thread (see `LOGS`), so they reach the run's log while the block still runs.
 */
import type { MessagePort } from 'node:worker_threads';

export const Ctrl = {
  REQ_SEQ: 0,
  RESP_SEQ: 1,
  /** Request op or response kind. */
  OP: 2,
  /** Payload length in the byte area; -1 = the payload travels on the port. */
  LEN: 3,
  /** Plugin slot for OP_CALL / OP_LOAD. */
  SLOT: 4,
  /** Max output bytes for this call. */
  MAX_OUT: 5,
  /** Time budget of this call in ms (the worker's own deadline for `code`). */
  TIMEOUT_MS: 6,
  /** Set by the worker with a `code` answer: 1 when the call ran in a prepared context (see code-host.mjs). */
  WARM: 7,
  /**
   * 1 while log lines wait on the port and the main thread has not been woken for them: the worker
   * sets it (and wakes the main thread on RESP_SEQ) with the first line of a batch, the main thread
   * clears it before draining. So a step's log streams while the step runs, one wake per batch.
   */
  LOGS: 8,
  /**
   * Stamps (µs of the monotonic clock both threads share, wrapping 32-bit: only differences are
   * read) by which each side learns how long the other's part of a call takes, whether or not it
   * was watching: REQ_AT when the main thread posted a request, SEEN_AT when it read the last answer
   * (so REQ_AT − SEEN_AT is its own work between two calls); BEGAN_AT when the worker took the
   * request up, RESP_AT when it answered (RESP_AT − BEGAN_AT: the block's work). Neither includes a
   * wake-up, so a side that slept does not make the other stop watching (see `spinFor` in
   * worker-handle.ts and `waitForRequest` in block-worker.mjs).
   */
  REQ_AT: 9,
  SEEN_AT: 10,
  BEGAN_AT: 11,
  RESP_AT: 12,
  SIZE: 13,
} as const;

/**
 * The words of `WorkerInit.shared`. Watching pays for calls made one after another; while calls
 * are made at once the main thread has other answers to handle, and on a machine of few cores a
 * watching thread only takes a core from it or from another worker. So neither side watches unless
 * the process has made its block calls one at a time for a while (`ONE_AT_A_TIME`).
 */
export const Shared = {
  /** Requests in flight across every block worker. */
  IN_FLIGHT: 0,
  /** 1 when no two requests were in flight at once for the last `ONE_AT_A_TIME_MS`, else 0. */
  ONE_AT_A_TIME: 1,
  SIZE: 2,
} as const;

/** How long calls must have come one at a time before either side watches again. */
export const ONE_AT_A_TIME_MS = 50;

export const Op = {
  LOAD: 1,
  CALL: 2,
  CODE: 3,
  HOST_REPLY: 4,
  UNLOAD: 5,
  /** Responses. */
  R_OK: 10,
  R_ERR: 11,
  R_HOST_CALL: 12,
  R_READY: 13,
  /** The slot is not instantiated in this worker (dropped after a trap): load it and call again. */
  R_NOT_LOADED: 14,
} as const;

/** Host functions a block may call; the tag byte that opens an R_HOST_CALL payload. */
export const HostFn = {
  http: 1,
  sql: 2,
  storage: 3,
  tz: 4,
} as const;

export interface WorkerInit {
  ctrl: SharedArrayBuffer;
  data: SharedArrayBuffer;
  port: MessagePort;
  ctrlLayout: typeof Ctrl;
  ops: typeof Op;
  hostFns: typeof HostFn;
  /** How long the worker watches for the next request before sleeping, ns. */
  spinNs: number;
  /** Words every block worker of the process shares with the main thread (`Shared`). */
  shared: SharedArrayBuffer;
  sharedLayout: typeof Shared;
}

/** What OP_LOAD carries (on the port). */
export interface LoadMessage {
  t: 'load';
  slot: number;
  module: WebAssembly.Module;
  entry: string;
  /** Cap for Extism's host-side memory (input, output, vars), in 64 KiB pages. */
  hostMemoryPages: number;
  /** The module's own declared maximum memory, in pages (to tell "out of memory" from other traps). */
  memoryMaxPages: number;
}

/** What OP_CODE carries (as JSON). */
export interface CodeRequest {
  source: string;
  input: unknown;
  memoryBytes: number;
  stackBytes: number;
  /** `input` as JSON text: the main thread's (not sent to a worker). */
  inputJson?: string;
}
