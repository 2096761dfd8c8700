// The hot path of a `code` call through QuickJS's C functions (code-host.mjs uses it for every call
// it runs; plain JS, like the rest of the worker).

/** Inputs up to this many bytes are written into one buffer kept in the WebAssembly heap. */
const KEPT_INPUT_BYTES = 64 * 1024;

/** Strings up to this many UTF-16 units are copied in and out by a loop when they are ASCII. */
const SHORT_TEXT = 256;

/**
 * The hot path of a call (input in, driver called, output read) straight through QuickJS's C
 * functions: quickjs-emscripten's handle objects cost a few µs on a warm CPU cache, but tens of µs
 * when a call comes after a pause (a step now and then): 53 against 10 µs for an empty call.
 * Values that need more than a glance (an error, a promise) are handed back as ordinary handles.
 *
 * On this 32-bit build a JSValue is NaN-boxed: 8 bytes, the tag in the high word. Where that holds
 * (checked on the module's own `undefined` and `true`), an exception or a string is told by
 * reading the tag, not by one more call into QuickJS each.
 * @param {import('quickjs-emscripten').QuickJSWASMModule} qjs
 */
export function directCalls(qjs) {
  const ffi = qjs.getFFI();
  /** The Emscripten module: `_malloc`, `_free` and the heap views (replaced when the heap grows). */
  const em = /** @type {any} */ (qjs).module;
  // The FFI's functions are Emscripten's lazy stubs, each one more JavaScript function on the way to
  // the WebAssembly export; once called, the module holds the export itself (see `bind`).
  let newString = ffi.QTS_NewString;
  let callFn = ffi.QTS_Call;
  let freeValue = ffi.QTS_FreeValuePointer;
  let getString = ffi.QTS_GetString;
  let freeCString = ffi.QTS_FreeCString;
  let bound = false;
  function bind() {
    bound = true;
    const exp = (name, stub) => (typeof em[name] === 'function' ? em[name] : stub);
    newString = exp('_QTS_NewString', newString);
    callFn = exp('_QTS_Call', callFn);
    freeValue = exp('_QTS_FreeValuePointer', freeValue);
    getString = exp('_QTS_GetString', getString);
    freeCString = exp('_QTS_FreeCString', freeCString);
  }
  const argv = em._malloc(4);
  /** QuickJS's `undefined` (a static JSValue): the `this` of every call. */
  const undefinedPtr = ffi.QTS_GetUndefined();
  let kept = 0;
  let keptBytes = 0;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const TAG_BOOL = 1;
  const TAG_UNDEFINED = 3;
  const TAG_EXCEPTION = 6;
  const TAG_STRING = -7;
  const tagOf = (ptr) => em.HEAP32[(ptr >> 2) + 1];
  const nanBoxed = (() => {
    const u = ffi.QTS_GetUndefined();
    const t = ffi.QTS_GetTrue();
    return (
      tagOf(u) === TAG_UNDEFINED &&
      em.HEAP32[u >> 2] === 0 &&
      tagOf(t) === TAG_BOOL &&
      em.HEAP32[t >> 2] === 1
    );
  })();
  /** The exception `value` (a pointer to a JSValue) is, or 0. */
  const exceptionOf = nanBoxed
    ? (c, value) => (tagOf(value) === TAG_EXCEPTION ? ffi.QTS_ResolveException(c, value) : 0)
    : (c, value) => ffi.QTS_ResolveException(c, value);

  /** Writes `text` and a 0 at `buf` (room for `need` bytes). */
  function write(text, buf, need) {
    const heap = em.HEAPU8;
    const n = text.length;
    if (n <= SHORT_TEXT) {
      let i = 0;
      for (; i < n; i++) {
        const u = text.charCodeAt(i);
        if (u > 0x7f) break;
        heap[buf + i] = u;
      }
      if (i === n) {
        heap[buf + n] = 0;
        return;
      }
    }
    const { written } = encoder.encodeInto(text, heap.subarray(buf, buf + need - 1));
    heap[buf + written] = 0;
  }

  /** The UTF-8 text from `ptr` up to its 0 (its length in bytes goes to `api.bytes`). */
  function read(ptr) {
    const heap = em.HEAPU8;
    let s = '';
    let i = ptr;
    for (const end = ptr + SHORT_TEXT; i < end; i++) {
      const b = heap[i];
      if (b === 0) {
        api.bytes = i - ptr;
        return s;
      }
      if (b > 0x7f) break;
      s += String.fromCharCode(b);
    }
    const end = heap.indexOf(0, i);
    api.bytes = end - ptr;
    return decoder.decode(heap.subarray(ptr, end));
  }

  const api = {
    /** The UTF-8 length of the last output `call` returned. */
    bytes: 0,
    /**
     * `fn(inputJson)` in `ctx` (`c`: its QuickJS pointer; `fn`: the function's JSValue pointer).
     * Returns the output's JSON text (its UTF-8 length in `bytes`); or the promise the driver
     * returned, or the error it threw (handles the caller disposes).
     * @returns {string | { promise: import('quickjs-emscripten').QuickJSHandle } | { error: import('quickjs-emscripten').QuickJSHandle }}
     */
    call(ctx, c, fn, inputJson) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit, plus the terminating 0 (JSON text has no raw 0).
      const need = inputJson.length * 3 + 1;
      let buf = kept;
      if (need > keptBytes) {
        buf = em._malloc(need);
        if (!buf) throw new Error('out of memory (input)');
        if (need <= KEPT_INPUT_BYTES) {
          if (kept) em._free(kept);
          kept = buf;
          keptBytes = need;
        }
      }
      let str;
      try {
        write(inputJson, buf, need);
        str = newString(c, buf);
      } finally {
        if (buf !== kept) em._free(buf);
      }
      const strError = exceptionOf(c, str);
      if (strError) {
        freeValue(c, str);
        return { error: ctx.getMemory(ctx.rt.value).heapValueHandle(strError) };
      }
      em.HEAP32[argv >> 2] = str;
      const result = callFn(c, fn, undefinedPtr, 1, argv);
      freeValue(c, str);
      const error = exceptionOf(c, result);
      if (error) {
        freeValue(c, result);
        return { error: ctx.getMemory(ctx.rt.value).heapValueHandle(error) };
      }
      // The driver returns the output's JSON text, or a promise of it; read as a string, a promise is
      // "[object Promise]", which no JSON text is (where the tag can be read, it tells first).
      if (nanBoxed && tagOf(result) !== TAG_STRING)
        return { promise: ctx.getMemory(ctx.rt.value).heapValueHandle(result) };
      const text = getString(c, result);
      if (!text) {
        freeValue(c, result);
        throw new Error('out of memory (output)');
      }
      const json = read(text);
      freeCString(c, text);
      if (json === '[object Promise]')
        return { promise: ctx.getMemory(ctx.rt.value).heapValueHandle(result) };
      freeValue(c, result);
      if (!bound) bind();
      return json;
    },
  };
  return api;
}
