// The hot path of a `code` call through QuickJS's C functions (code-host.mjs uses it for every call
// it runs; plain JS, like the rest of the worker).

/** Inputs up to this many bytes are written into one buffer kept in the WebAssembly heap. */
const KEPT_INPUT_BYTES = 64 * 1024;

/** Strings up to this many UTF-16 units are copied in and out by a loop when they are ASCII. */
const SHORT_TEXT = 256;

/** `QTS_GetOwnPropertyNames` flags: own enumerable string keys, index keys as strings (as JSON). */
const OWN_KEYS = 1 | 16 | 128;

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
  let getProp = ffi.QTS_GetProp;
  let ownKeys = ffi.QTS_GetOwnPropertyNames;
  let getFloat = ffi.QTS_GetFloat64;
  let promiseState = ffi.QTS_PromiseState;
  let bound = false;
  function bind() {
    bound = true;
    const exp = (name, stub) => (typeof em[name] === 'function' ? em[name] : stub);
    newString = exp('_QTS_NewString', newString);
    callFn = exp('_QTS_Call', callFn);
    freeValue = exp('_QTS_FreeValuePointer', freeValue);
    getString = exp('_QTS_GetString', getString);
    freeCString = exp('_QTS_FreeCString', freeCString);
    getProp = exp('_QTS_GetProp', getProp);
    ownKeys = exp('_QTS_GetOwnPropertyNames', ownKeys);
    getFloat = exp('_QTS_GetFloat64', getFloat);
    promiseState = exp('_QTS_PromiseState', promiseState);
  }
  /** Room for a call's arguments (JSValue pointers): the input, or (`viaJson`) `undefined` and an output. */
  const argv = em._malloc(8);
  /** Where `QTS_GetOwnPropertyNames` writes its array and length. */
  const keysOut = em._malloc(8);
  /** QuickJS's `undefined` (a static JSValue): the `this` of every call. */
  const undefinedPtr = ffi.QTS_GetUndefined();
  let kept = 0;
  let keptBytes = 0;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  /** The lowest tag of this QuickJS; tags from TAG_FLOAT64 up (and below TAG_FIRST) are doubles. */
  const TAG_FIRST = -11;
  const TAG_FLOAT64 = 7;
  const TAG_OBJECT = -1;
  const TAG_INT = 0;
  const TAG_BOOL = 1;
  const TAG_NULL = 2;
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
  /** Where a `JSString`'s characters start (after its 16 bytes of header). */
  const STRING_DATA = 16;
  // A `JSObject`: its class id (16 bits at byte 6, after the reference count and the GC's byte and
  // flags) and its shape (a pointer at byte 16); a `JSShape`: how many properties it holds, deleted
  // ones included, at byte 32. Checked at load (`objectsReadable`).
  const OBJECT_CLASS_ID = 6;
  const OBJECT_SHAPE = 16;
  const SHAPE_PROP_COUNT = 32;
  // A `JSShape` also holds the object's prototype (a pointer at byte 44) and, from byte 48, its
  // properties: 8 bytes each, the property's atom in the second word.
  const SHAPE_PROTO = 44;
  const SHAPE_PROPS = 48;
  /** `JS_CLASS_OBJECT`: an ordinary object, whose own keys are all in its shape. */
  const CLASS_OBJECT = 1;
  /** The atom of `toJSON` (a predefined one: read from a sample object at load). */
  let toJSONAtom = -1;
  /** The call function of the output being read (an output that is not plain goes through it: `viaJson`). */
  let walkFn = 0;
  /** The `Object.prototype` (a `JSObject` pointer) of the context whose output is being read. */
  let walkProto = 0;
  /** Members an output read value by value may still have (the rest goes through JSON). */
  let budget = 0;
  /** Thrown inside `walk`: the output is not a small tree of plain objects; it goes through JSON. */
  const NOT_PLAIN = new Error('not a plain output');

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

  /** `inputJson` as a QuickJS string in context `c` (a new JSValue pointer: an exception when out of memory). */
  function inputString(c, inputJson) {
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
    try {
      write(inputJson, buf, need);
      return newString(c, buf);
    } finally {
      if (buf !== kept) em._free(buf);
    }
  }

  /** A quickjs-emscripten handle (for the caller to dispose) of the JSValue pointer `ptr` in `ctx`. */
  const handleOf = (ctx, ptr) => ctx.getMemory(ctx.rt.value).heapValueHandle(ptr);

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

  /** Throws if `value` is an exception (a getter that throws on its second read, or out of memory). */
  function check(c, value) {
    const e = exceptionOf(c, value);
    if (!e) return;
    freeValue(c, e);
    freeValue(c, value);
    throw new Error('the output could not be read (a getter threw, or QuickJS ran out of memory)');
  }

  /**
   * The string `value` (a JSValue pointer with the string tag) read from QuickJS's own memory (a
   * `JSString`: a reference count, then its length in 31 bits and a flag for 16-bit characters,
   * the hash fields, the characters; checked at load, see `walks`): no C string is made, and a 0 or
   * a lone surrogate in it comes through as it is. Its length in UTF-16 units goes to `api.bytes`.
   */
  function heapString(value) {
    const str = em.HEAP32[value >> 2];
    const head = em.HEAP32[(str >> 2) + 1];
    const len = head & 0x7fffffff;
    api.bytes = len;
    const at = str + STRING_DATA;
    const chars = head < 0 ? em.HEAPU16.subarray(at >> 1, (at >> 1) + len) : em.HEAPU8.subarray(at, at + len);
    if (len <= SHORT_TEXT) {
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(chars[i]);
      return s;
    }
    let s = '';
    for (let i = 0; i < len; i += 4096) s += String.fromCharCode.apply(null, chars.subarray(i, i + 4096));
    return s;
  }

  /** Whether the shape at `shape` (`count` properties) holds one named by `atom`, whatever its flags. */
  function holds(shape, count, atom) {
    const heap = em.HEAP32;
    for (let i = 0, at = (shape + SHAPE_PROPS + 4) >> 2; i < count; i++, at += 2)
      if (heap[at] === atom) return true;
    return false;
  }

  /**
   * An output that is not plain (see `walk`) → its JSON text through the context's own
   * `JSON.stringify` (the driver's call function, given a second argument, returns that argument's
   * JSON text: see RUN in code-host.mjs), or `{ error }` (a handle) when that throws (a BigInt, a
   * cycle). Frees `value`; `api.bytes` gets the text's UTF-8 length.
   */
  function viaJson(ctx, c, value) {
    em.HEAP32[argv >> 2] = undefinedPtr;
    em.HEAP32[(argv >> 2) + 1] = value;
    const j = callFn(c, walkFn, undefinedPtr, 2, argv);
    freeValue(c, value);
    const error = exceptionOf(c, j);
    if (error) {
      freeValue(c, j);
      return { error: handleOf(ctx, error) };
    }
    if (tagOf(j) !== TAG_STRING) {
      freeValue(c, j);
      throw new Error('the output changed as it was read (it is no longer JSON)');
    }
    const text = getString(c, j);
    freeValue(c, j);
    if (!text) throw new Error('out of memory (output)');
    const json = read(text);
    freeCString(c, text);
    return json;
  }

  /**
   * The object `root` the driver returned (a JSValue pointer, freed here) → `api` with the same
   * value here in `api.value`, as `JSON.parse` of its JSON text would give, when it is a small tree
   * of plain objects (see `walk`); else its JSON text (`viaJson`) or `{ error }`.
   */
  function walkRoot(ctx, c, root) {
    budget = 64;
    let value;
    try {
      // `toJSON` on `Object.prototype` would apply to every object in the tree.
      const shape = em.HEAP32[(walkProto + OBJECT_SHAPE) >> 2];
      if (walkProto === 0 || holds(shape, em.HEAP32[(shape + SHAPE_PROP_COUNT) >> 2], toJSONAtom))
        throw NOT_PLAIN;
      value = walk(c, root);
    } catch (e) {
      if (e !== NOT_PLAIN) {
        freeValue(c, root);
        throw e;
      }
      return viaJson(ctx, c, root);
    }
    freeValue(c, root);
    api.value = value;
    return api;
  }

  /**
   * The output value `value` (a JSValue pointer; not freed here) → the same value here, as
   * `JSON.parse` of its JSON text would give; adds to `api.bytes` at least the UTF-8 length of
   * that text. Read through QuickJS's C functions and, for objects, its memory: only a small tree
   * (at most 64 members) of ordinary objects whose prototype is `Object.prototype`, with no
   * `toJSON` and no `__proto__` key, and leaves that are strings, numbers, booleans, null or
   * undefined; anything else throws NOT_PLAIN (the output then goes through JSON). A getter in it
   * runs once, or twice when the output then goes through JSON.
   */
  function walk(c, value) {
    const tag = tagOf(value);
    if (tag === TAG_OBJECT) {
      const obj = em.HEAP32[value >> 2];
      // Not ordinary (a proxy, an array, `arguments`…): its keys may come from user code (a proxy's
      // `ownKeys`, which may answer differently each time) or from an index list besides its shape.
      if (em.HEAPU16[(obj + OBJECT_CLASS_ID) >> 1] !== CLASS_OBJECT) throw NOT_PLAIN;
      const shape = em.HEAP32[(obj + OBJECT_SHAPE) >> 2];
      if (em.HEAP32[(shape + SHAPE_PROTO) >> 2] !== walkProto) throw NOT_PLAIN;
      // Deleted, symbol and non-enumerable properties included: at least as many as its own keys.
      const count = em.HEAP32[(shape + SHAPE_PROP_COUNT) >> 2];
      if (holds(shape, count, toJSONAtom)) throw NOT_PLAIN;
      // quickjs-emscripten 0.31's QTS_GetOwnPropertyNames sizes the list it mallocs by the length
      // found at `keysOut + 4` on the way IN (8 bytes each, 4 written per key), not by the number of
      // keys: left at the last object's count, an object with more than twice as many keys wrote
      // past the end of its list into QuickJS's heap (seen as "out of memory" calls sent to a
      // worker, and as `p->mark == 0` GC assertions). So it is given the shape's count first.
      em.HEAP32[(keysOut + 4) >> 2] = count;
      const err = ownKeys(c, keysOut, keysOut + 4, value, OWN_KEYS);
      if (err) {
        freeValue(c, err);
        throw new Error('out of memory (output)');
      }
      const list = em.HEAP32[keysOut >> 2];
      const n = em.HEAP32[(keysOut + 4) >> 2];
      if (n > count) {
        // Cannot happen for an ordinary object; if it does, the list overran: QuickJS is dropped.
        throw new Error('QuickJS listed more keys than its object holds: its memory is not as expected');
      }
      const out = {};
      let size = 2;
      /** Keys before it are freed. */
      let k = 0;
      try {
        while (k < n) {
          const key = em.HEAP32[(list >> 2) + k];
          const name = heapString(key);
          // Quoted, then a colon and a comma; a character takes at most 6 bytes in JSON (`\u001f`).
          size += 6 * api.bytes + 4;
          if (--budget < 0 || name === '__proto__') throw NOT_PLAIN;
          const v = getProp(c, value, key);
          freeValue(c, key);
          k++;
          check(c, v);
          let x;
          try {
            x = walk(c, v);
          } finally {
            freeValue(c, v);
          }
          size += api.bytes;
          // An `undefined` member is left out, as JSON does.
          if (x !== undefined) out[name] = x;
        }
      } finally {
        for (; k < n; k++) freeValue(c, em.HEAP32[(list >> 2) + k]);
        // The list comes from the C library's malloc: `QTS_FreeVoidPointer` would free it through
        // QuickJS's allocator, whose count of the memory in use would then drift down call after
        // call (until QuickJS failed, deep in its garbage collector).
        em._free(list);
      }
      api.bytes = size;
      return out;
    }
    let out;
    if (tag === TAG_STRING) {
      out = heapString(value);
      api.bytes = 6 * api.bytes + 2;
      return out;
    }
    if (tag === TAG_INT) out = em.HEAP32[value >> 2];
    else if (tag === TAG_BOOL) out = em.HEAP32[value >> 2] !== 0;
    else if (tag === TAG_NULL) out = null;
    else if (tag >= TAG_FIRST && tag < TAG_FLOAT64) {
      // Not a number: `undefined` (left out, as JSON does), or what JSON text cannot hold as it is
      // (a symbol, a BigInt…).
      if (tag !== TAG_UNDEFINED) throw NOT_PLAIN;
    } else {
      const f = getFloat(c, value);
      // JSON writes NaN and the infinities as null, and -0 as 0.
      out = Number.isFinite(f) ? f + 0 : null;
    }
    api.bytes = 24;
    return out;
  }

  /** `obj[name]` in `c` (`name` short ASCII): a new JSValue pointer (an exception when a getter throws). */
  const nameBuf = em._malloc(16);
  function named(c, obj, name) {
    write(name, nameBuf, 16);
    const key = newString(c, nameBuf);
    if (tagOf(key) === TAG_EXCEPTION) {
      freeValue(c, key);
      throw new Error(`out of memory (reading ${name})`);
    }
    const v = getProp(c, obj, key);
    freeValue(c, key);
    return v;
  }

  const api = {
    /**
     * The UTF-8 length of the last output `call` returned as JSON text; for one returned as a value,
     * at least the length of its JSON text (its exact length is only worked out when this is over
     * the call's limit).
     */
    bytes: 0,
    /** The last output `call` returned as a value (when it returned `api`). */
    value: /** @type {unknown} */ (undefined),
    /**
     * Whether outputs can come back as values: the driver returns a plain output as it is (see RUN
     * in code-host.mjs) and `call` reads it value by value, which needs the JSValue's tag.
     */
    walks: false,
    /** The calls without the driver (see `plainCalls`); where the JSValue's tag cannot be read, none. */
    plain: /** @type {ReturnType<typeof plainCalls> | undefined} */ (undefined),
    /**
     * The `Object.prototype` of the context `c` (a `JSObject` pointer, for `call`), read through its
     * globals: call it before any code runs there.
     */
    objectPrototype(c) {
      const global = ffi.QTS_GetGlobalObject(c);
      const object = named(c, global, 'Object');
      freeValue(c, global);
      const proto = tagOf(object) === TAG_OBJECT ? named(c, object, 'prototype') : 0;
      freeValue(c, object);
      if (!proto) return 0;
      const ptr = tagOf(proto) === TAG_OBJECT ? em.HEAP32[proto >> 2] : 0;
      freeValue(c, proto);
      return ptr;
    },
    /**
     * `fn(inputJson)` in `ctx` (`c`: its QuickJS pointer; `fn`: the function's JSValue pointer; `op`:
     * the context's `Object.prototype`, see `objectPrototype`, or 0).
     * Returns the output's JSON text (its UTF-8 length in `bytes`), or `api` itself when the driver
     * returned the output as a value (now in `value`); or the promise the driver returned, or the
     * error it threw (handles the caller disposes).
     * @returns {string | typeof api | { promise: import('quickjs-emscripten').QuickJSHandle } | { error: import('quickjs-emscripten').QuickJSHandle }}
     */
    call(ctx, c, fn, op, inputJson) {
      const str = inputString(c, inputJson);
      const strError = exceptionOf(c, str);
      if (strError) {
        freeValue(c, str);
        return { error: handleOf(ctx, strError) };
      }
      em.HEAP32[argv >> 2] = str;
      const result = callFn(c, fn, undefinedPtr, 1, argv);
      freeValue(c, str);
      const error = exceptionOf(c, result);
      if (error) {
        freeValue(c, result);
        return { error: handleOf(ctx, error) };
      }
      // The driver returns the output's JSON text, the output itself (a plain object), or a promise
      // of either; read as a string, a promise is "[object Promise]", which no JSON text is (where
      // the tag can be read, it tells first).
      if (nanBoxed && tagOf(result) !== TAG_STRING) {
        if (tagOf(result) === TAG_OBJECT && promiseState(c, result) < 0) {
          walkFn = fn;
          walkProto = op;
          const r = walkRoot(ctx, c, result);
          if (!bound) bind();
          return r;
        }
        return { promise: handleOf(ctx, result) };
      }
      const text = getString(c, result);
      if (!text) {
        freeValue(c, result);
        throw new Error('out of memory (output)');
      }
      const json = read(text);
      freeCString(c, text);
      if (json === '[object Promise]') return { promise: handleOf(ctx, result) };
      freeValue(c, result);
      if (!bound) bind();
      return json;
    },
    /**
     * The value a call's promise settled with (`handle`, disposed here) → as `call` answers: JSON
     * text, or `api` with the output in `value`, or the error JSON.stringify threw. `fn` and `op`:
     * as for `call`.
     * @param {import('quickjs-emscripten').QuickJSContext} ctx
     * @param {number} fn
     * @param {number} op
     * @param {import('quickjs-emscripten').QuickJSHandle} handle
     * @returns {string | typeof api | { error: import('quickjs-emscripten').QuickJSHandle }}
     */
    settled(ctx, fn, op, handle) {
      const c = ctx.ctx.value;
      const ptr = handle.value;
      if (nanBoxed && tagOf(ptr) === TAG_OBJECT) {
        walkFn = fn;
        walkProto = op;
        try {
          return walkRoot(ctx, c, ffi.QTS_DupValuePointer(c, ptr));
        } finally {
          handle.dispose();
        }
      }
      const json = ctx.getString(handle);
      handle.dispose();
      api.bytes = Buffer.byteLength(json);
      return json;
    },
  };
  api.walks = nanBoxed && stringsReadable() && objectsReadable();
  api.plain = nanBoxed ? plainCalls() : undefined;

  /**
   * Whether `walk` reads this QuickJS's objects right (its memory layout is as expected): ordinary
   * objects are told from others, shapes count their properties, name them and point to the
   * prototype; and finds the atom of `toJSON`.
   */
  function objectsReadable() {
    const ctx = qjs.newContext();
    const c = ctx.ctx.value;
    const op = api.objectPrototype(c);
    /** What `walk` reads of the object `expr` evaluates to: its class, prototype, count and atoms. */
    const look = (expr) => {
      const h = ctx.evalCode(expr);
      if (h.error) {
        h.error.dispose();
        return undefined;
      }
      try {
        if (tagOf(h.value.value) !== TAG_OBJECT) return undefined;
        const obj = em.HEAP32[h.value.value >> 2];
        const shape = em.HEAP32[(obj + OBJECT_SHAPE) >> 2];
        const count = em.HEAP32[(shape + SHAPE_PROP_COUNT) >> 2];
        const atoms = [];
        for (let i = 0; i < count && i < 200; i++)
          atoms.push(em.HEAP32[(shape + SHAPE_PROPS + 8 * i + 4) >> 2]);
        return {
          ordinary: em.HEAPU16[(obj + OBJECT_CLASS_ID) >> 1] === CLASS_OBJECT,
          plainProto: em.HEAP32[(shape + SHAPE_PROTO) >> 2] === op,
          count,
          atoms,
        };
      } finally {
        h.value.dispose();
      }
    };
    try {
      if (!op) return false;
      const one = look('({ toJSON: 1 })');
      const two = look('({ a: 1, toJSON: 2, b: 3 })');
      if (!one || !two || one.count !== 1 || two.count !== 3 || two.atoms[1] !== one.atoms[0]) return false;
      toJSONAtom = one.atoms[0];
      if (two.atoms[0] === toJSONAtom || two.atoms[2] === toJSONAtom || two.atoms[0] === two.atoms[2])
        return false;
      /** [expression, ordinary, prototype Object.prototype, its shape's count (-1: unknown), holds toJSON] */
      const samples = [
        ['({})', true, true, 0, false],
        ['({ a: 1, b: 2, c: 3 })', true, true, 3, false],
        ['(() => { const o = { a: 1, b: 2, c: 3 }; delete o.b; return o; })()', true, true, -1, false],
        ['Object.fromEntries(Array.from({ length: 100 }, (_, i) => ["k" + i, i]))', true, true, 100, false],
        ['Object.defineProperty({ [Symbol()]: 1, 2: 2 }, "toJSON", { value: 1 })', true, true, 3, true],
        ['Object.create(null)', true, false, 0, false],
        ['Object.create({ a: 1 })', true, false, 0, false],
        ['[]', false, false, -1, false],
        ['new Proxy({}, {})', false, false, -1, false],
        ['(function () { return arguments; })(1, 2)', false, false, -1, false],
      ];
      for (const [expr, ordinary, plainProto, count, toJSON] of samples) {
        const o = look(expr);
        if (!o || o.ordinary !== ordinary) return false;
        if (!ordinary) continue;
        if (o.plainProto !== plainProto || (count >= 0 && o.count !== count)) return false;
        if (o.atoms.includes(toJSONAtom) !== toJSON) return false;
      }
      return true;
    } finally {
      ctx.dispose();
    }
  }

  /**
   * A call without the driver, for a context made while the caller waits (calls back to back):
   * compiling the driver there costs more than the rest of the call (~170 of ~370 µs), so the host
   * does the driver's work itself, through QuickJS's C functions and with the context's own
   * `JSON.parse`, `JSON.stringify`, `Promise` and `Promise.resolve`, read before the module runs
   * (so a module that replaces them does not change how its call is made). The steps are the
   * driver's (RUN in code-host.mjs): `ns.default(JSON.parse(inputJson))`; a thenable output is
   * `Promise.resolve`d and waited for; the output (or what it settles to) is `JSON.stringify`d,
   * `undefined` as `null`; the same errors. The output always comes back as JSON text.
   */
  function plainCalls() {
    /** Room for a property name (short ASCII). */
    const nameBuf = em._malloc(16);
    const NO_DEFAULT = {
      fail: 'the code has no default export function (write: export default (input) => …)',
    };
    const NOT_JSON = { fail: 'the code returned a value that is not JSON' };

    /** `obj[name]` in `c`: a new JSValue pointer (an exception when a getter throws). */
    function prop(c, obj, name) {
      write(name, nameBuf, 16);
      const key = newString(c, nameBuf);
      if (tagOf(key) === TAG_EXCEPTION) {
        freeValue(c, key);
        throw new Error('out of memory (a property name)');
      }
      const v = getProp(c, obj, key);
      freeValue(c, key);
      return v;
    }

    /** `prop` that may not fail (reading the context's own intrinsics before any code ran). */
    function intrinsic(c, obj, name) {
      const v = prop(c, obj, name);
      if (tagOf(v) === TAG_EXCEPTION) {
        freeValue(c, v);
        throw new Error(`out of memory (reading ${name})`);
      }
      return v;
    }

    /** Whether `value` is a function (QuickJS's own `typeof`; its text is malloc'd). */
    function isFunction(c, value) {
      if (tagOf(value) !== TAG_OBJECT) return false;
      const t = ffi.QTS_Typeof(c, value);
      const f = em.HEAPU8[t] === 0x66; // "function" is the only answer starting with "f"
      em._free(t);
      return f;
    }

    /** `fn(arg)` with `this` = `self`; frees `arg`. */
    function call1(c, fn, self, arg) {
      em.HEAP32[argv >> 2] = arg;
      const r = callFn(c, fn, self, 1, argv);
      freeValue(c, arg);
      return r;
    }

    /** `value` (a JSValue pointer, freed here) → its JSON text, or why not. */
    function serialize(ctx, c, it, value) {
      if (tagOf(value) === TAG_UNDEFINED) {
        // The pointer is ours to free (`undefined` itself holds no reference).
        freeValue(c, value);
        api.bytes = 4;
        return 'null';
      }
      const j = call1(c, it.stringify, undefinedPtr, value);
      const error = exceptionOf(c, j);
      if (error) {
        freeValue(c, j);
        return { error: handleOf(ctx, error) };
      }
      if (tagOf(j) !== TAG_STRING) {
        freeValue(c, j);
        return NOT_JSON;
      }
      const text = getString(c, j);
      freeValue(c, j);
      if (!text) throw new Error('out of memory (output)');
      const json = read(text);
      freeCString(c, text);
      if (!bound) bind();
      return json;
    }

    return {
      /**
       * The intrinsics a call uses, read from a new context's globals before any code runs there:
       * JSValue pointers, freed by `free`.
       */
      intrinsics(c) {
        const global = ffi.QTS_GetGlobalObject(c);
        try {
          const json = intrinsic(c, global, 'JSON');
          const P = intrinsic(c, global, 'Promise');
          const it = { parse: 0, stringify: 0, P, resolve: 0 };
          try {
            it.parse = intrinsic(c, json, 'parse');
            it.stringify = intrinsic(c, json, 'stringify');
            it.resolve = intrinsic(c, P, 'resolve');
          } finally {
            freeValue(c, json);
          }
          return it;
        } finally {
          freeValue(c, global);
        }
      },
      free(c, it) {
        for (const ptr of [it.parse, it.stringify, it.resolve, it.P]) if (ptr) freeValue(c, ptr);
      },
      /** Whether the module's value `ns` (a JSValue pointer) is a promise (a module with top-level await). */
      isPromise: (c, ns) => tagOf(ns) === TAG_OBJECT && promiseState(c, ns) >= 0,
      /**
       * `ns.default(parse(inputJson))` in `ctx` (`c`: its pointer): the output's JSON text (UTF-8
       * length in `bytes`), `{ promise }` (a handle: `Promise.resolve` of a thenable output, whose
       * value goes to `settled`), `{ error }` (a handle: what was thrown) or `{ fail }` (a message).
       */
      call(ctx, c, it, ns, inputJson) {
        const fn = prop(c, ns, 'default');
        let error = exceptionOf(c, fn);
        if (error) {
          freeValue(c, fn);
          return { error: handleOf(ctx, error) };
        }
        if (!isFunction(c, fn)) {
          freeValue(c, fn);
          return NO_DEFAULT;
        }
        const str = inputString(c, inputJson);
        error = exceptionOf(c, str);
        const input = error ? str : call1(c, it.parse, undefinedPtr, str);
        error ||= exceptionOf(c, input);
        if (error) {
          freeValue(c, fn);
          freeValue(c, input);
          return { error: handleOf(ctx, error) };
        }
        const out = call1(c, fn, undefinedPtr, input);
        freeValue(c, fn);
        error = exceptionOf(c, out);
        if (error) {
          freeValue(c, out);
          return { error: handleOf(ctx, error) };
        }
        if (tagOf(out) === TAG_OBJECT) {
          const then = prop(c, out, 'then');
          error = exceptionOf(c, then);
          const thenable = !error && isFunction(c, then);
          freeValue(c, then);
          if (error || thenable) {
            const p = error ? 0 : call1(c, it.resolve, it.P, out);
            if (error) freeValue(c, out);
            error ||= exceptionOf(c, p);
            if (error) {
              if (p) freeValue(c, p);
              return { error: handleOf(ctx, error) };
            }
            return { promise: handleOf(ctx, p) };
          }
        }
        return serialize(ctx, c, it, out);
      },
      /** What the promise `call` returned settled with (`handle`, disposed here) → as `call` answers. */
      settled(ctx, it, handle) {
        const c = ctx.ctx.value;
        try {
          return serialize(ctx, c, it, ffi.QTS_DupValuePointer(c, handle.value));
        } finally {
          handle.dispose();
        }
      },
    };
  }

  /** Whether `heapString` reads this QuickJS's strings right (its memory layout is as expected). */
  function stringsReadable() {
    const samples = ['', 'a\u0000é', '€\ud800x', 'ab'.repeat(300), 'é'.repeat(300) + '😀'];
    const ctx = qjs.newContext();
    try {
      for (const sample of samples) {
        const h = ctx.evalCode(`${JSON.stringify(sample)} + ''`);
        if (h.error) {
          h.error.dispose();
          return false;
        }
        const ok = tagOf(h.value.value) === TAG_STRING && heapString(h.value.value) === sample;
        h.value.dispose();
        if (!ok) return false;
      }
      return true;
    } finally {
      ctx.dispose();
    }
  }
  return api;
}
