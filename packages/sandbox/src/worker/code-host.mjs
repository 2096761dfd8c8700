// The `code` built-in inside a block worker: QuickJS (quickjs-emscripten, itself WebAssembly) with a
// memory limit, a stack limit, an interrupt handler for the time limit, and only `console` and
// `setTimeout`/`clearTimeout` from the host. One runtime per worker is reused; every call gets a fresh
// context so no state leaks from one step (or workflow) to the next. Creating a context (QuickJS's
// intrinsics, our host functions) is most of a call's cost, so the worker makes the NEXT call's
// context right after answering (`prepareCode`), while it would otherwise sit idle: a warm call only
// evaluates the module. A prepared context is used once, for one call, then disposed.
import { getQuickJS } from 'quickjs-emscripten';

/** @type {import('quickjs-emscripten').QuickJSWASMModule | undefined} */
let qjs;
/** @type {import('quickjs-emscripten').QuickJSRuntime | undefined} */
let runtime;
/** A fresh context with the host functions installed, for the next call (never used yet). */
let spare;

export async function initCode() {
  qjs ??= await getQuickJS();
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

function dropRuntime() {
  try {
    spare?.ctx.dispose();
  } catch {
    // abandoned with its runtime
  }
  spare = undefined;
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

/** Make the next call's fresh context now, while the worker is idle (after it has answered). */
export function prepareCode() {
  if (!qjs || spare) return;
  try {
    runtime ??= qjs.newRuntime();
    runtime.setMemoryLimit(-1);
    spare = makeContext(runtime);
  } catch {
    spare = undefined;
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
 * @returns {{ ok: true, json: string } | { ok: false, code: string, message: string }}
 */
export function runCode(req, { timeoutMs, maxOutputBytes, log }) {
  if (!qjs) return { ok: false, code: 'BLOCK_ERROR', message: 'sandbox: QuickJS is not initialised' };
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
  const prepared = spare?.rt === rt ? spare : undefined;
  spare = undefined;
  let ctx;
  let fatal = false;
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
  try {
    if (prepared) {
      ctx = prepared.ctx;
      prepared.slot.log = log;
      prepared.slot.timers = timers;
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
    const promise = started.value;
    try {
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
          if (Buffer.byteLength(json) > maxOutputBytes) {
            return {
              ok: false,
              code: 'LIMIT_EXCEEDED',
              message: `code output is ${Buffer.byteLength(json)} bytes, over its limit of ${maxOutputBytes} bytes`,
            };
          }
          return { ok: true, json: `{"output":${json}}` };
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
    } finally {
      promise.dispose();
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
    for (const t of timers.list) t.fn.dispose();
    timers.list.length = 0;
    try {
      ctx?.dispose();
    } catch {
      fatal = true;
    }
    if (fatal) dropRuntime();
  }
}
