/** The built-in steps the engine evaluates itself (dsl-v1 §7), and small helpers they share. */
import { unwrapExpression } from '@weft/dsl';
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

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration as in dsl-v1 §3 (`250ms`, `1m30s`, or an integer of ms); undefined when malformed. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * (UNIT[m[2] as string] as number);
    pos = re.lastIndex;
  }
  return pos === t.length && t.length > 0 ? total : undefined;
}
