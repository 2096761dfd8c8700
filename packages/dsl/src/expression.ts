import jsonata from 'jsonata';

/** Where `steps.<id>` is read inside an expression (offsets into the expression source). */
export interface StepRef {
  id: string;
  offset: number;
  length: number;
}

export interface ExpressionAnalysis {
  ok: boolean;
  refs: {
    /** Step ids read as `steps.X` or `$$.steps.X`, in order of first use, without repeats. */
    steps: string[];
    /** Top-level names of the input document that are read: `inputs`, `steps`, `vars`, `item`… */
    roots: string[];
  };
  /** Every `steps.X` read, with its position in the source. */
  stepRefs: StepRef[];
  /** The JSONata syntax error; `offset` is 0-based in the source. */
  error?: { message: string; offset: number; code?: string };
}

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  [key: string]: unknown;
}

const MAX_CACHE = 5000;
const cache = new Map<string, ExpressionAnalysis>();
const MAX_AST_DEPTH = 500;

/**
 * Parse a JSONata expression (the text inside `${{ }}`, without the braces) and list what it
 * reads. Results are cached by source, so re-validating on every keystroke stays cheap.
 *
 * @example analyzeExpression('$count(steps.fetch.output) > 0')
 * // { ok: true, refs: { steps: ['fetch'], roots: ['steps'] }, stepRefs: [{ id: 'fetch', offset: 13, length: 5 }] }
 */
export function analyzeExpression(source: string): ExpressionAnalysis {
  const hit = cache.get(source);
  if (hit) return hit;
  const result = analyze(source);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(source, result);
  return result;
}

function analyze(source: string): ExpressionAnalysis {
  if (source.trim() === '')
    return {
      ok: false,
      refs: { steps: [], roots: [] },
      stepRefs: [],
      error: { message: 'the expression is empty', offset: 0 },
    };
  let ast: AstNode;
  try {
    ast = jsonata(source).ast() as AstNode;
  } catch (e) {
    return { ok: false, refs: { steps: [], roots: [] }, stepRefs: [], error: toError(e, source) };
  }
  const steps: string[] = [];
  const roots: string[] = [];
  const stepRefs: StepRef[] = [];
  const addRoot = (name: string): void => {
    if (!roots.includes(name)) roots.push(name);
  };
  const visitPath = (node: AstNode, relative: boolean): void => {
    const list = node.steps ?? [];
    let i = 0;
    const first = list[0];
    // `$$.x` is always the root document; `$.x` is the root at the top of the expression.
    const absolute = first?.type === 'variable' && (first.value === '$' || (first.value === '' && !relative));
    if (absolute) i = 1;
    const head = list[i];
    if (head?.type === 'name' && typeof head.value === 'string') {
      // Names inside a path's later steps or predicates are fields of that context, not roots;
      // `steps.X` is still collected there, since a user writing it means the step.
      if (absolute || !relative) addRoot(head.value);
      const next = list[i + 1];
      if (head.value === 'steps' && next?.type === 'name' && typeof next.value === 'string') {
        if (!steps.includes(next.value)) steps.push(next.value);
        const end = typeof next.position === 'number' ? next.position : 0;
        const raw = source.slice(0, end);
        const length = raw.endsWith('`') ? next.value.length + 2 : next.value.length;
        stepRefs.push({ id: next.value, offset: Math.max(0, end - length), length });
      }
    }
  };
  const walk = (value: unknown, relative: boolean, depth: number): void => {
    if (depth > MAX_AST_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, relative, depth + 1);
      return;
    }
    const node = value as AstNode;
    if (node.type === 'path') {
      visitPath(node, relative);
      // The first step of a path is evaluated in the current context; the rest relative to it.
      (node.steps ?? []).forEach((s, i) => walk(s, relative || i > 0, depth + 1));
    }
    for (const [key, child] of Object.entries(node)) {
      if (
        key === 'position' ||
        key === 'value' ||
        key === 'type' ||
        (node.type === 'path' && key === 'steps')
      )
        continue;
      const rel =
        relative || node.type === 'path' || key === 'stages' || key === 'predicate' || key === 'group';
      walk(child, rel, depth + 1);
    }
  };
  walk(ast, false, 0);
  return { ok: true, refs: { steps, roots }, stepRefs };
}

function toError(e: unknown, source: string): { message: string; offset: number; code?: string } {
  if (e instanceof RangeError) return { message: 'the expression is nested too deeply', offset: 0 };
  const o = (e ?? {}) as { message?: unknown; position?: unknown; code?: unknown; token?: unknown };
  const message = typeof o.message === 'string' ? o.message : String(e);
  // jsonata's position is just past the offending token.
  const pos = typeof o.position === 'number' ? o.position : 0;
  const offset = Math.max(0, Math.min(source.length, pos - 1));
  return typeof o.code === 'string' ? { message, offset, code: o.code } : { message, offset };
}
