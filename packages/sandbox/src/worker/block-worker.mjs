// A block worker: hosts Extism plugins in-process (no Extism worker of its own) and QuickJS for
// `code`, and talks to the main thread through SharedArrayBuffers (see protocol.ts). Plain JS so
// worker_threads can load it under any TS runner; everything that decides policy (permissions,
// HTTP, limits) lives on the main thread — this file only computes.
import { workerData, receiveMessageOnPort } from 'node:worker_threads';
import { createPlugin } from '@extism/extism';
import { createCodeHost } from './code-host.mjs';
import { cappedLog } from './log-cap.mjs';
import { cameWithin, nowUs } from './clock.mjs';

const { ctrl: ctrlBuf, data: dataBuf, port, ctrlLayout: C, ops: OP, hostFns: HOST_FN } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const data = new Uint8Array(dataBuf);
const enc = new TextEncoder();
const dec = new TextDecoder();

/** @type {Map<number, { plugin: any, entry: string, instance: any, memoryMaxPages: number }>} */
const plugins = new Map();
let seq = Atomics.load(ctrl, C.REQ_SEQ);

const codeHost = createCodeHost();

/**
 * Logs travel on the port without blocking the block. The first line of a batch also wakes the main
 * thread (LOGS flag + a notify on RESP_SEQ, whose value does not change), which drains every line
 * waiting: the run's log shows them while the block still runs, at one wake-up per batch.
 * Capped per request (log-cap.mjs): `main` makes a fresh one for each.
 */
let log = cappedLog(post);

function post(level, message) {
  port.postMessage({ t: 'log', level, message });
  if (Atomics.compareExchange(ctrl, C.LOGS, 0, 1) === 0) Atomics.notify(ctrl, C.RESP_SEQ);
}

const logger = {
  trace: (m) => log('debug', m),
  debug: (m) => log('debug', m),
  info: (m) => log('info', m),
  log: (m) => log('info', m),
  warn: (m) => log('warn', m),
  error: (m) => log('error', m),
};

/** Reads the current request payload (bytes). */
function readPayload() {
  const len = Atomics.load(ctrl, C.LEN);
  if (len >= 0) return data.slice(0, len);
  const msg = receiveMessageOnPort(port);
  if (!msg || msg.message.t !== 'payload') throw new Error('sandbox protocol: payload missing on port');
  return msg.message.bytes;
}

/** Writes a response and wakes the main thread. */
function respond(kind, bytes) {
  if (bytes.byteLength <= data.byteLength) {
    data.set(bytes, 0);
    Atomics.store(ctrl, C.LEN, bytes.byteLength);
  } else {
    port.postMessage({ t: 'payload', bytes });
    Atomics.store(ctrl, C.LEN, -1);
  }
  Atomics.store(ctrl, C.OP, kind);
  Atomics.store(ctrl, C.RESP_AT, nowUs());
  Atomics.add(ctrl, C.RESP_SEQ, 1);
  Atomics.notify(ctrl, C.RESP_SEQ);
}

function respondError(code, message) {
  respond(OP.R_ERR, enc.encode(JSON.stringify({ code, message })));
}

/**
 * Blocks this worker until the main thread answers a host call; returns the answer's bytes. The
 * first byte sent names the host function (HOST_FN in protocol.ts), the rest is its JSON request.
 */
function hostCall(fn, requestBytes) {
  const tagged = new Uint8Array(requestBytes.byteLength + 1);
  tagged[0] = fn;
  tagged.set(requestBytes, 1);
  respond(OP.R_HOST_CALL, tagged);
  waitForRequest();
  if (Atomics.load(ctrl, C.OP) !== OP.HOST_REPLY) throw new Error('sandbox protocol: expected a host reply');
  return readPayload();
}

// Calls often come back to back (a foreach, a busy server): the worker watches for the next request
// for a short, bounded moment before sleeping, which saves the main thread a futex wake-up (a
// system call) and the call a thread wake-up. It watches while that pays: the main thread stamps
// when it read the last answer and when it posted the next request (protocol.ts SEEN_AT, REQ_AT),
// so the worker knows how long the main thread's own work between two calls took, sleeping or not,
// and watches next time only when that fit in its budget — and only while the process makes its
// block calls one at a time (protocol.ts `Shared`).
const SPIN_NS = BigInt(workerData.spinNs ?? 0);
const SPIN_US = Number(SPIN_NS / 1000n);
let watch = SPIN_NS > 0n;
/** Shared with the main thread and the other workers (protocol.ts `Shared`). */
const shared = new Int32Array(workerData.shared);
const { ONE_AT_A_TIME } = workerData.sharedLayout;

function waitForRequest() {
  // Only while calls come one at a time (protocol.ts `Shared`), and until that changes.
  if (watch && Atomics.load(ctrl, C.REQ_SEQ) === seq && Atomics.load(shared, ONE_AT_A_TIME) === 1) {
    const until = process.hrtime.bigint() + SPIN_NS;
    while (
      Atomics.load(ctrl, C.REQ_SEQ) === seq &&
      Atomics.load(shared, ONE_AT_A_TIME) === 1 &&
      process.hrtime.bigint() < until
    );
  }
  // A wake is not a request: the main thread's notify of a request this worker already took up
  // while watching can come late (its thread paused between the counter and the notify) and wake
  // the next wait. Only the counter says a request came.
  while (Atomics.load(ctrl, C.REQ_SEQ) === seq) Atomics.wait(ctrl, C.REQ_SEQ, seq);
  seq = Atomics.load(ctrl, C.REQ_SEQ);
  Atomics.store(ctrl, C.BEGAN_AT, nowUs());
  watch = SPIN_US > 0 && cameWithin(Atomics.load(ctrl, C.SEEN_AT), Atomics.load(ctrl, C.REQ_AT), SPIN_US);
}

/** Reads an AssemblyScript string (UTF-16, byte length at ptr - 4) for abort/trace messages. */
function asString(instance, ptr) {
  try {
    const mem = instance?.exports.memory;
    if (!(mem instanceof WebAssembly.Memory) || !ptr) return '';
    const len = new DataView(mem.buffer).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(mem.buffer, ptr, Math.min(len >>> 1, 2048)));
  } catch {
    return '';
  }
}

/** Sends a block's JSON request to the main thread's host function `fn` and stores the answer. */
function forward(fn, cx, offset) {
  const req = cx.read(offset);
  const bytes = req ? req.bytes().slice() : enc.encode('null');
  return cx.store(hostCall(fn, bytes));
}

/** Host functions for one plugin; `ref.instance` is filled in once the module is instantiated. */
function hostFunctions(ref) {
  return {
    'extism:host/user': {
      weft_http: (cx, offset) => forward(HOST_FN.http, cx, offset),
      weft_sql: (cx, offset) => forward(HOST_FN.sql, cx, offset),
      weft_storage: (cx, offset) => forward(HOST_FN.storage, cx, offset),
      weft_tz: (cx, offset) => forward(HOST_FN.tz, cx, offset),
      // ABI.md: random bytes from the host's CSPRNG (no round trip to the main thread).
      weft_random(cx, length) {
        const n = Number(length);
        if (!Number.isInteger(n) || n < 0 || n > 1024)
          throw new Error(`weft_random: length must be 0…1024 bytes (got ${length})`);
        return cx.store(crypto.getRandomValues(new Uint8Array(n)));
      },
    },
    // What the AssemblyScript runtime may import. No clocks or files beyond these.
    env: {
      abort(_cx, msg, file, line, col) {
        throw new Error(
          `block aborted: ${asString(ref.instance, msg) || 'abort'} (${asString(ref.instance, file)}:${line}:${col})`,
        );
      },
      seed() {
        return Math.random() * 2 ** 52;
      },
      'Date.now'() {
        return Date.now();
      },
      trace(_cx, msg, n, ...args) {
        log('debug', `trace: ${asString(ref.instance, msg)} ${args.slice(0, n).join(', ')}`);
      },
    },
  };
}

async function load() {
  const msg = receiveMessageOnPort(port);
  if (!msg || msg.message.t !== 'load') throw new Error('sandbox protocol: load message missing on port');
  const { slot, module, entry, hostMemoryPages, memoryMaxPages } = msg.message;
  const ref = { instance: undefined };
  const plugin = await createPlugin(
    { wasm: [{ module }] },
    {
      useWasi: false,
      runInWorker: false,
      functions: hostFunctions(ref),
      logger,
      logLevel: 'debug',
      memory: { maxPages: hostMemoryPages, maxVarBytes: 1 << 20 },
      config: {},
    },
  );
  const instance = await plugin.getInstance();
  ref.instance = instance;
  plugins.set(slot, { plugin, entry, instance, memoryMaxPages });
  respond(OP.R_OK, new Uint8Array(0));
}

/**
 * Pages the block's own memory uses when it traps on `unreachable` at half its declared maximum or
 * more, else 0. AssemblyScript (built with `--use abort=`) traps exactly so when `memory.grow` fails,
 * and the failed request may have been up to half the limit, so this is where an out-of-memory trap
 * is told apart from other crashes.
 */
function exhaustedPages(p, err) {
  const mem = p.instance.exports.memory;
  if (!(mem instanceof WebAssembly.Memory) || !p.memoryMaxPages || !(err instanceof WebAssembly.RuntimeError))
    return 0;
  if (!/unreachable/.test(err.message)) return 0;
  const pages = mem.buffer.byteLength / 65536;
  return pages * 2 >= p.memoryMaxPages ? pages : 0;
}

async function call() {
  const slot = Atomics.load(ctrl, C.SLOT);
  const maxOut = Atomics.load(ctrl, C.MAX_OUT);
  const p = plugins.get(slot);
  const input = readPayload();
  if (!p) return respond(OP.R_NOT_LOADED, new Uint8Array(0));
  let out;
  try {
    out = await p.plugin.call(p.entry, input);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const prefix = 'Plugin-originated error: ';
    if (text.startsWith(prefix)) {
      // The block reported an error itself (ABI: JSON { code, message, retryable? }). The host
      // validates it; the instance is still sound.
      return respond(OP.R_ERR, enc.encode(JSON.stringify({ blockError: text.slice(prefix.length) })));
    }
    // A trap or a host-side failure: the instance may be mid-way through anything. Drop it.
    plugins.delete(slot);
    if (/memory limit exceeded/i.test(text))
      return respondError('LIMIT_EXCEEDED', `block exceeded its memory limit (${text})`);
    const pages = exhaustedPages(p, err);
    if (pages > 0) {
      const mib = (n) => `${(n / 16).toFixed(1)} MiB`;
      return respondError(
        'LIMIT_EXCEEDED',
        `block ran out of memory: it trapped using ${mib(pages)} of its ${mib(p.memoryMaxPages)} limit (${text})`,
      );
    }
    if (err instanceof RangeError && /call stack/i.test(text)) {
      return respondError('BLOCK_ERROR', `block exceeded the call stack (deep recursion): ${text}`);
    }
    return respond(OP.R_ERR, enc.encode(JSON.stringify({ trap: text })));
  }
  const bytes = out ? out.bytes() : new Uint8Array(0);
  if (bytes.byteLength > maxOut) {
    return respondError(
      'LIMIT_EXCEEDED',
      `block output is ${bytes.byteLength} bytes, over its limit of ${maxOut} bytes`,
    );
  }
  respond(OP.R_OK, bytes);
}

async function code() {
  await codeHost.init();
  const req = JSON.parse(dec.decode(readPayload()));
  const timeoutMs = Atomics.load(ctrl, C.TIMEOUT_MS);
  const maxOut = Atomics.load(ctrl, C.MAX_OUT);
  const result = codeHost.run(req, { timeoutMs, maxOutputBytes: maxOut, log });
  Atomics.store(ctrl, C.WARM, codeHost.lastCallWarm() ? 1 : 0);
  if (result.ok) respond(OP.R_OK, enc.encode(`{"output":${result.json}}`));
  else respondError(result.code, result.message);
  // Answered: dispose this call's context and make the next one while no one waits on this worker
  // (a request that arrives meanwhile stops the preparation).
  codeHost.finish(() => Atomics.load(ctrl, C.REQ_SEQ) !== seq);
}

async function main() {
  respond(OP.R_READY, new Uint8Array(0));
  for (;;) {
    waitForRequest();
    const op = Atomics.load(ctrl, C.OP);
    log = cappedLog(post);
    try {
      if (op === OP.CALL) await call();
      else if (op === OP.CODE) await code();
      else if (op === OP.LOAD) await load();
      else if (op === OP.UNLOAD) {
        plugins.delete(Atomics.load(ctrl, C.SLOT));
        respond(OP.R_OK, new Uint8Array(0));
      } else respondError('BLOCK_ERROR', `sandbox protocol: unexpected op ${op}`);
    } catch (err) {
      respondError('BLOCK_ERROR', err instanceof Error ? err.message : String(err));
    }
  }
}

await main();
