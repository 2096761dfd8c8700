/**
 * A tiny schema kit: each shape both checks a yaml node (with positions) and emits its
 * JSON Schema. The DSL is defined once with it (`workflow-shape.ts`), so the validator and
 * `workflowJsonSchema()` cannot drift apart.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { JsonSchema } from '../catalog';
import type { DiagnosticCode } from '../model';
import type { Diagnostics } from './diag';
import { DURATION_PATTERN, parseDuration } from '../units';
import { RESERVED_NAMES, isReservedName } from '../own-keys';

export type Path = (string | number)[];

export interface CheckCtx {
  doc: Document.Parsed;
  diags: Diagnostics;
  /** Human name of a path: `step 'fetch': retry.delay`. */
  label(path: Path): string;
}

export interface Shape {
  json(): JsonSchema;
  /** Returns false when the node does not fit (a diagnostic has been reported). */
  check(node: unknown, path: Path, ctx: CheckCtx): boolean;
}

export type Refinement = (node: unknown, path: Path, ctx: CheckCtx) => boolean;

export function deref(node: unknown, ctx: { doc: Document.Parsed }): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node;
}

/** What a node is, for messages: `a list`, `the string "abc"`. */
export function describeNode(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing (null)';
    if (typeof v === 'string')
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    return `${typeof v} ${String(v)}`;
  }
  return 'nothing';
}

export function fail(
  ctx: CheckCtx,
  node: unknown,
  path: Path,
  message: string,
  code: DiagnosticCode = 'E_SCHEMA',
): false {
  ctx.diags.at(code, message, node, path);
  return false;
}

function scalarValue(node: unknown): { ok: true; value: unknown } | { ok: false } {
  return isScalar(node) ? { ok: true, value: node.value } : { ok: false };
}

const withDesc = (schema: JsonSchema, description?: string): JsonSchema =>
  description ? { description, ...schema } : schema;

export function refine(shape: Shape, fn: Refinement): Shape {
  return { json: () => shape.json(), check: (n, p, c) => shape.check(n, p, c) && fn(n, p, c) };
}

export function string(
  opts: {
    description?: string;
    pattern?: string;
    hint?: string;
    enum?: readonly string[];
    minLength?: number;
    code?: DiagnosticCode;
    /** Refuse RESERVED_NAMES (`__proto__`, `constructor`, `prototype`): the value is used as a name. */
    name?: boolean;
  } = {},
): Shape {
  const re = opts.pattern ? new RegExp(opts.pattern) : undefined;
  return {
    json: () =>
      withDesc(
        {
          type: 'string',
          ...(opts.pattern ? { pattern: opts.pattern } : {}),
          ...(opts.enum ? { enum: [...opts.enum] } : {}),
          ...(opts.minLength ? { minLength: opts.minLength } : {}),
          ...(opts.name ? { not: { enum: [...RESERVED_NAMES] } } : {}),
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (!v.ok || typeof v.value !== 'string') {
        const what = opts.enum ? `one of ${opts.enum.join(', ')}` : 'a string';
        return fail(ctx, n, path, `${ctx.label(path)} must be ${what}, not ${describeNode(n)}`, opts.code);
      }
      // A `${{` where no expression is allowed is reported once, as E_EXPRESSION, by the expression pass.
      if (v.value.includes('${{')) return true;
      if (opts.enum && !opts.enum.includes(v.value))
        return fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} must be one of ${opts.enum.join(', ')}, not ${JSON.stringify(v.value)}`,
          opts.code,
        );
      if (opts.minLength && v.value.length < opts.minLength)
        return fail(ctx, n, path, `${ctx.label(path)} must not be empty`);
      if (re && !re.test(v.value))
        return fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} ${JSON.stringify(v.value)} is not valid: ${opts.hint ?? `it must match ${opts.pattern}`}`,
        );
      if (opts.name && isReservedName(v.value))
        return fail(ctx, n, path, reservedMessage(ctx.label(path), v.value));
      return true;
    },
  };
}

export function integer(opts: { description?: string; min?: number; max?: number } = {}): Shape {
  return {
    json: () =>
      withDesc(
        {
          type: 'integer',
          ...(opts.min !== undefined ? { minimum: opts.min } : {}),
          ...(opts.max !== undefined ? { maximum: opts.max } : {}),
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (!v.ok || typeof v.value !== 'number' || !Number.isInteger(v.value))
        return fail(ctx, n, path, `${ctx.label(path)} must be an integer, not ${describeNode(n)}`);
      if (opts.min !== undefined && v.value < opts.min)
        return fail(ctx, n, path, `${ctx.label(path)} must be at least ${opts.min}, not ${v.value}`);
      if (opts.max !== undefined && v.value > opts.max)
        return fail(ctx, n, path, `${ctx.label(path)} must be at most ${opts.max}, not ${v.value}`);
      return true;
    },
  };
}

export function number(opts: { description?: string } = {}): Shape {
  return {
    json: () => withDesc({ type: 'number' }, opts.description),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (!v.ok || typeof v.value !== 'number' || !Number.isFinite(v.value))
        return fail(ctx, n, path, `${ctx.label(path)} must be a number, not ${describeNode(n)}`);
      return true;
    },
  };
}

export function boolean(opts: { description?: string } = {}): Shape {
  return {
    json: () => withDesc({ type: 'boolean' }, opts.description),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (!v.ok || typeof v.value !== 'boolean')
        return fail(ctx, n, path, `${ctx.label(path)} must be true or false, not ${describeNode(n)}`);
      return true;
    },
  };
}

export function anyValue(opts: { description?: string } = {}): Shape {
  return { json: () => withDesc({}, opts.description), check: () => true };
}

export function duration(opts: { description?: string } = {}): Shape {
  return {
    json: () =>
      withDesc(
        {
          anyOf: [
            { type: 'integer', minimum: 0, description: 'milliseconds' },
            { type: 'string', pattern: DURATION_PATTERN, description: 'e.g. 250ms, 30s, 5m, 2h, 1d, 1m30s' },
          ],
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (v.ok && parseDuration(v.value) !== undefined) return true;
      return fail(
        ctx,
        n,
        path,
        `${ctx.label(path)} must be a duration such as 250ms, 30s, 1m30s or an integer number of milliseconds, not ${describeNode(n)}`,
      );
    },
  };
}

/** A field that is always an expression (`if`, `foreach`, `repeat.until`): a string, or a literal. */
export function expression(opts: { description?: string } = {}): Shape {
  return {
    json: () => withDesc({ type: ['string', 'boolean', 'number'] }, opts.description),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      const v = scalarValue(n);
      if (!v.ok || v.value === null || typeof v.value === 'object')
        return fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} must be an expression (a string), not ${describeNode(n)}`,
        );
      return true;
    },
  };
}

export function list(item: Shape, opts: { description?: string; min?: number; max?: number } = {}): Shape {
  return {
    json: () =>
      withDesc(
        {
          type: 'array',
          items: item.json(),
          ...(opts.min ? { minItems: opts.min } : {}),
          ...(opts.max ? { maxItems: opts.max } : {}),
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      if (!isSeq(n)) return fail(ctx, n, path, `${ctx.label(path)} must be a list, not ${describeNode(n)}`);
      if (opts.min !== undefined && n.items.length < opts.min)
        return fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} must have at least ${opts.min} item${opts.min === 1 ? '' : 's'}`,
        );
      if (opts.max !== undefined && n.items.length > opts.max)
        return fail(ctx, n, path, `${ctx.label(path)} must have at most ${opts.max} items`);
      let good = true;
      n.items.forEach((it, i) => {
        good = item.check(it, [...path, i], ctx) && good;
      });
      return good;
    },
  };
}

/** A value that may be written as one item or as a list of them (`needs: a` or `needs: [a, b]`). */
export function oneOrList(item: Shape, opts: { description?: string } = {}): Shape {
  const asList = list(item);
  return {
    json: () => withDesc({ anyOf: [item.json(), asList.json()] }, opts.description),
    check: (node, path, ctx) =>
      isSeq(deref(node, ctx)) ? asList.check(node, path, ctx) : item.check(node, path, ctx),
  };
}

export function keyOf(pair: Pair): string {
  const k = pair.key;
  return String(isScalar(k) ? k.value : k);
}

export function object(
  props: Record<string, Shape>,
  opts: {
    description?: string;
    required?: readonly string[];
    requiredCode?: Partial<Record<string, DiagnosticCode>>;
  } = {},
): Shape {
  const required = opts.required ?? [];
  return {
    json: () =>
      withDesc(
        {
          type: 'object',
          properties: Object.fromEntries(Object.entries(props).map(([k, s]) => [k, s.json()])),
          ...(required.length ? { required: [...required] } : {}),
          patternProperties: { '^x-': {} },
          additionalProperties: false,
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      if (!isMap(n)) return fail(ctx, n, path, `${ctx.label(path)} must be a map, not ${describeNode(n)}`);
      let good = true;
      const present = new Set<string>();
      for (const pair of (n as YAMLMap).items) {
        const key = keyOf(pair);
        present.add(key);
        const shape = Object.hasOwn(props, key) ? props[key] : undefined;
        // `x-` keys are free, except the documented extensions a shape declares (`x-gallery`).
        if (key.startsWith('x-') && !shape) continue;
        if (!shape) {
          const where = path.length ? ` in ${ctx.label(path)}` : ' at the top level';
          good = fail(
            ctx,
            pair.key,
            [...path, key],
            `unknown key '${key}'${where}; allowed: ${Object.keys(props)
              .filter((k) => !k.startsWith('x-'))
              .join(', ')} (custom keys must start with x-)`,
          );
          continue;
        }
        good = shape.check(pair.value, [...path, key], ctx) && good;
      }
      for (const r of required) {
        if (!present.has(r))
          good = fail(
            ctx,
            n,
            path,
            `${ctx.label(path)} is missing the required key '${r}'`,
            opts.requiredCode?.[r],
          );
      }
      return good;
    },
  };
}

/** The message for a name that would reach JavaScript object internals. */
function reservedMessage(what: string, name: string): string {
  return `${what} ${JSON.stringify(name)} is a reserved name: ${RESERVED_NAMES.join(', ')} cannot be used as names; rename it`;
}

export function record(
  value: Shape,
  opts: {
    description?: string;
    keyPattern?: string;
    keyHint?: string;
    /** Keys are names: refuse RESERVED_NAMES. */
    names?: boolean;
  } = {},
): Shape {
  const re = opts.keyPattern ? new RegExp(opts.keyPattern) : undefined;
  return {
    json: () =>
      withDesc(
        {
          ...(opts.keyPattern
            ? {
                type: 'object',
                patternProperties: { [opts.keyPattern]: value.json() },
                additionalProperties: false,
              }
            : { type: 'object', additionalProperties: value.json() }),
          ...(opts.names ? { propertyNames: { not: { enum: [...RESERVED_NAMES] } } } : {}),
        },
        opts.description,
      ),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      if (!isMap(n)) return fail(ctx, n, path, `${ctx.label(path)} must be a map, not ${describeNode(n)}`);
      let good = true;
      for (const pair of (n as YAMLMap).items) {
        const key = keyOf(pair);
        if (!isScalar(deref(pair.key, ctx))) {
          good = fail(
            ctx,
            pair.key,
            path,
            `${ctx.label(path)} keys must be plain names, not ${describeNode(pair.key)}`,
          );
          continue;
        }
        if (re && !re.test(key)) {
          good = fail(
            ctx,
            pair.key,
            [...path, key],
            `'${key}' in ${ctx.label(path)} is not a valid name: ${opts.keyHint ?? `it must match ${opts.keyPattern}`}`,
          );
          continue;
        }
        if (opts.names && isReservedName(key)) {
          good = fail(ctx, pair.key, [...path, key], reservedMessage(`'${key}' in ${ctx.label(path)}:`, key));
          continue;
        }
        good = value.check(pair.value, [...path, key], ctx) && good;
      }
      return good;
    },
  };
}

/** A map that has exactly one of several keys, each key selecting a variant (triggers). */
export function variants(byKey: Record<string, Shape>, opts: { description?: string; noun: string }): Shape {
  const keys = Object.keys(byKey);
  return {
    json: () =>
      withDesc({ oneOf: keys.map((k) => ({ ...byKey[k]?.json(), required: [k] })) }, opts.description),
    check(node, path, ctx) {
      const n = deref(node, ctx);
      if (!isMap(n))
        return fail(
          ctx,
          n,
          path,
          `${ctx.label(path)} must be a map with one of ${keys.join(', ')}, not ${describeNode(n)}`,
        );
      const found = (n as YAMLMap).items.map((p) => keyOf(p)).filter((k) => keys.includes(k));
      if (found.length !== 1) {
        const why =
          found.length === 0
            ? `has none of ${keys.join(', ')}`
            : `has several kinds (${found.join(', ')}); use one ${opts.noun} per list item`;
        return fail(ctx, n, path, `${ctx.label(path)} ${why}`);
      }
      const shape = byKey[found[0] as string] as Shape;
      return shape.check(n, path, ctx);
    },
  };
}

/** The node kind at a yaml position, for callers that need to branch on it. */
export function isNodeLike(v: unknown): v is Node {
  return isScalar(v) || isMap(v) || isSeq(v) || isAlias(v);
}
