/** The built-in steps the engine evaluates itself (dsl-v1 §7), and small helpers they share. */
import { parseDuration, unwrapExpression } from '@weft/dsl';
import { DEFAULT_LIMITS, evaluate, evaluateNow, EvalError, jsonLongerThan } from './expressions';
import type { EvalOptions } from './expressions';
import { isRetryable } from './backoff';
import type { BlockResult, ErrorCode } from './ports';

/** `uses` values the engine runs itself; everything else goes to the BlockRunner. */
export const ENGINE_BUILTINS = new Set(['transform', 'if', 'switch', 'fail']);
/** Built-ins that may run to their end without a promise (`builtinNow`). */
export const NOW_BUILTINS = new Set(['transform', 'if', 'switch']);
/** Built-ins that suspend the step (handled by the run controller). */
export const SUSPENDING_BUILTINS = new Set(['wait', 'approval', 'workflow']);

/** Keys of `with` that are always expressions and must not be resolved as templates. */
export function isRawExpressionKey(uses: string, key: string): boolean {
  return (uses === 'transform' && key === 'expression') || (uses === 'if' && key === 'condition');
}

const jsonEqual = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Run `transform`, `if`, `switch` or `fail` with resolved `with` (expression keys left raw).
 * `doc` is the §4 input document of the step.
 */
export async function runBuiltin(
  uses: string,
  input: Record<string, unknown>,
  doc: Record<string, unknown>,
  opts: EvalOptions,
): Promise<BlockResult> {
  try {
    switch (uses) {
      case 'transform': {
        if (typeof input.expression !== 'string')
          return invalid('transform needs `with.expression` (JSONata text)');
        const value = await evaluate(unwrapExpression(input.expression), transformDoc(input, doc), opts);
        return transformResult(value, opts);
      }
      case 'if': {
        const c = input.condition;
        return ifResult(typeof c === 'string' ? await evaluate(unwrapExpression(c), doc, opts) : c);
      }
      case 'switch': {
        if (!Array.isArray(input.cases)) return invalid('switch needs `with.cases` (a list)');
        return switchResult(input.cases, input.value);
      }
      case 'fail': {
        const code = (typeof input.code === 'string' ? input.code : 'BLOCK_ERROR') as ErrorCode;
        const message =
          typeof input.message === 'string' ? input.message : JSON.stringify(input.message ?? 'failed');
        return { ok: false, error: { code, message, retryable: false } };
      }
      default:
        return { ok: false, error: { code: 'BLOCK_NOT_FOUND', message: `unknown built-in ${uses}` } };
    }
  } catch (e) {
    if (e instanceof EvalError)
      return {
        ok: false,
        error: { code: e.code, message: e.message, ...(isRetryable(e) && { retryable: false }) },
      };
    throw e;
  }
}

/**
 * `runBuiltin` here and now for a `transform`, `if` or `switch` whose expression has a shortcut that
 * answers (`evaluateNow`): the same result, without a promise. Undefined: only `runBuiltin` can tell.
 */
export function builtinNow(
  uses: string,
  input: Record<string, unknown>,
  doc: Record<string, unknown>,
  opts: EvalOptions,
): BlockResult | undefined {
  switch (uses) {
    case 'transform': {
      if (typeof input.expression !== 'string') return undefined;
      const r = evaluateNow(unwrapExpression(input.expression), transformDoc(input, doc));
      return r && transformResult(r.value, opts);
    }
    case 'if': {
      const c = input.condition;
      if (typeof c !== 'string') return ifResult(c);
      const r = evaluateNow(unwrapExpression(c), doc);
      return r && ifResult(r.value);
    }
    case 'switch':
      return Array.isArray(input.cases) ? switchResult(input.cases, input.value) : undefined;
    default:
      return undefined;
  }
}

/** A transform's document: `with.input`, when given, is `input` in its expression. */
const transformDoc = (
  input: Record<string, unknown>,
  doc: Record<string, unknown>,
): Record<string, unknown> => ('input' in input ? { ...doc, input: input.input } : doc);

function transformResult(value: unknown, opts: EvalOptions): BlockResult {
  const output = value ?? null;
  // The same bound as a block's output (issue 9 item 4): nothing larger is stored.
  const max = opts.limits?.maxBytes ?? (DEFAULT_LIMITS.maxBytes as number);
  if (jsonLongerThan(output, max))
    return {
      ok: false,
      error: {
        code: 'LIMIT_EXCEEDED',
        message: `transform output is larger than the limit of ${max} bytes`,
        retryable: false,
      },
    };
  return { ok: true, output };
}

function ifResult(value: unknown): BlockResult {
  const truthy = Boolean(value) && !(Array.isArray(value) && value.length === 0);
  return { ok: true, output: { value: truthy }, port: truthy ? 'then' : 'else' };
}

function switchResult(cases: readonly unknown[], value: unknown): BlockResult {
  const hit = cases.find((c) => jsonEqual(c, value));
  return { ok: true, output: { value: value ?? null }, port: hit === undefined ? 'default' : String(hit) };
}

function invalid(message: string): BlockResult {
  return { ok: false, error: { code: 'INVALID_INPUT', message } };
}

/**
 * A `wait` duration as evaluated at run time: a duration (dsl-v1 §3, @weft/dsl's units), or a
 * number of milliseconds an expression computed (rounded; digits as text too). Undefined when malformed.
 */
export function parseRuntimeDuration(v: unknown): number | undefined {
  const text = typeof v === 'string' ? v.trim() : undefined;
  const n =
    typeof v === 'number' ? v : text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
  if (n !== undefined) return Number.isFinite(n) && n >= 0 ? parseDuration(Math.round(n)) : undefined;
  return parseDuration(text ?? v);
}
