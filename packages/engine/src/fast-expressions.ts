/**
 * A shortcut for the commonest expressions: a field path (`steps.a.output`, `trigger.body.n`), a
 * number, or one arithmetic operator between two of those (`steps.a.output + 1`). JSONata evaluates
 * them through its general (async, allocation-heavy) evaluator; here they cost a few property reads.
 *
 * The shortcut only answers when it is certain to give what JSONata gives: every step of a path must be
 * an own property of a plain (non-array) object, the final value must not be an array (JSONata's
 * sequence rules apply to those), and arithmetic needs two numbers and a finite result. In every other
 * case it declines and the caller runs JSONata, which then produces the exact value or error.
 */

/** A compiled shortcut: `undefined` means "ask JSONata". */
export type FastExpression = (doc: unknown) => { value: unknown } | undefined;

type Operand = (doc: unknown) => unknown;

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const OPERAND = `((?:0|[1-9]\\d*)(?:\\.\\d+)?|${NAME}(?:\\.${NAME})*)`;
const SHAPE = new RegExp(`^\\s*${OPERAND}\\s*(?:([-+*/])\\s*${OPERAND}\\s*)?$`);
/** Words JSONata reads as literals or operators, never as field names. */
const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'in', 'function']);
const hasOwn = Object.prototype.hasOwnProperty;

/** Declines (undefined) for anything that is not a plain path into plain objects. */
const DECLINE = Symbol('decline');

function operand(text: string): Operand | null {
  if (/^\d/.test(text)) {
    const n = Number(text);
    return () => n;
  }
  const names = text.split('.');
  if (names.some((n) => KEYWORDS.has(n))) return null;
  return (doc) => {
    let cur: unknown = doc;
    for (const n of names) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !hasOwn.call(cur, n))
        return DECLINE;
      cur = (cur as Record<string, unknown>)[n];
    }
    return Array.isArray(cur) || typeof cur === 'function' || cur === undefined ? DECLINE : cur;
  };
}

const OPS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
};

/** The shortcut for `source`, or null when it does not have one of the simple shapes. */
export function compileFast(source: string): FastExpression | null {
  const m = SHAPE.exec(source);
  if (!m?.[1]) return null;
  const left = operand(m[1]);
  if (!left) return null;
  const op = m[2];
  if (op === undefined) {
    return (doc) => {
      const v = left(doc);
      return v === DECLINE ? undefined : { value: v };
    };
  }
  const right = m[3] === undefined ? null : operand(m[3]);
  const fn = OPS[op];
  if (!right || !fn) return null;
  return (doc) => {
    const a = left(doc);
    const b = right(doc);
    if (typeof a !== 'number' || typeof b !== 'number') return undefined;
    const v = fn(a, b);
    return Number.isFinite(v) ? { value: v } : undefined;
  };
}
