import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import createPlugin from '@extism/extism';
import type { CallContext, Plugin } from '@extism/extism';
import { ensureBlockBuilt } from './build';
import { timeZoneOffsets } from './time-zones';

/** The request a block sends through `weft_http` (packages/sandbox/ABI.md). */
export interface WeftHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  bodyBase64?: string;
  timeoutMs?: number;
}

/** The host's answer to `weft_http` (packages/sandbox/ABI.md). */
export type WeftHttpResponse =
  | { ok: true; status: number; headers: Record<string, string>; body: string; bodyBase64?: string }
  | { ok: false; error: { code: string; message: string } };

/** Answers a block's HTTP request in tests (no network): canned responses, recorded requests. */
export type HttpStub = (request: WeftHttpRequest) => WeftHttpResponse;

/** The ABI's failure JSON. */
export interface BlockErrorInfo {
  code: string;
  message: string;
  retryable?: boolean;
}

/** One call's outcome: the block's `{output, port?}` or its error (traps become `BLOCK_ERROR`). */
export type BlockCallResult =
  { ok: true; output: unknown; port?: string } | { ok: false; error: BlockErrorInfo };

export interface BlockLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A block module loaded in-process for tests and `weft block test` (not the production sandbox). */
export interface LoadedBlock {
  /** Calls the entry with `{with, context}`. */
  call(input: unknown, context?: Partial<BlockCallContext>): Promise<BlockCallResult>;
  /** Everything the block logged so far. */
  readonly logs: BlockLogEntry[];
  /** Every request the block sent through `weft_http`. */
  readonly requests: WeftHttpRequest[];
  close(): Promise<void>;
}

export interface BlockCallContext {
  runId: string;
  stepId: string;
  attempt: number;
  idempotencyKey: string;
}

export interface LoadBlockOptions {
  /** Answers `weft_http`; without it every request is refused with PERMISSION_DENIED. */
  http?: HttpStub;
  /** Answers `weft_sql` / `weft_storage` (JSON in, JSON out); without one they are refused. */
  sql?: (request: unknown) => unknown;
  storage?: (request: unknown) => unknown;
  /** Exported function to call (default `run`). */
  entry?: string;
  /** Memory cap in 64 KiB pages. */
  maxPages?: number;
}

const NO_NETWORK: HttpStub = (req) => ({
  ok: false,
  error: {
    code: 'PERMISSION_DENIED',
    message: `network access to ${safeHost(req.url)} is not allowed in this test`,
  },
});

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Turns what Extism threw into the ABI's error shape. */
export function errorFromThrown(err: unknown): BlockErrorInfo {
  const text = err instanceof Error ? err.message : String(err);
  const prefix = 'Plugin-originated error: ';
  if (text.startsWith(prefix)) {
    try {
      const parsed = JSON.parse(text.slice(prefix.length)) as Partial<BlockErrorInfo>;
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
        const info: BlockErrorInfo = { code: parsed.code, message: parsed.message };
        if (typeof parsed.retryable === 'boolean') info.retryable = parsed.retryable;
        return info;
      }
    } catch {
      // fall through: not the ABI's JSON
    }
    return { code: 'BLOCK_ERROR', message: text.slice(prefix.length) };
  }
  return { code: 'BLOCK_ERROR', message: `block crashed: ${text}` };
}

/** Answers a JSON host call with a test's stub, or refuses it when the test gave none. */
function serve(
  name: string,
  stub: ((request: unknown) => unknown) | undefined,
  text: string | undefined,
): unknown {
  if (!stub)
    return {
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: `${name} is not available in this test` },
    };
  try {
    return stub(JSON.parse(text ?? 'null'));
  } catch (err) {
    return { ok: false, error: { code: 'BLOCK_ERROR', message: `${name} stub: ${(err as Error).message}` } };
  }
}

/** Loads a built module (path or bytes) with a `weft_http` stub and a log recorder. */
export async function loadBlockWasm(
  wasm: string | Uint8Array,
  options: LoadBlockOptions = {},
): Promise<LoadedBlock> {
  const bytes = typeof wasm === 'string' ? await readFile(wasm) : wasm;
  const logs: BlockLogEntry[] = [];
  const requests: WeftHttpRequest[] = [];
  const stub = options.http ?? NO_NETWORK;
  const record =
    (level: BlockLogEntry['level']) =>
    (message: unknown): void =>
      void logs.push({ level, message: String(message) });
  const logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    trace: record('debug'),
    log: record('info'),
  };
  const plugin: Plugin = await createPlugin(
    { wasm: [{ data: bytes }] },
    {
      useWasi: false,
      runInWorker: false,
      logger: logger as unknown as Console,
      logLevel: 'debug',
      memory: options.maxPages ? { maxPages: options.maxPages } : {},
      functions: {
        'extism:host/user': {
          weft_http(ctx: CallContext, offset: bigint): bigint {
            const text = ctx.read(offset)?.text() ?? '';
            let answer: WeftHttpResponse;
            try {
              const req = JSON.parse(text) as WeftHttpRequest;
              requests.push(req);
              answer = stub(req);
            } catch (err) {
              answer = {
                ok: false,
                error: { code: 'HTTP_ERROR', message: `bad weft_http request: ${(err as Error).message}` },
              };
            }
            return ctx.store(JSON.stringify(answer));
          },
          weft_tz: (ctx: CallContext, offset: bigint): bigint =>
            ctx.store(JSON.stringify(serve('weft_tz', timeZoneOffsets, ctx.read(offset)?.text()))),
          weft_sql: (ctx: CallContext, offset: bigint): bigint =>
            ctx.store(JSON.stringify(serve('weft_sql', options.sql, ctx.read(offset)?.text()))),
          weft_storage: (ctx: CallContext, offset: bigint): bigint =>
            ctx.store(JSON.stringify(serve('weft_storage', options.storage, ctx.read(offset)?.text()))),
        },
      },
    },
  );
  const entry = options.entry ?? 'run';
  return {
    logs,
    requests,
    async call(input, context = {}) {
      const ctx: BlockCallContext = {
        runId: context.runId ?? 'run_test',
        stepId: context.stepId ?? 'step_test',
        attempt: context.attempt ?? 1,
        idempotencyKey:
          context.idempotencyKey ?? `run_test:step_test:${Math.random().toString(36).slice(2)}:1`,
      };
      let out;
      try {
        out = await plugin.call(entry, JSON.stringify({ with: input, context: ctx }));
      } catch (err) {
        return { ok: false, error: errorFromThrown(err) };
      }
      const text = out?.text() ?? '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { ok: false, error: { code: 'BLOCK_ERROR', message: 'block returned invalid JSON output' } };
      }
      if (typeof parsed !== 'object' || parsed === null || !('output' in parsed)) {
        return { ok: false, error: { code: 'BLOCK_ERROR', message: 'block output has no `output` field' } };
      }
      const { output, port } = parsed as { output: unknown; port?: unknown };
      return typeof port === 'string' ? { ok: true, output, port } : { ok: true, output };
    },
    close: () => plugin.close(),
  };
}

/** Builds the block in `dir` if its module is missing or stale, then loads it in-process. */
export async function loadBlock(dir: string, options: LoadBlockOptions = {}): Promise<LoadedBlock> {
  const { manifest, wasmPath } = await ensureBlockBuilt(resolve(dir));
  return loadBlockWasm(wasmPath, {
    entry: manifest.entry,
    maxPages: Math.floor(manifest.memoryBytes / 65536),
    ...options,
  });
}
