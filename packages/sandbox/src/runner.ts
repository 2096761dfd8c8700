/**
 * `SandboxRunner`: the engine's `BlockRunner`. WASM blocks (Extism plugins) run in a pool of worker
 * threads, so the event loop keeps serving other steps while a block runs; a call that overruns
 * loses its worker, never the process. The `code` built-in (QuickJS) runs short calls on the main
 * thread (code-inline.ts) and the rest in the same workers.
 */
import type { BlockCall, BlockResult, BlockRunner, ErrorCode } from '@weft/engine';
import { DEFAULT_WORKER, WorkerGoneError } from './pool/worker-handle';
import type { BlockWorker, Exchange, WorkerReply } from './pool/worker-handle';
import { WorkerPool } from './pool/worker-pool';
import { Op } from './worker/protocol';
import type { CodeRequest, LoadMessage } from './worker/protocol';
import { loadBlocks } from './registry';
import type { BlockRegistry } from './registry';
import type { BlockManifest } from './manifest';
import { ModuleCache } from './module-cache';
import type { CompiledBlock } from './module-cache';
import { blockCaps, blockMemory, callLimits, codeLimits } from './limits';
import type { BlockLimitOptions, CodeLimitOptions, EffectiveLimits } from './limits';
import { failure, parseFailure, parseOutput } from './outcome';
import { InlineCode } from './code-inline';
import type { InlineOutcome } from './code-inline';
import { compileCheck } from './schema';
import type { InputCheck } from './schema';
import { blockFetch, defaultResolver } from './net/http-client';
import type { HttpRequest, HttpResponse, Resolver } from './net/http-client';
import { parseEntries } from './net/policy';
import type { HostEntry } from './net/policy';
import { HostFn } from './worker/protocol';
import { SqlConnections } from './sql/connections';
import type { SqlConnectionSpec } from './sql/connections';
import { hostSql } from './sql/host';
import type { HostAnswer } from './sql/host';
import { ObjectStore } from './storage/object-store';
import { hostStorage } from './storage/host';
import { timeZoneOffsets } from '@weft/block-sdk/time-zones';

export interface NetworkOptions {
  /** Server policy: when given, every host must ALSO match one of these entries. */
  allow?: readonly string[];
  /** Server policy: hosts, IPs or CIDRs no block may reach, whatever a workflow says. */
  deny?: readonly string[];
  /** Largest HTTP response body a block may receive, bytes (default 10 MiB). */
  maxResponseBytes?: number;
  /** Redirects followed per request (default 5). */
  maxRedirects?: number;
  /** DNS resolution (default: the system resolver). Tests inject names here. */
  resolve?: Resolver;
}

export interface SqlOptions {
  /** The connections `sql@1` may use, by name (a workflow must also list the name in `permissions.sql`). */
  connections: readonly SqlConnectionSpec[];
  /** Most rows one statement returns (default 10 000). */
  maxRows?: number;
}

export interface StorageOptions {
  /** Folder of the object store (the server gives `<dataDir>/storage`). */
  dir: string;
  /** Bytes one workflow may keep (default 100 MiB). */
  quotaBytes?: number;
}

export interface SandboxOptions {
  /** The blocks to run (from `loadBlocks`). Default: `loadBlocks(blocksDir)`. */
  registry?: BlockRegistry;
  /** Where to load blocks from when no registry is given. Default: `<repo>/blocks`. */
  blocksDir?: string | readonly string[];
  /** Worker threads; each runs one call at a time (default 2). */
  workers?: number;
  /** Caps for WASM blocks (manifest limits are clamped to these). */
  limits?: BlockLimitOptions;
  /** Limits of the `code` built-in. */
  code?: CodeLimitOptions;
  network?: NetworkOptions;
  /** Named SQL connections for `sql@1` (none by default). */
  sql?: SqlOptions;
  /** The workflow-scoped object store of `storage@1` (off by default). */
  storage?: StorageOptions;
}

const enc = new TextEncoder();
/** A non-blank character (`code`'s source must have one). */
const NOT_BLANK = /\S/;
const dec = new TextDecoder();
/** Extra time the main thread gives `code` to stop itself before terminating its worker. */
const CODE_GRACE_MS = 1000;

/**
 * Runs blocks and `code` for the engine.
 *
 * @example
 * const registry = loadBlocks();                     // <repo>/blocks
 * const runner = new SandboxRunner({ registry });     // 2 workers
 * const catalog = combineCatalogs(builtinCatalog(), registry); // for validation (@weft/dsl)
 * … engine runs steps through runner.run(call) …
 * await runner.close();                               // on shutdown
 */
export class SandboxRunner implements BlockRunner {
  /** The blocks this runner knows; also the `BlockCatalog` for validation. */
  readonly catalog: BlockRegistry;
  private readonly pool: WorkerPool;
  private readonly modules = new ModuleCache();
  private readonly checks = new Map<BlockManifest, InputCheck>();
  private readonly caps: EffectiveLimits;
  private readonly code: Required<CodeLimitOptions>;
  /** Runs `code` on the main thread (`undefined` when `code.inlineMs` is 0). */
  private readonly inline: InlineCode | undefined;
  private readonly codeCounts = { prepared: 0, evaluated: 0, inWorker: 0 };
  private readonly net: {
    allow?: HostEntry[];
    deny: HostEntry[];
    maxResponseBytes: number;
    maxRedirects: number;
    resolve: Resolver;
  };
  private readonly sql: { connections: SqlConnections; maxRows: number };
  private readonly storageOpts: StorageOptions | undefined;
  /** Opened on the first storage call, so a runner that never stores creates no files. */
  private storage: ObjectStore | undefined;

  constructor(opts: SandboxOptions = {}) {
    this.catalog = opts.registry ?? loadBlocks(opts.blocksDir);
    this.pool = new WorkerPool({ size: Math.max(1, opts.workers ?? 2), ...DEFAULT_WORKER });
    this.caps = blockCaps(opts.limits);
    this.code = codeLimits(opts.code);
    if (this.code.inlineMs > 0)
      this.inline = new InlineCode({ sliceMs: this.code.inlineMs, memoryBytes: this.code.inlineMemoryBytes });
    const n = opts.network ?? {};
    this.net = {
      deny: parseEntries(n.deny ?? []),
      maxResponseBytes: n.maxResponseBytes ?? 10 * 1024 * 1024,
      maxRedirects: n.maxRedirects ?? 5,
      resolve: n.resolve ?? defaultResolver,
    };
    if (n.allow) this.net.allow = parseEntries(n.allow);
    this.sql = {
      connections: new SqlConnections(opts.sql?.connections ?? []),
      maxRows: opts.sql?.maxRows ?? 10_000,
    };
    this.storageOpts = opts.storage;
  }

  async run(call: BlockCall): Promise<BlockResult> {
    if (call.signal.aborted) return failure('CANCELLED', `${call.uses} was cancelled before it started`);
    if (call.uses === 'code') return this.runCode(call);
    const m = this.catalog.manifest(call.uses);
    if (!m) return failure('BLOCK_NOT_FOUND', `unknown block "${call.uses}"`, false);
    const what = `block ${m.name}@${m.version}`;
    let check: InputCheck;
    try {
      check = this.inputCheck(m);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return failure(
        'BLOCK_ERROR',
        `${what}: the \`inputs\` of ${m.file} is not a valid JSON Schema: ${detail}`,
        false,
      );
    }
    const bad = check(call.with);
    if (bad) return failure('INVALID_INPUT', `${what}: ${bad}`, false);
    const compiled = await this.modules.get(m, blockMemory(m, this.caps));
    if ('problem' in compiled) return failure(compiled.problem.code, compiled.problem.message, false);
    const limits = callLimits(m, this.caps, call.timeoutMs);
    const payload = encodeJson({ with: call.with, context: call.context });
    if (!payload)
      return failure('INVALID_INPUT', `${what}: \`with\` is not JSON (a cycle or a BigInt)`, false);
    return this.dispatch(call, { what, limits, key: compiled.key, manifest: m }, async (w, ex) => {
      const attempt = async (): Promise<WorkerReply> => {
        if (!w.slots.has(compiled.key)) {
          const loaded = await w.load(loadMessage(compiled), ex);
          if (loaded.kind !== Op.R_OK) return loaded;
          w.slots.set(compiled.key, compiled.slot);
        }
        return w.request(Op.CALL, payload, { slot: compiled.slot, maxOut: limits.maxOutputBytes }, ex);
      };
      let reply = await attempt();
      if (reply.kind === Op.R_NOT_LOADED) {
        // The worker dropped the instance (it trapped last time): instantiate afresh and call again.
        w.slots.delete(compiled.key);
        reply = await attempt();
      }
      if (reply.kind === Op.R_OK) return parseOutput(reply.bytes, what, m.ports);
      return parseFailure(reply.bytes, what);
    });
  }

  /**
   * Compiles and checks blocks ahead of use (e.g. at server start, or while `weft run` opens its
   * store) and, when there is one to warm, starts a worker for them; returns the problems found.
   */
  async warm(
    uses: readonly string[] = this.catalog.list().map((b) => `${b.name}@${b.version}`),
  ): Promise<{ uses: string; code: ErrorCode; message: string }[]> {
    const problems: { uses: string; code: ErrorCode; message: string }[] = [];
    for (const u of uses) {
      const m = this.catalog.manifest(u);
      if (!m) {
        problems.push({ uses: u, code: 'BLOCK_NOT_FOUND', message: `unknown block "${u}"` });
        continue;
      }
      this.pool.prestart();
      const r = await this.modules.get(m, blockMemory(m, this.caps));
      if ('problem' in r) problems.push({ uses: u, ...r.problem });
    }
    return problems;
  }

  /**
   * `code` calls answered so far: `prepared` ran in a context made in advance with the module
   * evaluated (the warm path), `evaluated` evaluated the module at call time; `inWorker`: calls sent
   * to a worker (the rest ran on the main thread). `mainThreadLoads`: QuickJS instances the
   * main thread has loaded (the first, then one after each call it stopped: out of memory or time).
   */
  get codeStats(): { prepared: number; evaluated: number; inWorker: number; mainThreadLoads: number } {
    return { ...this.codeCounts, mainThreadLoads: this.inline?.loads ?? 0 };
  }

  /**
   * Resolves once the work the sandbox does between `code` calls on the main thread (disposing the
   * last call's context, preparing the next) is done. Tests wait on it instead of sleeping.
   */
  codeIdle(): Promise<void> {
    return this.inline?.idle() ?? Promise.resolve();
  }

  /** Block workers alive or starting (a worker starts on a block's first call, or on `warm`). */
  get workers(): number {
    return this.pool.started;
  }

  /** Stops every worker. Calls in flight end with CANCELLED. */
  async close(): Promise<void> {
    this.inline?.close();
    await this.pool.close();
    await this.sql.connections.close();
    this.storage?.close();
  }

  /** A `code` call: on the main thread when it fits there (answered without a promise), else in a worker. */
  private runCode(call: BlockCall): BlockResult | Promise<BlockResult> {
    const source = call.with.source;
    // (A test for a non-blank character, not `trim()`: that would copy the source on every call; and
    // first a look at the first character, which is that in any real source.)
    if (typeof source !== 'string' || !(printableAscii(source.charCodeAt(0)) || NOT_BLANK.test(source)))
      return failure('INVALID_INPUT', 'code: `with.source` must be a JavaScript module (text)', false);
    const c = this.code;
    const stepTimeoutMs = Math.min(call.timeoutMs ?? c.timeoutMs, c.timeoutMs);
    const input = call.with.input ?? null;
    let inputJson: string;
    try {
      inputJson = JSON.stringify(input);
    } catch {
      return failure('INVALID_INPUT', 'code: `with.input` is not JSON (a cycle or a BigInt)', false);
    }
    const req: CodeRequest = {
      source,
      input,
      memoryBytes: c.memoryBytes,
      stackBytes: c.stackBytes,
      inputJson,
    };
    const here = this.inline?.run(req, {
      timeoutMs: stepTimeoutMs,
      maxOutputBytes: c.maxOutputBytes,
      log: call.log,
    });
    if (here instanceof Promise) return here.then((h) => this.codeAnswered(call, req, stepTimeoutMs, h));
    return this.codeAnswered(call, req, stepTimeoutMs, here);
  }

  /** After the main thread's attempt at a `code` call: its result, or the call run in a worker. */
  private codeAnswered(
    call: BlockCall,
    req: CodeRequest,
    stepTimeoutMs: number,
    here: InlineOutcome | undefined,
  ): BlockResult | Promise<BlockResult> {
    if (here && 'result' in here) {
      if (here.warm) this.codeCounts.prepared++;
      else this.codeCounts.evaluated++;
      return here.result;
    }
    return this.codeInWorker(call, req, Math.max(1, stepTimeoutMs - (here?.elapsedMs ?? 0)));
  }

  /** A `code` call in a worker, with `timeoutMs` (what the main thread's attempt left). */
  private codeInWorker(call: BlockCall, req: CodeRequest, timeoutMs: number): Promise<BlockResult> {
    const c = this.code;
    // The worker gets the input once (as a value; `inputJson` is the main thread's).
    const payload = encodeJson({
      source: req.source,
      input: req.input,
      memoryBytes: req.memoryBytes,
      stackBytes: req.stackBytes,
    });
    if (!payload)
      return Promise.resolve(
        failure('INVALID_INPUT', 'code: `with.input` is not JSON (a cycle or a BigInt)', false),
      );
    const limits: EffectiveLimits = {
      memoryBytes: c.memoryBytes,
      timeoutMs: timeoutMs + CODE_GRACE_MS,
      maxOutputBytes: c.maxOutputBytes,
    };
    return this.dispatch(
      call,
      { what: 'code', limits, key: undefined, manifest: undefined },
      async (w, ex) => {
        this.codeCounts.inWorker++;
        const reply = await w.request(Op.CODE, payload, { maxOut: c.maxOutputBytes, timeoutMs }, ex);
        if (w.codeWarm) this.codeCounts.prepared++;
        else this.codeCounts.evaluated++;
        if (reply.kind === Op.R_OK) return parseOutput(reply.bytes, 'code', undefined);
        return parseFailure(reply.bytes, 'code', false);
      },
    );
  }

  /**
   * Runs `body` on a worker under the call's time limit and cancellation. When either fires, the
   * worker is terminated (a WASM loop cannot be interrupted any other way) and replaced on demand.
   * A call that finds a worker idle and makes no HTTP request creates no AbortController (one each
   * for the wait and the request is made only when needed): this is every block call's path.
   */
  private async dispatch(
    call: BlockCall,
    job: {
      what: string;
      limits: EffectiveLimits;
      key: string | undefined;
      manifest: BlockManifest | undefined;
    },
    body: (w: BlockWorker, ex: Exchange) => Promise<BlockResult>,
  ): Promise<BlockResult> {
    const { what, limits } = job;
    const deadline = Date.now() + limits.timeoutMs;
    let reason: 'timeout' | 'cancelled' | undefined;
    /** Aborts a wait for a worker; made only when the call has to wait. */
    let waiting: AbortController | undefined;
    /** Aborts the block's HTTP requests; made with the first. */
    let http: AbortController | undefined;
    let held: BlockWorker | undefined;
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (reason !== undefined) return;
      reason = why;
      waiting?.abort(why);
      http?.abort(why);
      if (held) {
        held.drainLogs(ex);
        this.pool.discard(held, `${what} stopped: ${why}`);
      }
    };
    const timer = setTimeout(stop, limits.timeoutMs, 'timeout');
    const onCancel = (): void => stop('cancelled');
    call.signal.addEventListener('abort', onCancel, { once: true });
    // Cancelled while the block's module was being made ready (an abort before the listener above
    // never calls it).
    if (call.signal.aborted) reason = 'cancelled';
    /** The signal of the block's HTTP requests (its controller made with the first). */
    const httpSignal = (): AbortSignal => {
      http ??= new AbortController();
      if (reason !== undefined) http.abort(reason);
      return http.signal;
    };
    let denied: string | undefined;
    const ex: Exchange = {
      log: (level, message) => call.log(level, message),
      onHostCall: async (tagged) => {
        const fn = tagged[0];
        const bytes = tagged.subarray(1);
        const answer =
          fn === HostFn.http
            ? await this.hostHttp(bytes, job.manifest, call, deadline, httpSignal())
            : await this.hostJson(fn, bytes, { manifest: job.manifest, call, deadline });
        if (!answer.ok && answer.error.code === 'PERMISSION_DENIED') denied ??= answer.error.message;
        return enc.encode(JSON.stringify(answer));
      },
    };
    const stopped = (): BlockResult =>
      reason === 'timeout'
        ? failure('TIMEOUT', `${what} exceeded its time limit of ${limits.timeoutMs} ms and was stopped`)
        : failure('CANCELLED', `${what} was cancelled`);
    let worker: BlockWorker | undefined;
    try {
      if (reason !== undefined) return stopped();
      worker = this.pool.tryAcquire(job.key);
      if (!worker) {
        waiting = new AbortController();
        try {
          worker = await this.pool.acquire(job.key, waiting.signal);
        } catch (err) {
          if (reason !== undefined)
            return reason === 'timeout'
              ? failure(
                  'TIMEOUT',
                  `${what} did not start within ${limits.timeoutMs} ms: every sandbox worker was busy`,
                )
              : stopped();
          return failure('CANCELLED', `${what}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const w = worker;
      held = w;
      try {
        const result = await body(w, ex);
        // A block that was refused the network and then failed reports the refusal itself.
        if (!result.ok && denied !== undefined) return failure('PERMISSION_DENIED', denied, false);
        return result;
      } catch (err) {
        if (reason !== undefined) return stopped();
        if (err instanceof WorkerGoneError) {
          return /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(err.reason)
            ? failure('LIMIT_EXCEEDED', `${what} exhausted the sandbox's memory`, false)
            : failure('BLOCK_ERROR', `${what}: ${err.reason}`);
        }
        this.pool.discard(w, 'unexpected failure');
        return failure('BLOCK_ERROR', `${what}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        held = undefined;
      }
    } finally {
      clearTimeout(timer);
      call.signal.removeEventListener('abort', onCancel);
      if (worker) this.pool.release(worker);
    }
  }

  private objectStore(): ObjectStore | undefined {
    const o = this.storageOpts;
    if (!o || this.storage) return this.storage;
    this.storage = new ObjectStore({
      dir: o.dir,
      ...(o.quotaBytes !== undefined ? { quotaBytes: o.quotaBytes } : {}),
    });
    return this.storage;
  }

  /** `weft_sql`, `weft_storage` and `weft_tz`: JSON in, JSON out. */
  private async hostJson(
    fn: number | undefined,
    bytes: Uint8Array,
    ctx: { manifest: BlockManifest | undefined; call: BlockCall; deadline: number },
  ): Promise<HostAnswer> {
    let request: unknown;
    try {
      request = JSON.parse(dec.decode(bytes));
    } catch {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'host call: the request is not JSON' } };
    }
    if (fn === HostFn.sql) return hostSql(request, { ...ctx, opts: this.sql });
    if (fn === HostFn.storage) return hostStorage(request, { ...ctx, store: this.objectStore() });
    // Time-zone rules are public data: no capability needed (ABI.md, weft_tz).
    if (fn === HostFn.tz) return timeZoneOffsets(request);
    return { ok: false, error: { code: 'BLOCK_ERROR', message: `unknown host function ${String(fn)}` } };
  }

  private async hostHttp(
    bytes: Uint8Array,
    m: BlockManifest | undefined,
    call: BlockCall,
    deadline: number,
    signal: AbortSignal,
  ): Promise<HttpResponse> {
    if (!m?.capabilities.network) {
      return {
        ok: false,
        error: {
          code: 'PERMISSION_DENIED',
          message: `${m ? `block ${m.name}@${m.version}` : 'this step'} has no network capability (its manifest does not say capabilities.network: true)`,
        },
      };
    }
    let req: HttpRequest;
    try {
      req = JSON.parse(dec.decode(bytes)) as HttpRequest;
    } catch {
      return { ok: false, error: { code: 'HTTP_ERROR', message: 'weft_http: the request is not JSON' } };
    }
    return blockFetch(req, {
      entries: parseEntries(call.permissions.network),
      serverDeny: this.net.deny,
      ...(this.net.allow ? { serverAllow: this.net.allow } : {}),
      resolve: this.net.resolve,
      maxResponseBytes: Math.min(this.net.maxResponseBytes, blockMemory(m, this.caps)),
      maxRedirects: this.net.maxRedirects,
      deadline,
      signal,
    });
  }

  private inputCheck(m: BlockManifest): InputCheck {
    let c = this.checks.get(m);
    if (!c) {
      c = compileCheck(m.inputs);
      this.checks.set(m, c);
    }
    return c;
  }
}

/** Whether UTF-16 unit `u` is ASCII and neither a space nor a control character. */
function printableAscii(u: number): boolean {
  return u > 0x20 && u < 0x7f;
}

function encodeJson(value: unknown): Uint8Array | undefined {
  try {
    return enc.encode(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

function loadMessage(c: CompiledBlock): LoadMessage {
  return {
    t: 'load',
    slot: c.slot,
    module: c.module,
    entry: c.entry,
    hostMemoryPages: c.hostPages,
    memoryMaxPages: c.maxPages,
  };
}
