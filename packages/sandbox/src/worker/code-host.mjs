// The `code` built-in: QuickJS (quickjs-emscripten, itself WebAssembly) with a memory limit, a stack
// limit, an interrupt handler for the time limit, and only `console` and `setTimeout`/`clearTimeout`
// from the host. One runtime per host is reused; every call gets a fresh context so no state leaks
// from one step (or workflow) to the next.
//
// Two kinds of host share this file (`createCodeHost`):
// - a block worker's (block-worker.mjs): runs any call to its end, sleeping in `Atomics.wait` for
//   timers;
// - the main thread's ("inline", runner.ts): QuickJS is a sandbox of its own, so a short call runs
//   where the step is, without the hop to a worker and back. It never blocks the event loop for
//   long: a call that needs more than `inline.sliceMs`, more than `inline.memoryBytes`, or a timer
//   that is not due yet is stopped and answered `{ defer }`; the runner then runs it again, from the
//   start, in a worker (the code has no host access, so the first attempt left no trace but its log
//   lines, which the runner drops).
//
// Where a call's time goes (measured on the 2-core dev machine): a new context (QuickJS's
// intrinsics, our host functions) is ~150–250 µs of WebAssembly, compiling the driver ~80–170 µs, the
// first calls and JSON use in a context tens of µs, evaluating a small module ~20 µs; the call
// itself a few µs when the CPU's caches are warm, but 5–10× that when it comes a few ms after the
// last one on a busy machine (caches gone cold). So none of the fixed work is done while a caller
// waits:
// - after answering, the host disposes the used context and makes the NEXT call's context while it
//   would otherwise sit idle (`finish`);
// - for the sources it ran last (PREPARED_MAX of them), that context already holds the module
//   evaluated, the driver compiled, warmed up and bound to the module's default export ("prepared");
//   inline, a source run warm keeps a stock of STOCK such contexts, so most warm calls leave nothing
//   to do after them and schedule nothing:
//   a warm call is one call into QuickJS with one string, made through QuickJS's C functions
//   (`directCalls`) rather than quickjs-emscripten's handle objects, whose JavaScript alone costs
//   tens of µs once caches are cold.
// Calls back to back find no context ready: the call's context is made while its caller waits, but
// the driver is not compiled in it — the host does the driver's steps itself (`runPlain`, with
// `plainCalls` in code-direct.mjs), which made such calls ~40% faster (~450 → ~260 µs).
// A prepared context is used once, for one call, then disposed: globals, prototypes and module
// state are as fresh as if the module were evaluated at call time. Preparing runs the module's
// top-level code early; a module whose top level logs, sets timers, awaits, throws or takes longer
// than the preparation budget is not prepared (its calls evaluate it at call time), and in a
// worker a request that arrives meanwhile interrupts the preparation.
//
// A call that runs out of memory can leave QuickJS holding objects it cannot free, and freeing that
// runtime then fails an assertion ("Aborted(Assertion failed: list_empty(&rt->gc_obj_list)…
// JS_FreeRuntime)"). So after a memory failure the whole QuickJS instance (its WebAssembly memory
// with every runtime in it) is dropped unfreed — the garbage collector reclaims it — and the next
// call loads a fresh one.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { directCalls } from './code-direct.mjs';

/** Sources with prepared contexts (the least recently run is dropped first). */
const PREPARED_MAX = 4;
/**
 * Inline, a source whose prepared context was used keeps this many prepared: a warm call that leaves
 * some needs no work after it, so it schedules none (the `setImmediate` alone costs ~10 µs when a
 * call comes after a pause); the call that takes the last one has the stock refilled, one context per
 * idle turn. A worker keeps one (it prepares right after answering, with nothing to schedule).
 */
const STOCK = 4;
/** Inline, a call is stopped after this many slices of wall time even when the machine was busy. */
const MAX_SLICES = 10;

/**
 * quickjs-emscripten, loaded from this package's node_modules at run time — also when this file is
 * bundled into the built CLI (scripts/build-cli.mjs turns `import.meta.url` into this source file's
 * URL): bundled, QuickJS would look for its .wasm beside the bundle.
 * @returns {Promise<typeof import('quickjs-emscripten')>}
 */
async function importQuickJS() {
  const entry = createRequire(import.meta.url).resolve('quickjs-emscripten');
  const mod = await import(pathToFileURL(entry).href);
  return typeof mod.newQuickJSWASMModule === 'function' ? mod : mod.default;
}

/** CPU time this process has used, ms (all threads). */
function processCpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
/** A worker's budget for a module's top-level code when preparing it. */
const WORKER_PREPARE_BUDGET_MS = 50;

// The driver of every call, compiled before the user's module runs, so it holds the real JSON and
// Promise even if the module replaces them. It evaluates to `bind(ns)`: given the module's namespace
// (or, for a module with top-level await, a promise of it), it returns the call function, which takes
// the input's JSON text and returns the output's JSON text, or a promise of it. A prepared context
// keeps the call function, so a warm call is one call with one string. A spare or prepared context
// also makes one call of its own (WARM_UP_NS): the first calls and JSON use in a new context cost
// more than the next ones, paid while idle, not while a caller waits.
//
// The driver is compiled while idle (in a spare or prepared context) — or, where the host cannot read
// a JSValue's tag (`direct.plain` undefined), in a context made at call time — and written short
// (QuickJS compiles a few bytes per µs). A context made at call time otherwise has no driver: the
// host takes its steps (`runPlain`), with the same answers (code-host.test.ts).
//
// Inline, an output that is an object (not a promise) is returned as it is, not as JSON text
// (`walkable`, set by `bind`; a worker sends JSON text anyway): the host reads it through QuickJS's C
// functions and memory (`walk` in code-direct.mjs) into the value `JSON.parse` of its text would
// give when it is a small tree of plain objects (prototype Object.prototype, no `toJSON`, no
// `__proto__` key, at most 64 members) whose leaves are strings, numbers, booleans, null or
// undefined — the host tells that as it reads (class, prototype and property names are in the
// object's shape), so a warm call runs no check in QuickJS. Anything else goes back to the driver's
// call function with a second argument, which answers its JSON text. After a pause, QuickJS's
// `JSON.stringify` and V8's `JSON.parse` of a small output cost ~20 and ~10 µs of cold caches, a
// check in QuickJS (for-in, getPrototypeOf) ~6, the reading a few. (A getter in a plain output runs
// once; twice when the output turns out not to be plain and goes through JSON.)
// Readable, it is:
//   const { parse, stringify } = JSON, P = Promise, then = P.prototype.then, resolve = P.resolve;
//   let walkable = false;
//   const serialize = (out) => {   // z
//     if (walkable && typeof out === 'object' && out !== null) return out;
//     const json = stringify(out === undefined ? null : out);
//     if (typeof json !== 'string') throw new TypeError('the code returned a value that is not JSON');
//     return json;
//   };
//   const bind = (ns, walks) => {   // b
//     walkable = walks === true;
//     // Given a second argument (`viaJson` in code-direct.mjs: an output the host does not read
//     // value by value), the call function returns its JSON text.
//     if (ns instanceof P) return (inputJson, part) => part ? stringify(part) : then.call(ns, (loaded) => bind(loaded, walks)(inputJson));
//     const fn = ns && ns.default;
//     if (typeof fn !== 'function') return () => { throw new TypeError('the code has no default …'); };
//     return (inputJson, part) => {
//       if (part) return stringify(part);
//       const out = fn(parse(inputJson));
//       return isThenable(out) ? then.call(resolve.call(P, out), serialize) : serialize(out);
//     };
//   };
//   return bind;
const RUN =
  "(()=>{const{parse:p,stringify:s}=JSON,P=Promise,t=P.prototype.then,R=P.resolve,T=TypeError;let w=!1;const z=o=>{if(w&&typeof o=='object'&&o!==null)return o;const j=s(o===void 0?null:o);if(typeof j!='string')throw new T('the code returned a value that is not JSON');return j},b=(n,v)=>{w=v===!0;if(n instanceof P)return(i,x)=>x?s(x):t.call(n,l=>b(l,v)(i));const f=n&&n.default;return typeof f!='function'?()=>{throw new T('the code has no default export function (write: export default (input) => …)')}:(i,x)=>{if(x)return s(x);const o=f(p(i));return o!==null&&(typeof o=='object'||typeof o=='function')&&typeof o.then=='function'?t.call(R.call(P,o),z):z(o)}};return b})()";

/** A module namespace-like object for the driver's warm-up call in a context being prepared. */
const WARM_UP_NS = '({ default: (input) => input })';
const WARM_UP_INPUT = '{"a":1,"b":"c","d":{"e":null,"f":1.5}}';

const TIMEOUT = { ok: false, code: 'TIMEOUT', message: 'code exceeded its time limit' };
const OUT_OF_MEMORY = { ok: false, code: 'LIMIT_EXCEEDED', message: 'code exceeded its memory limit' };

/**
 * A `code` host: one QuickJS instance, one runtime, the spare and prepared contexts.
 * @param {{ inline?: { sliceMs: number, memoryBytes: number } }} [opts] `inline`: run in the calling
 *   thread, never longer than `sliceMs` nor with more than `memoryBytes` (see the file comment).
 */
export function createCodeHost(opts = {}) {
  const inline = opts.inline;
  const prepareBudgetMs = inline ? inline.sliceMs : WORKER_PREPARE_BUDGET_MS;
  const sleeper = inline ? undefined : new Int32Array(new SharedArrayBuffer(4));

  /** @type {import('quickjs-emscripten').QuickJSWASMModule | undefined} */
  let qjs;
  /** @type {Promise<void> | undefined} */
  let loading;
  /** @type {ReturnType<typeof directCalls> | undefined} */
  let direct;
  /** @type {import('quickjs-emscripten').QuickJSRuntime | undefined} */
  let runtime;
  /** The limits last set on `runtime` (each setter is a call into WebAssembly: skipped when unchanged). */
  let runtimeMemory = NaN;
  let runtimeStack = NaN;
  const never = () => false;
  /** What the runtime's one interrupt handler asks: each call and each preparation sets its own. */
  let interrupt = never;
  /** A fresh context with the host functions installed and the driver compiled, for the next call (no user code has run in it). */
  let spare;
  /**
   * Prepared contexts by source, least recently run first: a stock `{ source, memoryBytes,
   * stackBytes, want, list }` of contexts `{ ctx, slot, call }`, each used once.
   */
  const prepared = new Map();
  /** The stock of the source run last (a repeat skips the lookup). */
  let hot;
  /** How many prepared contexts a source run warm keeps. */
  const stockSize = inline ? STOCK : 1;
  /** What calls left to dispose once their answers are out (contexts and handles), oldest first. */
  const used = [];
  /** The request of the last call that succeeded from a source with no stock: `finish` prepares it. */
  let toPrepare;
  /** Whether the last call ran in a prepared context. */
  let lastWarm = false;
  /** Where the last call ran: a prepared context, a spare (driver compiled), or one made for it (no driver). */
  let lastKind = 'prepared';
  /** QuickJS instances loaded so far (the first, and one after each memory failure). */
  let loads = 0;

  /** Loads QuickJS on the first `code` call: a worker that only runs WASM blocks never parses it. */
  async function init() {
    if (qjs) return;
    loading ??= (async () => {
      const { newQuickJSWASMModule } = await importQuickJS();
      const m = await newQuickJSWASMModule();
      loads++;
      direct = directCalls(m);
      qjs = m;
      if (inline) warmUp();
    })().finally(() => {
      loading = undefined;
    });
    await loading;
  }

  /**
   * WebAssembly functions are compiled when first called: the first calls into a new QuickJS take
   * milliseconds, which would push them past the main thread's slice. So a new instance runs a
   * call through both paths (evaluated at call time, then prepared) before it serves any.
   */
  function warmUp() {
    const req = {
      source:
        'export default async (input) => { await null; return { ...input, list: [1, "2"].map(String) }; }',
      input: { a: 1 },
      memoryBytes: Number.MAX_SAFE_INTEGER,
      stackBytes: 512 * 1024,
    };
    const opts = { timeoutMs: 10_000, maxOutputBytes: 1 << 20, log: () => undefined, unsliced: true };
    for (let i = 0; i < 2; i++) {
      run(req, opts);
      while (finish());
    }
    const stock = prepared.get(req.source);
    if (stock) dropStock(stock);
  }

  function theRuntime() {
    if (!runtime) {
      runtime = qjs.newRuntime();
      runtimeMemory = NaN;
      runtimeStack = NaN;
      runtime.setInterruptHandler(() => interrupt());
    }
    return runtime;
  }

  /** Sets the runtime's memory limit (-1: none). */
  function setMemory(bytes) {
    if (bytes === runtimeMemory) return;
    runtime.setMemoryLimit(bytes);
    runtimeMemory = bytes;
  }

  function setStack(bytes) {
    if (bytes === runtimeStack) return;
    runtime.setMaxStackSize(bytes);
    runtimeStack = bytes;
  }

  /** The memory a request runs with here. */
  const memoryOf = (req) => (inline ? Math.min(req.memoryBytes, inline.memoryBytes) : req.memoryBytes);

  /** Disposes a source's prepared contexts and forgets it. */
  function dropStock(stock) {
    prepared.delete(stock.source);
    if (hot === stock) hot = undefined;
    for (const p of stock.list) {
      p.call.dispose();
      p.ctx.dispose();
    }
    stock.list.length = 0;
  }

  /** Abandons the whole QuickJS instance unfreed (see the file comment); `init` loads a new one. */
  function dropInstance() {
    spare = undefined;
    prepared.clear();
    hot = undefined;
    used.length = 0;
    toPrepare = undefined;
    runtime = undefined;
    direct = undefined;
    qjs = undefined;
  }

  function describe(ctx, handle) {
    // Reading the error may need memory the code just used up: lift the limit (the next call sets it
    // again, and a runtime that ran out of memory is dropped).
    if (runtime) setMemory(-1);
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

  /** The driver's second argument: whether outputs may come back as values (see RUN). */
  function walks(ctx) {
    return inline && direct.walks ? ctx.true : ctx.false;
  }

  /** Whether the runtime's memory is (nearly) all used. */
  function memoryFull(rt, ctx, limit) {
    if (!ctx) return false;
    try {
      setMemory(-1);
      const h = rt.computeMemoryUsage();
      const usage = ctx.dump(h);
      h.dispose();
      setMemory(limit);
      return usage.memory_used_size >= 0.9 * limit;
    } catch {
      return false;
    }
  }

  /** A new context with `console`, `setTimeout` and `clearTimeout`, which act on `slot`'s call. */
  function makeContext(rt) {
    const slot = { log: () => undefined, timers: { nextId: 1, list: [] }, op: 0 };
    const ctx = rt.newContext();
    installHost(ctx, slot);
    // Read before any code runs in it: how the host tells a plain output (see `walk` in code-direct.mjs).
    if (inline && direct.walks) slot.op = direct.objectPrototype(ctx.ctx.value);
    return { rt, ctx, slot, run: undefined };
  }

  /** A spare context: `makeContext` with the driver compiled and warmed up in it (`run`). */
  function makeSpare(rt) {
    const base = makeContext(rt);
    const r = base.ctx.evalCode(RUN, 'weft-driver.js', { type: 'global' });
    if (r.error) {
      r.error.dispose();
      base.ctx.dispose();
      throw new Error('sandbox: the code driver did not compile');
    }
    if (!warmDriver(base.ctx, r.value, base.slot.op)) {
      r.value.dispose();
      base.ctx.dispose();
      throw new Error('sandbox: the code driver failed its warm-up call');
    }
    base.run = r.value;
    return base;
  }

  /**
   * After an answer is out: disposes what calls left, then makes the next calls' contexts while no
   * one waits: prepared ones (for the source just run when it succeeded, and to refill the stock of
   * a source run warm) and a plain spare. `pending()` says a new request has arrived: preparing
   * stops there. Inline, it does one context's worth of work per call (the event loop stays
   * responsive) and returns whether more is left (then the caller runs it again on a later turn).
   */
  function finish(pending = never) {
    if (inline) {
      if (used.length > 0) cleanup(used.shift());
    } else while (used.length > 0) cleanup(used.shift());
    if (!qjs) return false;
    try {
      if (toPrepare !== undefined) {
        const req = toPrepare;
        toPrepare = undefined;
        if (!pending() && !prepared.has(req.source)) newStock(req, pending);
        if (inline) return true;
      }
      if (hot !== undefined && prepared.has(hot.source)) {
        // The least recently run source is dropped first: the one run last goes to the end.
        prepared.delete(hot.source);
        prepared.set(hot.source, hot);
      }
      for (const stock of prepared.values()) {
        while (stock.list.length < stock.want && !pending()) {
          if (!addPrepared(stock, pending)) {
            if (pending()) break;
            // Its module cannot be prepared after all (it timed out, or the machine was busy): the
            // contexts it has are still good, but no more are made.
            stock.want = stock.list.length;
            if (stock.want === 0) dropStock(stock);
            break;
          }
          if (inline) return true;
        }
      }
      if (!spare && !pending()) spare = makeSpare(theRuntime());
    } catch {
      // Preparing is only a head start, but QuickJS failed in it: start afresh.
      dropInstance();
      return false;
    }
    return used.length > 0;
  }

  /** Whether `finish` has work to do (inline, a warm call that leaves some of its stock has none). */
  function needsFinish() {
    return (
      !lastWarm ||
      toPrepare !== undefined ||
      hot === undefined ||
      hot.list.length === 0 ||
      used.length >= stockSize
    );
  }

  /** A first call through the driver `run` in `ctx`, with a stand-in module; `false` if it failed. */
  function warmDriver(ctx, run, op) {
    const ns = ctx.evalCode(WARM_UP_NS, 'weft-warm-up.js', { type: 'global' });
    if (ns.error) {
      ns.error.dispose();
      return false;
    }
    const b = ctx.callFunction(run, ctx.undefined, ns.value, walks(ctx));
    ns.value.dispose();
    if (b.error) {
      b.error.dispose();
      return false;
    }
    const r = direct.call(ctx, ctx.ctx.value, b.value.value, op, WARM_UP_INPUT);
    b.value.dispose();
    if (typeof r === 'string' || r === direct) return true;
    if (r.error) r.error.dispose();
    if (r.promise) r.promise.dispose();
    return false;
  }

  /** Starts a stock for `req`'s source with one prepared context (none when its module cannot be prepared). */
  function newStock(req, pending) {
    const stock = {
      source: req.source,
      memoryBytes: req.memoryBytes,
      stackBytes: req.stackBytes,
      want: 1,
      list: [],
    };
    if (!addPrepared(stock, pending)) return;
    prepared.set(stock.source, stock);
    while (prepared.size > PREPARED_MAX) dropStock(prepared.values().next().value);
  }

  /**
   * Adds to `stock` a context with its module evaluated and the driver compiled and bound (see the
   * file comment); `false` when the module cannot be prepared (or a request arrived meanwhile).
   */
  function addPrepared(stock, pending) {
    const rt = theRuntime();
    setMemory(inline ? Math.min(stock.memoryBytes, inline.memoryBytes) : stock.memoryBytes);
    setStack(stock.stackBytes);
    const base = spare ?? makeContext(rt);
    spare = undefined;
    const { ctx, slot } = base;
    interrupt = pending;
    let quiet = true;
    slot.log = () => {
      quiet = false;
    };
    let ok = false;
    let ns;
    let run;
    let call;
    try {
      if (base.run) run = base.run;
      else {
        const r = ctx.evalCode(RUN, 'weft-driver.js', { type: 'global' });
        if (r.error) {
          r.error.dispose();
          return false;
        }
        run = r.value;
        if (pending() || !warmDriver(ctx, run, slot.op)) return false;
      }
      if (pending()) return false;
      const until = Date.now() + prepareBudgetMs;
      interrupt = () => pending() || Date.now() > until;
      const mod = ctx.evalCode(String(stock.source), 'code.js', { type: 'module' });
      if (mod.error) {
        mod.error.dispose();
        return false;
      }
      ns = mod.value;
      // A module with top-level await evaluates to a promise: only a plain namespace object is kept.
      const st = ctx.getPromiseState(ns);
      if (!st.notAPromise) {
        if (st.type === 'fulfilled') st.value.dispose();
        else if (st.type === 'rejected') st.error.dispose();
        return false;
      }
      if (!quiet || slot.timers.list.length > 0 || rt.hasPendingJob()) return false;
      const b = ctx.callFunction(run, ctx.undefined, ns, walks(ctx));
      if (b.error) {
        b.error.dispose();
        return false;
      }
      call = b.value;
      ok = true;
    } finally {
      interrupt = never;
      ns?.dispose();
      run?.dispose();
      if (!ok) {
        for (const t of slot.timers.list) t.fn.dispose();
        ctx.dispose();
      }
    }
    slot.log = () => undefined;
    // The pointers a warm call passes to QuickJS, read now (each handle's getter checks it is alive).
    stock.list.push({ ctx, slot, call, c: ctx.ctx.value, fn: call.value });
    return true;
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

  // The call in progress (a host runs one at a time, synchronously): what `callInterrupt` and the
  // answer helpers read. Host-level, not per-call closures: a warm call after a pause pays for
  // every object it allocates and every line of code it touches.
  let cStart = 0;
  let cDeadline = 0;
  /** The main thread's slice, ms (Infinity in a worker). */
  let cSlice = Infinity;
  /** When the interrupt handler next looks at the CPU time. */
  let cCheckAt = 0;
  /** The last window of wall and CPU time the interrupt handler measured (wall NaN: none yet). */
  let cWindowWall = NaN;
  let cWindowCpu = 0;
  let cInterrupted = false;
  let cSliced = false;
  let cMemoryWasFull = false;
  let cMeasuring = false;
  /** The call's memory limit here, and whether it is below the call's own (inline). */
  let cMemory = 0;
  let cMemoryCapped = false;
  /** Whether QuickJS is to be dropped (interrupted or out of memory: it may hold objects it cannot free). */
  let cDrop = false;
  /** The call's context (for the memory check at an interrupt). */
  let cCtx;

  // Inline, a call may use the CPU for a slice; one stopped before its own deadline is "go to a
  // worker" (`cSliced`), not "time is up". Wall time alone would misjudge a busy machine, where the
  // thread waits for a CPU: from half a slice on, each look at the clock also reads the process's
  // CPU time, and the call is stopped once it used at least half of the last window (or has had
  // MAX_SLICES slices of wall time).
  function callInterrupt() {
    if (cMeasuring) return false;
    if (cInterrupted) return true;
    const now = Date.now();
    if (now <= cCheckAt) return false;
    if (now < cDeadline) {
      if (now < cStart + cSlice * MAX_SLICES) {
        const cpu = processCpuMs();
        if (Number.isNaN(cWindowWall) || cpu - cWindowCpu < (now - cWindowWall) / 2) {
          cWindowWall = now;
          cWindowCpu = cpu;
          cCheckAt = Math.min(cDeadline, now + cSlice / 2);
          return false;
        }
      }
      cSliced = true;
    }
    cInterrupted = true;
    // Measured now, before the stack unwinds and frees it: a memory bomb near its limit spends its
    // time collecting garbage, and should say so rather than "timeout".
    cMeasuring = true;
    cMemoryWasFull = memoryFull(runtime, cCtx, cMemory);
    cMeasuring = false;
    return true;
  }

  function outOfMemory() {
    cDrop = true;
    return cMemoryCapped ? { defer: 'memory' } : OUT_OF_MEMORY;
  }

  /** Classifies a failure of the call in progress. */
  function fail(e) {
    if (cInterrupted || (e.name === 'InternalError' && e.message === 'interrupted')) {
      if (cMemoryWasFull) {
        // Near its memory limit QuickJS spends its time collecting garbage: that is a memory bomb.
        const r = outOfMemory();
        return r.defer
          ? r
          : { ...r, message: 'code exceeded its memory limit (it ran out of time collecting garbage)' };
      }
      cDrop = true;
      return cSliced ? { defer: 'time' } : TIMEOUT;
    }
    if (/out of memory/i.test(e.message)) return outOfMemory();
    return { ok: false, code: 'BLOCK_ERROR', message: e.message || e.name };
  }

  /** The call's thrown or rejected value `handle` → its answer (the handle is disposed). */
  function failWith(ctx, handle) {
    const e = describe(ctx, handle);
    handle.dispose();
    return fail(e);
  }

  /**
   * The output → the answer: `r` is its JSON text, of `bytes` UTF-8 bytes, or `direct` with the
   * output as a value and at least its text's length in `bytes`.
   */
  function done(r, bytes, maxOutputBytes) {
    let value;
    if (r === direct) {
      value = direct.value;
      // Its length was only bounded: the exact one decides.
      if (bytes > maxOutputBytes) bytes = Buffer.byteLength(JSON.stringify(value));
    }
    if (bytes > maxOutputBytes) {
      return {
        ok: false,
        code: 'LIMIT_EXCEEDED',
        message: `code output is ${bytes} bytes, over its limit of ${maxOutputBytes} bytes`,
      };
    }
    return r === direct ? { ok: true, value } : { ok: true, json: r };
  }

  /**
   * Leaves `job` (a call: its context and handles; `req` when it succeeded in a context made for
   * it) for `finish`, which disposes it once the answer is out (disposing a context costs about as
   * much as making one), then prepares the request's next calls.
   */
  function leave(job) {
    interrupt = never;
    if (cDrop) {
      // A dropped instance is let go at once, so the next call (even one already waiting) loads anew.
      dropInstance();
      return;
    }
    // A call that succeeded in a context made for it: its source is prepared next.
    if (job.req !== undefined && !lastWarm && !prepared.has(job.req.source)) toPrepare = job.req;
    used.push(job);
  }

  /** Disposes what a call left (see `leave`). */
  function cleanup(job) {
    if (!job.ctx) return;
    try {
      for (const t of job.timers.list) t.fn.dispose();
      job.timers.list.length = 0;
      job.promise?.dispose();
      job.callFn?.dispose();
      job.ns?.dispose();
      if (job.plain) direct.plain.free(job.c, job.plain);
      job.ctx.dispose();
    } catch {
      dropInstance();
    }
  }

  /**
   * Runs one `code` call synchronously (a worker is blocked meanwhile; inline, the event loop is,
   * for at most `inline.sliceMs`). Call `finish` once the answer is sent: it disposes this call's
   * context and prepares the next.
   * @returns {{ ok: true, json: string } | { ok: true, value: unknown } | { ok: false, code: string, message: string } | { defer: 'time' | 'memory' | 'timer' }}
   *   `json` is the output's JSON text, `value` the output itself (inline, a plain output: see RUN);
   *   `defer` (inline only) asks for the call to run in a worker.
   */
  function run(req, opts) {
    if (!qjs) return { ok: false, code: 'BLOCK_ERROR', message: 'sandbox: QuickJS is not initialised' };
    // Calls back to back (no idle turn between them): what the last ones left is disposed now.
    while (used.length >= stockSize) cleanup(used.shift());
    // QuickJS failed as it disposed of them and was dropped: inline, the call goes to a worker (with
    // all its time: it has not started).
    if (!qjs) {
      cStart = Date.now();
      if (inline) return { defer: 'time' };
      return { ok: false, code: 'BLOCK_ERROR', message: 'sandbox: QuickJS failed as it freed memory' };
    }
    const rt = theRuntime();
    const memory = memoryOf(req);
    setMemory(memory);
    setStack(req.stackBytes);
    cStart = Date.now();
    cDeadline = cStart + opts.timeoutMs;
    cSlice = inline && !opts.unsliced ? inline.sliceMs : Infinity;
    cCheckAt = Math.min(cDeadline, cStart + cSlice / 2);
    cWindowWall = NaN;
    cInterrupted = false;
    cSliced = false;
    cMemoryWasFull = false;
    cMemory = memory;
    cMemoryCapped = memory < req.memoryBytes;
    cDrop = false;
    cCtx = undefined;
    interrupt = callInterrupt;
    let stock = hot;
    if (stock === undefined || stock.source !== req.source) stock = prepared.get(req.source);
    // Prepared under other limits (another runner's): not this call's.
    if (
      stock !== undefined &&
      stock.list.length > 0 &&
      stock.memoryBytes === req.memoryBytes &&
      stock.stackBytes === req.stackBytes
    ) {
      // Warm: the module is evaluated in this (never used) context; only the function runs now. The
      // context prepared last is taken: its memory is the likeliest still in the CPU's caches.
      const found = stock.list.pop();
      hot = stock;
      stock.want = stockSize;
      lastWarm = true;
      lastKind = 'prepared';
      const { ctx, slot } = found;
      cCtx = ctx;
      slot.log = opts.log;
      return settle(
        {
          req,
          ctx,
          c: found.c,
          fn: found.fn,
          op: slot.op,
          callFn: found.call,
          promise: undefined,
          timers: slot.timers,
        },
        opts,
      );
    }
    lastWarm = false;
    const fresh = spare?.rt === rt ? spare : undefined;
    spare = undefined;
    lastKind = fresh ? 'spare' : 'made';
    if (!fresh && direct.plain) return runPlain(req, opts, rt);
    let ctx;
    let timers;
    let d;
    let callFn;
    let op = 0;
    try {
      if (fresh) {
        // A spare: the driver is compiled in it already.
        ({ ctx } = fresh);
        fresh.slot.log = opts.log;
        timers = fresh.slot.timers;
        op = fresh.slot.op;
        d = { value: fresh.run };
      } else {
        ctx = rt.newContext();
        timers = { nextId: 1, list: [] };
        installHost(ctx, { log: opts.log, timers });
      }
      cCtx = ctx;
      if (!d) {
        d = ctx.evalCode(RUN, 'weft-driver.js', { type: 'global' });
        if (d.error) {
          const a = failWith(ctx, d.error);
          d = undefined;
          return a;
        }
      }
      const mod = ctx.evalCode(String(req.source), 'code.js', { type: 'module' });
      if (mod.error) return failWith(ctx, mod.error);
      const b = ctx.callFunction(d.value, ctx.undefined, mod.value, walks(ctx));
      mod.value.dispose();
      if (b.error) return failWith(ctx, b.error);
      callFn = b.value;
    } catch (err) {
      return quickJSFailed(err);
    } finally {
      d?.value?.dispose();
      if (!callFn) leave({ req: undefined, ctx, callFn, promise: undefined, timers: timers ?? { list: [] } });
    }
    return settle(
      { req, ctx, c: ctx.ctx.value, fn: callFn.value, op, callFn, promise: undefined, timers },
      opts,
    );
  }

  /**
   * A call in a context made while the caller waits (no spare: calls back to back), without the
   * driver: compiling it would cost more than the rest of the call, so the host does its steps
   * (`direct.plain`, code-direct.mjs) with the context's own intrinsics, read before the module runs.
   */
  function runPlain(req, opts, rt) {
    const timers = { nextId: 1, list: [] };
    const job = {
      req,
      ctx: undefined,
      c: 0,
      fn: 0,
      callFn: undefined,
      promise: undefined,
      timers,
      plain: undefined,
      ns: undefined,
      loading: false,
    };
    try {
      const ctx = rt.newContext();
      job.ctx = ctx;
      job.c = ctx.ctx.value;
      cCtx = ctx;
      installHost(ctx, { log: opts.log, timers });
      job.plain = direct.plain.intrinsics(job.c);
      const mod = ctx.evalCode(String(req.source), 'code.js', { type: 'module' });
      if (mod.error) {
        job.req = undefined;
        const a = failWith(ctx, mod.error);
        leave(job);
        return a;
      }
      job.ns = mod.value;
      // A module with top-level await is a promise of its namespace: the call waits for it.
      job.loading = direct.plain.isPromise(job.c, job.ns.value);
    } catch (err) {
      job.req = undefined;
      const a = quickJSFailed(err);
      leave(job);
      return a;
    }
    return settle(job, opts);
  }

  /** The call of a `runPlain` job on the module's namespace `ns` (a JSValue pointer). */
  function callPlain(job, ns, input) {
    const r = direct.plain.call(job.ctx, job.c, job.plain, ns, input);
    return typeof r === 'object' && 'fail' in r ? { ok: false, code: 'BLOCK_ERROR', message: r.fail } : r;
  }

  /** QuickJS itself failed (typically out of memory while the host was reading a value). */
  function quickJSFailed(err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/memory/i.test(message)) return outOfMemory();
    cDrop = true;
    if (cInterrupted) return cSliced ? { defer: 'time' } : TIMEOUT;
    return { ok: false, code: 'BLOCK_ERROR', message };
  }

  /** The call itself: `job.callFn(input)` in `job.ctx`, then its promise (if any) settled. */
  function settle(job, opts) {
    const { req, ctx } = job;
    let succeeded = false;
    try {
      const input = req.inputJson ?? JSON.stringify(req.input ?? null);
      const r =
        job.plain === undefined
          ? direct.call(ctx, job.c, job.fn, job.op, input)
          : job.loading
            ? { promise: job.ns.dup() }
            : callPlain(job, job.ns.value, input);
      if (typeof r === 'string' || r === direct) {
        const a = done(r, direct.bytes, opts.maxOutputBytes);
        succeeded = a.ok;
        return a;
      }
      if ('ok' in r) return r;
      if (r.error) return failWith(ctx, r.error);
      job.promise = r.promise;
      const a = settlePromise(job, opts.maxOutputBytes, input);
      succeeded = a.ok === true;
      return a;
    } catch (err) {
      return quickJSFailed(err);
    } finally {
      if (!succeeded) job.req = undefined;
      leave(job);
    }
  }

  /**
   * Runs jobs and due timers until the call's promise settles (`input`: the input's JSON text, for a
   * `runPlain` call still waiting for its module).
   */
  function settlePromise(job, maxOutputBytes, input) {
    const { ctx, timers } = job;
    const rt = runtime;
    for (;;) {
      const jobs = rt.executePendingJobs();
      if (jobs.error) return failWith(ctx, jobs.error);
      const state = ctx.getPromiseState(job.promise);
      if (state.type === 'fulfilled' && job.loading) {
        // The module's namespace: now the call itself.
        job.loading = false;
        job.promise.dispose();
        job.promise = undefined;
        const r = callPlain(job, state.value.value, input);
        state.value.dispose();
        if (typeof r === 'string') return done(r, direct.bytes, maxOutputBytes);
        if ('ok' in r) return r;
        if (r.error) return failWith(ctx, r.error);
        job.promise = r.promise;
        continue;
      }
      if (state.type === 'fulfilled') {
        const r =
          job.plain === undefined
            ? direct.settled(ctx, job.fn, job.op, state.value)
            : direct.plain.settled(ctx, job.plain, state.value);
        if (typeof r === 'object' && 'error' in r) return failWith(ctx, r.error);
        if (typeof r === 'object' && 'fail' in r) return { ok: false, code: 'BLOCK_ERROR', message: r.fail };
        return done(r, direct.bytes, maxOutputBytes);
      }
      if (state.type === 'rejected') return failWith(ctx, state.error);
      if (cInterrupted) return fail({ name: 'InternalError', message: 'interrupted' });
      timers.list.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.list[0];
      if (!next)
        return {
          ok: false,
          code: 'BLOCK_ERROR',
          message: 'the promise returned by the code never settles (nothing left to wait for)',
        };
      if (next.at > cDeadline) {
        cDrop = true;
        return { ok: false, code: 'TIMEOUT', message: 'code exceeded its time limit (waiting on a timer)' };
      }
      const wait = next.at - Date.now();
      // The main thread never sleeps: a timer that is not due yet sends the call to a worker.
      if (wait > 0 && !sleeper) return { defer: 'timer' };
      timers.list.shift();
      if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
      const r = ctx.callFunction(next.fn, ctx.undefined);
      next.fn.dispose();
      if (r.error) return failWith(ctx, r.error);
      r.value.dispose();
    }
  }
  return {
    init,
    /** Whether QuickJS is loaded (`run` needs it; `init` loads it). */
    ready: () => qjs !== undefined,
    run,
    finish,
    needsFinish,
    lastCallWarm: () => lastWarm,
    lastCallKind: () => lastKind,
    lastStart: () => cStart,
    /** QuickJS instances loaded so far: 1, plus one per memory failure. */
    loads: () => loads,
    /** Drops everything (the host is not used again, or `init` reloads). */
    close() {
      dropInstance();
    },
  };
}
