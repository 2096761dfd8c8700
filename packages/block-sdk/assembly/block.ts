// The block side of the Weft block ABI (packages/sandbox/ABI.md): read `{with, context}`, write
// `{output, port?}` or fail with `{code, message, retryable?}`.
import { Host, LogLevel, Memory } from '../node_modules/@extism/as-pdk/lib/pdk';
import { error_set } from '../node_modules/@extism/as-pdk/lib/env';
import { Json, parseJson, quoteJson } from './json';

/** Whether a failure may be retried: Default leaves it to the engine's rule for the code. */
export enum Retry {
  Default,
  Yes,
  No,
}

/** What a block handler returns: an output (optionally on a named port) or a failure. */
export class Result {
  constructor(
    public failed: bool,
    public output: Json,
    public port: string | null,
    public code: string,
    public message: string,
    public retry: Retry,
  ) {}

  /** Serialized as the ABI's success or error JSON. */
  toJson(): string {
    if (this.failed) {
      let s = '{"code":' + quoteJson(this.code) + ',"message":' + quoteJson(this.message);
      if (this.retry != Retry.Default) s += ',"retryable":' + (this.retry == Retry.Yes ? 'true' : 'false');
      return s + '}';
    }
    const port = this.port;
    const head = '{"output":' + this.output.stringify();
    return port == null ? head + '}' : head + ',"port":' + quoteJson(port) + '}';
  }
}

/** A successful result carrying `output` (on `port` when the block declares ports). */
export function ok(output: Json, port: string | null = null): Result {
  return new Result(false, output, port, '', '', Retry.Default);
}

/** A failed result with a shared error code (DESIGN.md), e.g. `fail('INVALID_INPUT', '`url` is required')`. */
export function fail(code: string, message: string, retry: Retry = Retry.Default): Result {
  return new Result(true, Json.Null(), null, code, message, retry);
}

/** The step's identity, from the input's `context`. */
export class Context {
  runId: string = '';
  stepId: string = '';
  attempt: i32 = 1;
  idempotencyKey: string = '';
}

/**
 * The block's input: `with` (the resolved inputs) plus typed getters that record the first
 * problem they meet, so a handler reads everything and then returns `input.invalid()` if set.
 */
export class Input {
  with: Json = Json.Obj();
  context: Context = new Context();
  private problem: string | null = null;

  /** Records an input problem (the first one wins). */
  reject(message: string): void {
    if (this.problem == null) this.problem = message;
  }

  /** An INVALID_INPUT failure when a getter met a problem, else null. */
  invalid(): Result | null {
    const p = this.problem;
    return p == null ? null : fail('INVALID_INPUT', p);
  }

  /** The raw value of `name`, or null when absent or JSON null. */
  value(name: string): Json | null {
    const v = this.with.get(name);
    return v == null || v.isNull() ? null : v;
  }

  has(name: string): bool {
    return this.value(name) != null;
  }

  /** A string input; `fallback` when absent. A non-string is a problem. */
  string(name: string, fallback: string = ''): string {
    const v = this.value(name);
    if (v == null) return fallback;
    if (!v.isString()) {
      this.reject('`' + name + '` must be a string');
      return fallback;
    }
    return v.asString();
  }

  /** A string input that must be present. */
  requireString(name: string): string {
    if (!this.has(name)) {
      this.reject('`' + name + '` is required');
      return '';
    }
    return this.string(name);
  }

  /** A string input that must be one of `choices`. */
  choice(name: string, choices: string[], fallback: string): string {
    const s = this.string(name, fallback);
    if (!choices.includes(s)) {
      this.reject('`' + name + '` must be one of ' + choices.join(', ') + ' (got "' + s + '")');
      return fallback;
    }
    return s;
  }

  bool(name: string, fallback: bool): bool {
    const v = this.value(name);
    if (v == null) return fallback;
    if (!v.isBool()) {
      this.reject('`' + name + '` must be true or false');
      return fallback;
    }
    return v.asBool();
  }

  number(name: string, fallback: f64): f64 {
    const v = this.value(name);
    if (v == null) return fallback;
    if (!v.isNumber()) {
      this.reject('`' + name + '` must be a number');
      return fallback;
    }
    return v.asNumber();
  }

  /** An object input (an empty object when absent). */
  object(name: string): Json {
    const v = this.value(name);
    if (v == null) return Json.Obj();
    if (!v.isObject()) {
      this.reject('`' + name + '` must be an object');
      return Json.Obj();
    }
    return v;
  }

  /** An array input (an empty array when absent). */
  array(name: string): Json {
    const v = this.value(name);
    if (v == null) return Json.Arr();
    if (!v.isArray()) {
      this.reject('`' + name + '` must be an array');
      return Json.Arr();
    }
    return v;
  }
}

/** Parses the ABI input text; an error result when it is not the expected JSON. */
export function parseInput(text: string, into: Input): Result | null {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail('INVALID_INPUT', 'block input is not JSON: ' + parsed.error);
  const root = parsed.value;
  if (!root.isObject()) return fail('INVALID_INPUT', 'block input must be a JSON object');
  const w = root.get('with');
  if (w != null && !w.isNull()) {
    if (!w.isObject()) return fail('INVALID_INPUT', '`with` must be an object');
    into.with = w;
  }
  const c = root.get('context');
  if (c != null && c.isObject()) {
    const ctx = into.context;
    const runId = c.get('runId');
    if (runId != null && runId.isString()) ctx.runId = runId.asString();
    const stepId = c.get('stepId');
    if (stepId != null && stepId.isString()) ctx.stepId = stepId.asString();
    const attempt = c.get('attempt');
    if (attempt != null && attempt.isNumber()) ctx.attempt = <i32>attempt.asNumber();
    const key = c.get('idempotencyKey');
    if (key != null && key.isString()) ctx.idempotencyKey = key.asString();
  }
  return null;
}

/** Writes a string as UTF-8 Extism output. */
export function writeOutput(text: string): void {
  Host.output(Uint8Array.wrap(String.UTF8.encode(text)));
}

/** Sets the Extism error text. */
export function writeError(text: string): void {
  error_set(Memory.allocateString(text).offset);
}

/**
 * Runs a block handler against the call's input and writes its result. Export it as the entry:
 *
 * ```ts
 * export function run(): i32 { return Block.run(handle); }
 * function handle(input: Input): Result { return ok(Json.Obj().setString('hello', input.string('name'))); }
 * ```
 */
export class Block {
  static run(handler: (input: Input) => Result): i32 {
    const input = new Input();
    const bad = parseInput(Host.inputString(), input);
    const result = bad != null ? bad : handler(input);
    if (result.failed) {
      writeError(result.toJson());
      return 1;
    }
    writeOutput(result.toJson());
    return 0;
  }
}

/** Logs into the run's log (Extism log functions). */
export namespace log {
  export function debug(message: string): void {
    Host.log(LogLevel.Debug, message);
  }
  export function info(message: string): void {
    Host.log(LogLevel.Info, message);
  }
  export function warn(message: string): void {
    Host.log(LogLevel.Warn, message);
  }
  export function error(message: string): void {
    Host.log(LogLevel.Error, message);
  }
}
