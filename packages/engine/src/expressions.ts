/**
 * JSONata evaluation for the engine: compiled once per source text, bounded in steps and depth,
 * templates per dsl-v1 §4 (`${{ }}` alone keeps its type; mixed text gives a string).
 */
import jsonata from 'jsonata';
import { splitTemplate, isSingleExpression, setOwn } from '@weft/dsl';
import { compileFast } from './fast-expressions';
import type { FastExpression } from './fast-expressions';
import { SafeRegExp } from './safe-regex';
import type { ErrorCode } from './ports';
import type { Turns } from './ports';
import { systemTurns } from './system';

/** An expected failure while evaluating: carries the step error code. */
export class EvalError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EvalError';
  }
}

export interface EvalLimits {
  /** Most expression nodes one evaluation may visit (a deterministic bound on time). */
  maxSteps: number;
  /** Deepest nesting of evaluation (recursion). */
  maxDepth: number;
  /**
   * Time one evaluation may compute, in ms (default 5,000). Only time spent evaluating counts: an
   * evaluation hands the thread back every few ms (so the server keeps answering), and the time it
   * waits meanwhile is not charged. Over it ⇒ TIMEOUT (not retried).
   */
  maxMs?: number;
  /** Longest sequence or range an evaluation may build (default 100,000 items) ⇒ LIMIT_EXCEEDED. */
  maxItems?: number;
  /** Longest string an evaluation may build, and largest `transform` output as JSON (default 4 MiB). */
  maxBytes?: number;
}

export const DEFAULT_LIMITS: EvalLimits = {
  maxSteps: 1_000_000,
  maxDepth: 300,
  maxMs: 5_000,
  maxItems: 100_000,
  maxBytes: 4 * 1024 * 1024,
};

interface Guard {
  steps: number;
  limits: EvalLimits;
  /** Evaluation time charged so far (ms) and when the current slice began. */
  spent: number;
  sliceStart: number;
  turns: Pick<Turns, 'next' | 'elapsedMs'>;
}
interface EvalEnv {
  base: { depth: number };
  lookup(name: string): unknown;
}

// A string binding (jsonata copies only string keys of `bindings` into the evaluation's frame).
const GUARD = '__weftGuard';
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EXIT = Symbol.for('jsonata.__evaluate_exit');
/** Work this long, then let the event loop run (HTTP, timers, other runs) before going on. */
const SLICE_MS = 8;

const guardOf = (env: EvalEnv): Guard | undefined => {
  if (env.base !== lastBase) {
    lastBase = env.base;
    lastGuard = env.lookup(GUARD) as Guard | undefined;
  }
  return lastGuard;
};

// jsonata calls the entry hook (awaited) before every node with the evaluation's environment; the
// root frame (`env.base`) is unique per `evaluate()` call, and `base.depth` is jsonata's own depth.
let lastBase: unknown;
let lastGuard: Guard | undefined;
function onEntry(_expr: unknown, _input: unknown, env: EvalEnv): Promise<void> | undefined {
  const g = guardOf(env);
  if (!g) return undefined;
  if (++g.steps > g.limits.maxSteps) {
    throw { code: 'WEFT_STEPS', message: `evaluation took more than ${g.limits.maxSteps} steps` };
  }
  if (env.base.depth > g.limits.maxDepth) {
    throw { code: 'WEFT_DEPTH', message: `evaluation nested deeper than ${g.limits.maxDepth}` };
  }
  if ((g.steps & 63) !== 0) return undefined;
  const t = g.turns.elapsedMs();
  if (t - g.sliceStart < SLICE_MS) return undefined;
  g.spent += t - g.sliceStart;
  const maxMs = g.limits.maxMs ?? (DEFAULT_LIMITS.maxMs as number);
  if (g.spent > maxMs) throw { code: 'WEFT_TIMEOUT', message: `evaluation ran longer than ${maxMs} ms` };
  // Preemption: the rest of this evaluation continues after whatever is waiting on the event loop.
  return new Promise((resolve) =>
    g.turns.next(() => {
      g.sliceStart = g.turns.elapsedMs();
      resolve();
    }),
  );
}

/** After every node: no string or array the limits forbid survives long enough to be used. */
function onExit(_expr: unknown, _input: unknown, env: EvalEnv, result: unknown): void {
  if (typeof result === 'string') {
    if (result.length < 65_536) return;
    const g = guardOf(env);
    const max = g?.limits.maxBytes ?? (DEFAULT_LIMITS.maxBytes as number);
    if (result.length > max)
      throw {
        code: 'WEFT_LIMIT',
        message: `a string of ${result.length} characters is over the limit of ${max}`,
      };
  } else if (Array.isArray(result) && result.length > 4096) {
    const g = guardOf(env);
    const max = g?.limits.maxItems ?? (DEFAULT_LIMITS.maxItems as number);
    if (result.length > max)
      throw {
        code: 'WEFT_LIMIT',
        message: `a sequence of ${result.length} items is over the limit of ${max}`,
      };
  }
}

const cache = new Map<string, jsonata.Expression>();
const MAX_CACHE = 20_000;

/** Compile (or fetch from the cache) a JSONata expression; throws EvalError on a syntax error. */
export function compile(source: string, maxItems = DEFAULT_LIMITS.maxItems as number): jsonata.Expression {
  const key = maxItems === DEFAULT_LIMITS.maxItems ? source : `${maxItems}\u0000${source}`;
  let e = cache.get(key);
  if (e) return e;
  try {
    // `sequence` makes jsonata refuse a range or sequence longer than the limit before building it.
    e = jsonata(source, {
      RegexEngine: SafeRegExp as unknown as RegExpConstructor,
      sequence: maxItems,
    });
  } catch (err) {
    throw new EvalError('EXPRESSION_ERROR', `expression ${quote(source)} is invalid: ${messageOf(err)}`);
  }
  const x = e as unknown as { assign(n: symbol | string, v: unknown): void };
  x.assign(ENTRY, onEntry);
  x.assign(EXIT, onExit);
  x.assign('distinct', distinct);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, e);
  return e;
}

/**
 * `$distinct` in linear time (jsonata's own compares every pair: seconds for 100,000 items, in one
 * call nothing can interrupt). Values are equal when their JSON is.
 */
function distinct(arr: unknown): unknown {
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of arr) {
    const k = typeof v === 'string' ? `s${v}` : `j${JSON.stringify(v) ?? 'undefined'}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** The code an evaluation failure carries: TIMEOUT and LIMIT_EXCEEDED for the bounds, else EXPRESSION_ERROR. */
function codeOf(err: unknown): ErrorCode {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  if (code === 'WEFT_TIMEOUT') return 'TIMEOUT';
  if (code === 'WEFT_LIMIT' || code === 'D2014' || code === 'D2015') return 'LIMIT_EXCEEDED';
  return 'EXPRESSION_ERROR';
}

const quote = (s: string): string =>
  JSON.stringify(s.trim().length > 200 ? s.trim().slice(0, 200) + '…' : s.trim());
const messageOf = (err: unknown): string =>
  err && typeof err === 'object' && 'message' in err
    ? String((err as { message: unknown }).message)
    : String(err);

const fromMillis = jsonata('$fromMillis($ms, $p, $tz)');

export interface EvalOptions {
  /** Epoch ms that `$now()` and `$millis()` return (the engine's clock, for replayable runs). */
  now: number;
  limits?: EvalLimits;
  /** Where a long evaluation yields to the event loop, and its stopwatch (default the host's: `systemTurns`). */
  turns?: Pick<Turns, 'next' | 'elapsedMs'>;
}

const fastCache = new Map<string, FastExpression | null>();

/**
 * `evaluate` here and now, when the expression has a shortcut (fast-expressions.ts) that answers for
 * this document: the same value, without a promise. Undefined: only `evaluate` can tell.
 */
export function evaluateNow(source: string, doc: unknown): { value: unknown } | undefined {
  let fast = fastCache.get(source);
  if (fast === undefined) {
    fast = compileFast(source);
    if (fastCache.size >= MAX_CACHE) fastCache.clear();
    fastCache.set(source, fast);
  }
  const quick = fast?.(doc);
  return quick && { value: toPlain(quick.value) };
}

/** Evaluate one JSONata expression against the §4 input document. */
export async function evaluate(source: string, doc: unknown, opts: EvalOptions): Promise<unknown> {
  const quick = evaluateNow(source, doc);
  if (quick) return quick.value;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const expr = compile(source, limits.maxItems ?? DEFAULT_LIMITS.maxItems);
  const turns = opts.turns ?? systemTurns;
  const guard: Guard = { steps: 0, limits, spent: 0, sliceStart: turns.elapsedMs(), turns };
  const ms = opts.now;
  const bindings = {
    [GUARD]: guard,
    millis: () => ms,
    now: (p?: string, tz?: string) =>
      p === undefined && tz === undefined
        ? new Date(ms).toISOString()
        : fromMillis.evaluate({}, { ms, p, tz }),
  };
  try {
    const result = await expr.evaluate(doc, bindings);
    return toPlain(result);
  } catch (err) {
    throw new EvalError(codeOf(err), `expression ${quote(source)} failed: ${messageOf(err)}`);
  }
}

/** jsonata results may be sequences or hold functions; turn them into plain JSON values. */
export function toPlain(v: unknown): unknown {
  if (v === undefined || v === null) return v ?? null;
  if (typeof v === 'function') return null;
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      if (x !== undefined && typeof x !== 'function') setOwn(out, k, toPlain(x));
    return out;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

const templateCache = new Map<string, ReturnType<typeof splitTemplate>>();
function parts(text: string): ReturnType<typeof splitTemplate> {
  let p = templateCache.get(text);
  if (!p) {
    p = splitTemplate(text);
    if (templateCache.size >= MAX_CACHE) templateCache.clear();
    templateCache.set(text, p);
  }
  return p;
}

/** How a template's expression shows in mixed text. */
const asText = (r: unknown): string =>
  r === null || r === undefined ? '' : typeof r === 'string' ? r : JSON.stringify(r);

/**
 * `resolveValue` here and now, when every expression in `value` has a shortcut that answers
 * (`evaluateNow`): the same value, without a promise. Undefined: only `resolveValue` can tell.
 */
export function resolveNow(value: unknown, doc: unknown): { value: unknown } | undefined {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return { value };
    const p = parts(value);
    if (!p.ok) return undefined;
    if (isSingleExpression(p.parts)) {
      const r = evaluateNow((p.parts[0] as { source: string }).source, doc);
      return r && { value: r.value ?? null };
    }
    let out = '';
    for (const part of p.parts) {
      if (part.kind === 'text') out += part.text;
      else {
        const r = evaluateNow(part.source, doc);
        if (!r) return undefined;
        out += asText(r.value);
      }
    }
    return { value: out };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const r = resolveNow(v, doc);
      if (!r) return undefined;
      out.push(r.value);
    }
    return { value: out };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveNow(v, doc);
      if (!r) return undefined;
      setOwn(out, k, r.value);
    }
    return { value: out };
  }
  return { value };
}

/** Resolve a value from `with`/`outputs`/`vars`: every string's `${{ }}` templates, deeply. */
export async function resolveValue(value: unknown, doc: unknown, opts: EvalOptions): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return value;
    const p = parts(value);
    if (!p.ok) throw new EvalError('EXPRESSION_ERROR', `template ${quote(value)} is invalid: ${p.message}`);
    if (isSingleExpression(p.parts)) {
      const only = p.parts[0] as { source: string };
      return (await evaluate(only.source, doc, opts)) ?? null;
    }
    let out = '';
    for (const part of p.parts) {
      if (part.kind === 'text') out += part.text;
      else out += asText(await evaluate(part.source, doc, opts));
    }
    return out;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await resolveValue(v, doc, opts));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, await resolveValue(v, doc, opts));
    return out;
  }
  return value;
}

/** True when a value holds a template anywhere (so it needs resolving at all). */
export function hasTemplates(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${{');
  if (Array.isArray(value)) return value.some(hasTemplates);
  if (value && typeof value === 'object') return Object.values(value).some(hasTemplates);
  return false;
}

const SECRET_REF = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([^"']+)["']\s*\])/g;

/** Names of the secrets that expressions in `value` refer to (`secrets.NAME` or `secrets['NAME']`). */
export function secretNames(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (value.includes('secrets'))
      for (const m of value.matchAll(SECRET_REF)) into.add((m[1] ?? m[2]) as string);
  } else if (Array.isArray(value)) for (const v of value) secretNames(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) secretNames(v, into);
  return into;
}

/**
 * True when `value` as JSON is longer than `limit` characters; stops counting as soon as it is, so
 * a huge value costs no more than the limit.
 */
export function jsonLongerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (v === null || typeof v !== 'object') size += typeof v === 'number' ? 8 : 5;
    else if (Array.isArray(v)) {
      size += 1 + v.length;
      for (const x of v) stack.push(x);
    } else {
      for (const [k, x] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(x);
      }
    }
    if (size > limit) return true;
  }
  return false;
}
