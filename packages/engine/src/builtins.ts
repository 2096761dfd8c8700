/** The built-in steps the engine evaluates itself (dsl-v1 §7), and small helpers they share. */
import { parseDuration, unwrapExpression } from '@weft/dsl';
import { DEFAULT_LIMITS, evaluate, EvalError, jsonLongerThan } from './expressions';
import type { EvalOptions } from './expressions';
import { isRetryable } from './backoff';
import type { BlockResult, ErrorCode } from './ports';

/** `uses` values the engine runs itself; everything else goes to the BlockRunner. */
export const ENGINE_BUILTINS = new Set(['transform', 'if', 'switch', 'fail']);
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
        const d = 'input' in input ? { ...doc, input: input.input } : doc;
        const output = (await evaluate(unwrapExpression(input.expression), d, opts)) ?? null;
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
      case 'if': {
        const c = input.condition;
        const value = typeof c === 'string' ? await evaluate(unwrapExpression(c), doc, opts) : c;
        const truthy = Boolean(value) && !(Array.isArray(value) && value.length === 0);
        return { ok: true, output: { value: truthy }, port: truthy ? 'then' : 'else' };
      }
      case 'switch': {
        if (!Array.isArray(input.cases)) return invalid('switch needs `with.cases` (a list)');
        const hit = input.cases.find((c) => jsonEqual(c, input.value));
        return {
          ok: true,
          output: { value: input.value ?? null },
          port: hit === undefined ? 'default' : String(hit),
        };
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
