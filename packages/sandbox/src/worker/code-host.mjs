// The `code` built-in inside a block worker: QuickJS (quickjs-emscripten, itself WebAssembly) with a
// memory limit, a stack limit, an interrupt handler for the time limit, and only `console` and
// `setTimeout`/`clearTimeout` from the host. One runtime per worker is reused; every call gets a fresh
// context so no state leaks from one step (or workflow) to the next.
//
// Where a call's time goes: a new context (QuickJS's intrinsics, our host functions) is ~1 ms of
// WebAssembly, evaluating the module a few hundred µs, disposing the context as much again; running
// the function itself is a few µs. So none of that is done while a caller waits:
// - after answering, the worker disposes the used context and makes the NEXT call's context while it
//   would otherwise sit idle (`finishCode`);
// - for the sources it ran last (PREPARED_MAX of them), that context already holds the module
//   evaluated and a driver function compiled ("prepared"): a warm call is one `callFunction`.
// A prepared context is used once, for one call, then disposed: globals, prototypes and module
// state are as fresh as if the module were evaluated at call time. Preparing runs the module's
// top-level code early; a module whose top level logs, sets timers, awaits, throws or takes longer
// than PREPARE_BUDGET_MS is not prepared (its calls evaluate it at call time, as before), and a
// request that arrives meanwhile interrupts the preparation.

/** @type {import('quickjs-emscripten').QuickJSWASMModule | undefined} */
let qjs;
/** @type {import('quickjs-emscripten').QuickJSRuntime | undefined} */
let runtime;
/** A fresh context with the host functions installed, for the next call (never used yet). */
let spare;
/** Prepared contexts by `keyOf(request)`, oldest first: { rt, ctx, slot, ns, run }. */
const prepared = new Map();
const PREPARED_MAX = 4;
/** Top-level code that needs longer than this is evaluated at call time instead. */
const PREPARE_BUDGET_MS = 50;
/** What the last call left to do once its answer is out: dispose, then prepare. */
let after;
/** Whether the last call ran in a prepared context. */
let lastWarm = false;

export const lastCallWarm = () => lastWarm;

/** Loads QuickJS on the first `code` call: a worker that only runs WASM blocks never parses it. */
export async function initCode() {
  if (qjs) return;
  const { getQuickJS } = await import('quickjs-emscripten');
  qjs = await getQuickJS();
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const DRIVER = `(async () => {
  const ns = await globalThis.__weft_ns;
  const input = JSON.parse(globalThis.__weft_input);
  delete globalThis.__weft_ns; delete globalThis.__weft_input;
  const fn = ns && ns.default;
  if (typeof fn !== 'function') throw new TypeError('the code has no default export function (write: export default (input) => …)');
  const out = await fn(input);
  const json = JSON.stringify(out === undefined ? null : out);
  if (typeof json !== 'string') throw new TypeError('the code returned a value that is not JSON');
  return json;
})()`;

// The driver of a prepared context, compiled before the user's module runs, so it holds the real
// JSON and Promise even if the module replaces them. Returns the output's JSON text, or a promise of it.
const RUN = `(() => {
  const { parse, stringify } = JSON;
  const P = Promise;
  const then = P.prototype.then;
  const serialize = (out) => {
    const json = stringify(out === undefined ? null : out);
    if (typeof json !== 'string') throw new TypeError('the code returned a value that is not JSON');
    return json;
  };
  return (ns, inputJson) => {
    const fn = ns && ns.default;
    if (typeof fn !== 'function') throw new TypeError('the code has no default export function (write: export default (input) => …)');
    const out = fn(parse(inputJson));
    if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function')
      return then.call(P.resolve(out), serialize);
    return serialize(out);
  };
})()`;

/** Key of the prepared context a request can use: same source, same limits. */
const keyOf = (req) => `${req.memoryBytes}:${req.stackBytes}:${req.source}`;

function disposePrepared(p) {
  p.ns.dispose();
  p.run.dispose();
  p.ctx.dispose();
}

function dropRuntime() {
  try {
    spare?.ctx.dispose();
    for (const p of prepared.values()) disposePrepared(p);
  } catch {
    // abandoned with its runtime
  }
  spare = undefined;
  prepared.clear();
  try {
    runtime?.dispose();
  } catch {
    // A runtime that ran out of memory may not dispose cleanly; it is abandoned either way.
  }
  runtime = undefined;
}

function describe(ctx, handle) {
  // Reading the error may need memory the code just used up: lift the limit (the next call sets it
  // again, and a runtime that ran out of memory is dropped).
  runtime?.setMemoryLimit(-1);
  let v;
  try {
    v = ctx.dump(handle);
  } catch {
    return { name: 'Error', message: 'the code threw a value that cannot be read' };
  }
  if (v === null || v === undefined) return { name: 'Error', message: `the code threw ${v}` };
  if (typeof v === 'object' && 'message' in v)
    return { name: String(v.name ?? 'Error'), message: String(v.message) };
  return { name: 'Error', message: typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)) };
}

/** Whether the runtime's memory is (nearly) all used. */
function memoryFull(rt, ctx, limit) {
  if (!ctx) return false;
  try {
    rt.setMemoryLimit(-1);
    const h = rt.computeMemoryUsage();
    const usage = ctx.dump(h);
    h.dispose();
    rt.setMemoryLimit(limit);
    return usage.memory_used_size >= 0.9 * limit;
  } catch {
    return false;
  }
}

function classify(err, interrupted) {
  if (interrupted || (err.name === 'InternalError' && err.message === 'interrupted')) {
    return { ok: false, code: 'TIMEOUT', message: 'code exceeded its time limit' };
  }
  if (/out of memory/i.test(err.message))
    return { ok: false, code: 'LIMIT_EXCEEDED', message: 'code exceeded its memory limit' };
  return { ok: false, code: 'BLOCK_ERROR', message: err.message || err.name };
}

/** A new context with `console`, `setTimeout` and `clearTimeout`, which act on `slot`'s call. */
function makeContext(rt) {
  const slot = { log: () => undefined, timers: { nextId: 1, list: [] } };
  const ctx = rt.newContext();
  installHost(ctx, slot);
  return { rt, ctx, slot };
}

/**
 * After an answer is out: disposes the last call's context, then makes the next call's context while
 * no one waits: a prepared one for the source just run (when it succeeded) and a plain spare.
 * `pending()` says a new request has arrived: preparing stops there.
 */
export function finishCode(pending) {
  const job = after;
  after = undefined;
  job?.cleanup();
  if (!qjs) return;
  try {
    if (job?.req && !pending()) prepare(job.req, pending);
    if (!spare && !pending()) {
      runtime ??= qjs.newRuntime();
      runtime.setMemoryLimit(-1);
      spare = makeContext(runtime);
    }
  } catch {
    // Preparing is only a head start; the call does the work itself.
  }
}

/** Makes a context with `req`'s module evaluated and the driver compiled (see the file comment). */
function prepare(req, pending) {
  const key = keyOf(req);
  if (prepared.has(key)) return;
  runtime ??= qjs.newRuntime();
  const rt = runtime;
  rt.setMemoryLimit(-1);
  const base = spare ?? makeContext(rt);
  spare = undefined;
  const { ctx, slot } = base;
  let quiet = true;
  slot.log = () => {
    quiet = false;
  };
  let ok = false;
  let ns;
  let run;
  try {
    const r = ctx.evalCode(RUN, 'weft-driver.js', { type: 'global' });
    if (r.error) return r.error.dispose();
    run = r.value;
    if (pending()) return;
    const until = Date.now() + PREPARE_BUDGET_MS;
    rt.setMemoryLimit(req.memoryBytes);
    rt.setMaxStackSize(req.stackBytes);
    rt.setInterruptHandler(() => pending() || Date.now() > until);
    const mod = ctx.evalCode(String(req.source), 'code.js', { type: 'module' });
    rt.setMemoryLimit(-1);
    if (mod.error) return mod.error.dispose();
    ns = mod.value;
    // A module with top-level await evaluates to a promise: only a plain namespace object is kept.
    const st = ctx.getPromiseState(ns);
    if (!st.notAPromise) {
      if (st.type === 'fulfilled') st.value.dispose();
      else if (st.type === 'rejected') st.error.dispose();
      return;
    }
    ok = quiet && slot.timers.list.length === 0 && !rt.hasPendingJob();
  } finally {
    rt.setMemoryLimit(-1);
    if (!ok) {
      for (const t of slot.timers.list) t.fn.dispose();
      ns?.dispose();
      run?.dispose();
      ctx.dispose();
    }
  }
  slot.log = () => undefined;
  prepared.set(key, { rt, ctx, slot, ns, run });
  while (prepared.size > PREPARED_MAX) {
    const [oldest, p] = prepared.entries().next().value;
    prepared.delete(oldest);
    disposePrepared(p);
  }
}

function installHost(ctx, slot) {
  const con = ctx.newObject();
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const fn = ctx.newFunction(level, (...args) => {
      const parts = args.map((a) => {
        const t = ctx.typeof(a);
        if (t === 'string') return ctx.getString(a);
        try {
          const v = ctx.dump(a);
          return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
        } catch {
          return `[${t}]`;
        }
      });
      slot.log(level === 'log' ? 'info' : level, parts.join(' '));
    });
    ctx.setProp(con, level, fn);
    fn.dispose();
  }
  ctx.setProp(ctx.global, 'console', con);
  con.dispose();

  const st = ctx.newFunction('setTimeout', (fnHandle, msHandle) => {
    if (!fnHandle || ctx.typeof(fnHandle) !== 'function') return ctx.newNumber(0);
    const ms = msHandle ? Number(ctx.getNumber(msHandle)) || 0 : 0;
    const id = slot.timers.nextId++;
    slot.timers.list.push({ id, at: Date.now() + Math.max(0, ms), seq: id, fn: fnHandle.dup() });
    return ctx.newNumber(id);
  });
  ctx.setProp(ctx.global, 'setTimeout', st);
  st.dispose();
  const ct = ctx.newFunction('clearTimeout', (idHandle) => {
    const id = idHandle ? ctx.getNumber(idHandle) : 0;
    const i = slot.timers.list.findIndex((t) => t.id === id);
    if (i >= 0) slot.timers.list.splice(i, 1)[0].fn.dispose();
  });
  ctx.setProp(ctx.global, 'clearTimeout', ct);
  ct.dispose();
}

/**
 * Runs one `code` step synchronously (the worker is blocked meanwhile; the main thread is not).
 * Call `finishCode` once the answer is sent: it disposes this call's context.
 * @returns {{ ok: true, json: string } | { ok: false, code: string, message: string }}
 */
export function runCode(req, { timeoutMs, maxOutputBytes, log }) {
  if (!qjs) return { ok: false, code: 'BLOCK_ERROR', message: 'sandbox: QuickJS is not initialised' };
  if (after) finishCode(() => true);
  const deadline = Date.now() + timeoutMs;
  runtime ??= qjs.newRuntime();
  const rt = runtime;
  rt.setMemoryLimit(req.memoryBytes);
  rt.setMaxStackSize(req.stackBytes);
  let interrupted = false;
  let memoryWasFull = false;
  let measuring = false;
  rt.setInterruptHandler(() => {
    if (measuring) return false;
    if (!interrupted && Date.now() > deadline) {
      interrupted = true;
      // Measured now, before the stack unwinds and frees it: a memory bomb near its limit spends its
      // time collecting garbage, and should say so rather than "timeout".
      measuring = true;
      memoryWasFull = memoryFull(rt, ctx, req.memoryBytes);
      measuring = false;
    }
    return interrupted;
  });
  const timers = { nextId: 1, list: [] };
  const key = keyOf(req);
  const ready = prepared.get(key);
  if (ready) prepared.delete(key);
  lastWarm = ready !== undefined;
  const fresh = ready ? undefined : spare?.rt === rt ? spare : undefined;
  if (!ready) spare = undefined;
  let ctx;
  let fatal = false;
  let succeeded = false;
  /** Classifies a failure; a runtime that timed out or ran out of memory is not reused. */
  const fail = (e) => {
    let r = classify(e, interrupted);
    if (r.code === 'TIMEOUT' && memoryWasFull) {
      // Near its memory limit QuickJS spends its time collecting garbage: that is a memory bomb.
      r = {
        ok: false,
        code: 'LIMIT_EXCEEDED',
        message: 'code exceeded its memory limit (it ran out of time collecting garbage)',
      };
    }
    if (r.code !== 'BLOCK_ERROR') fatal = true;
    return r;
  };
  /** The output's JSON text → the answer. */
  const done = (json) => {
    if (Buffer.byteLength(json) > maxOutputBytes) {
      return {
        ok: false,
        code: 'LIMIT_EXCEEDED',
        message: `code output is ${Buffer.byteLength(json)} bytes, over its limit of ${maxOutputBytes} bytes`,
      };
    }
    succeeded = true;
    return { ok: true, json: `{"output":${json}}` };
  };
  let promise;
  try {
    if (ready) {
      // Warm: the module is evaluated in this (never used) context; only the function runs now.
      ctx = ready.ctx;
      ready.slot.log = log;
      ready.slot.timers = timers;
      const inputHandle = ctx.newString(JSON.stringify(req.input ?? null));
      const r = ctx.callFunction(ready.run, ctx.undefined, ready.ns, inputHandle);
      inputHandle.dispose();
      if (r.error) {
        const e = describe(ctx, r.error);
        r.error.dispose();
        return fail(e);
      }
      if (ctx.typeof(r.value) === 'string') {
        const json = ctx.getString(r.value);
        r.value.dispose();
        return done(json);
      }
      promise = r.value;
    } else {
      if (fresh) {
        ctx = fresh.ctx;
        fresh.slot.log = log;
        fresh.slot.timers = timers;
      } else {
        ctx = rt.newContext();
        installHost(ctx, { log, timers });
      }
      const mod = ctx.evalCode(String(req.source), 'code.js', { type: 'module' });
      if (mod.error) {
        const e = describe(ctx, mod.error);
        mod.error.dispose();
        return fail(e);
      }
      ctx.setProp(ctx.global, '__weft_ns', mod.value);
      mod.value.dispose();
      const inputHandle = ctx.newString(JSON.stringify(req.input ?? null));
      ctx.setProp(ctx.global, '__weft_input', inputHandle);
      inputHandle.dispose();
      const started = ctx.evalCode(DRIVER, 'weft-driver.js', { type: 'global' });
      if (started.error) {
        const e = describe(ctx, started.error);
        started.error.dispose();
        return fail(e);
      }
      promise = started.value;
    }
    for (;;) {
      const jobs = rt.executePendingJobs();
      if (jobs.error) {
        const e = describe(ctx, jobs.error);
        jobs.error.dispose();
        return fail(e);
      }
      const state = ctx.getPromiseState(promise);
      if (state.type === 'fulfilled') {
        const json = ctx.getString(state.value);
        state.value.dispose();
        return done(json);
      }
      if (state.type === 'rejected') {
        const e = describe(ctx, state.error);
        state.error.dispose();
        return fail(e);
      }
      if (interrupted) return fail({ name: 'InternalError', message: 'interrupted' });
      timers.list.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.list.shift();
      if (!next)
        return {
          ok: false,
          code: 'BLOCK_ERROR',
          message: 'the promise returned by the code never settles (nothing left to wait for)',
        };
      if (next.at > deadline) {
        next.fn.dispose();
        fatal = true;
        return { ok: false, code: 'TIMEOUT', message: 'code exceeded its time limit (waiting on a timer)' };
      }
      const wait = next.at - Date.now();
      if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
      const r = ctx.callFunction(next.fn, ctx.undefined);
      next.fn.dispose();
      if (r.error) {
        const e = describe(ctx, r.error);
        r.error.dispose();
        return fail(e);
      }
      r.value.dispose();
    }
  } catch (err) {
    // QuickJS itself failed (typically out of memory while the host was reading a value).
    fatal = true;
    const message = err instanceof Error ? err.message : String(err);
    return /memory/i.test(message)
      ? { ok: false, code: 'LIMIT_EXCEEDED', message: 'code exceeded its memory limit' }
      : {
          ok: false,
          code: interrupted ? 'TIMEOUT' : 'BLOCK_ERROR',
          message: interrupted ? 'code exceeded its time limit' : message,
        };
  } finally {
    // Disposing a context costs about as much as making one: done after the answer is out.
    const used = ctx;
    const leftover = promise;
    after = {
      req: succeeded && !fatal ? req : undefined,
      cleanup() {
        for (const t of timers.list) t.fn.dispose();
        timers.list.length = 0;
        try {
          leftover?.dispose();
          if (ready) {
            ready.ns.dispose();
            ready.run.dispose();
          }
          used?.dispose();
        } catch {
          fatal = true;
        }
        if (fatal) dropRuntime();
        else rt.setMemoryLimit(-1);
      },
    };
  }
}
