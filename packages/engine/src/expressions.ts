/**
 * JSONata evaluation for the engine: compiled once per source text, bounded in steps and depth,
 * templates per dsl-v1 §4 (`${{ }}` alone keeps its type; mixed text gives a string).
 */
import jsonata from 'jsonata';
import { splitTemplate, isSingleExpression, setOwn } from '@weft/dsl';
import { compileFast } from './fast-expressions';
import type { FastExpression } from './fast-expressions';
import type { ErrorCode } from './ports';

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
}

export const DEFAULT_LIMITS: EvalLimits = { maxSteps: 1_000_000, maxDepth: 300 };

interface Guard {
  steps: number;
  limits: EvalLimits;
}
interface EvalEnv {
  base: { depth: number };
  lookup(name: string): unknown;
}

// A string binding (jsonata copies only string keys of `bindings` into the evaluation's frame).
const GUARD = '__weftGuard';
const ENTRY = Symbol.for('jsonata.__evaluate_entry');

// jsonata calls the entry hook (awaited) before every node with the evaluation's environment; the
// root frame (`env.base`) is unique per `evaluate()` call, and `base.depth` is jsonata's own depth.
let lastBase: unknown;
let lastGuard: Guard | undefined;
function onEntry(_expr: unknown, _input: unknown, env: EvalEnv): void {
  if (env.base !== lastBase) {
    lastBase = env.base;
    lastGuard = env.lookup(GUARD) as Guard | undefined;
  }
  const g = lastGuard;
  if (!g) return;
  if (++g.steps > g.limits.maxSteps) {
    throw { code: 'WEFT_STEPS', message: `evaluation took more than ${g.limits.maxSteps} steps` };
  }
  if (env.base.depth > g.limits.maxDepth) {
    throw { code: 'WEFT_DEPTH', message: `evaluation nested deeper than ${g.limits.maxDepth}` };
  }
}

const cache = new Map<string, jsonata.Expression>();
const MAX_CACHE = 20_000;

/** Compile (or fetch from the cache) a JSONata expression; throws EvalError on a syntax error. */
export function compile(source: string): jsonata.Expression {
  let e = cache.get(source);
  if (e) return e;
  try {
    e = jsonata(source);
  } catch (err) {
    throw new EvalError('EXPRESSION_ERROR', `expression ${quote(source)} is invalid: ${messageOf(err)}`);
  }
  (e as unknown as { assign(n: symbol, v: unknown): void }).assign(ENTRY, onEntry);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(source, e);
  return e;
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
}

const fastCache = new Map<string, FastExpression | null>();

/** Evaluate one JSONata expression against the §4 input document. */
export async function evaluate(source: string, doc: unknown, opts: EvalOptions): Promise<unknown> {
  let fast = fastCache.get(source);
  if (fast === undefined) {
    fast = compileFast(source);
    if (fastCache.size >= MAX_CACHE) fastCache.clear();
    fastCache.set(source, fast);
  }
  const quick = fast?.(doc);
  if (quick) return toPlain(quick.value);
  const expr = compile(source);
  const guard: Guard = { steps: 0, limits: opts.limits ?? DEFAULT_LIMITS };
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
    throw new EvalError('EXPRESSION_ERROR', `expression ${quote(source)} failed: ${messageOf(err)}`);
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
      else {
        const r = await evaluate(part.source, doc, opts);
        out += r === null || r === undefined ? '' : typeof r === 'string' ? r : JSON.stringify(r);
      }
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
