import type { InputSpec } from './model';
import { err, ok, type Result } from './result';
import { fitsInputType } from './internal/workflow-shape';
import { setOwn } from './own-keys';

export interface RunInputProblem {
  /** The input's name. */
  input: string;
  message: string;
}

/**
 * Check a run's inputs against the workflow's `inputs` and apply defaults (dsl-v1 §3): the one rule
 * the engine, the CLI and the studio use, one message per problem. `null` counts as not given.
 * With `coerce`, text values (from `--input k=v`) are read as the declared type: numbers,
 * booleans, and JSON for objects and arrays.
 *
 * @example resolveRunInputs(wf.inputs, { repo: 'a/b' }) // ok({ repo: 'a/b', limit: 10 })
 */
export function resolveRunInputs(
  specs: Readonly<Record<string, InputSpec>>,
  given: Readonly<Record<string, unknown>>,
  options: { coerce?: boolean } = {},
): Result<Record<string, unknown>, RunInputProblem[]> {
  const problems: RunInputProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name))
      problems.push({
        input: name,
        message: `unknown input '${name}'; this workflow takes ${Object.keys(specs).join(', ') || 'no inputs'}`,
      });
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (!Object.hasOwn(given, name) || given[name] === undefined || given[name] === null) {
      if (spec.default !== undefined) setOwn(out, name, structuredClone(spec.default));
      else if (spec.required) problems.push({ input: name, message: `input '${name}' is required` });
      continue;
    }
    let value: unknown = given[name];
    if (options.coerce && typeof value === 'string' && spec.type !== 'string')
      value = coerce(spec.type, value);
    if (!fitsInputType(spec.type, value)) {
      problems.push({
        input: name,
        message: `input '${name}' must be ${article(spec.type)}, not ${show(given[name])}`,
      });
      continue;
    }
    if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      problems.push({
        input: name,
        message: `input '${name}' must be one of ${spec.enum.map(show).join(', ')}, not ${show(value)}`,
      });
      continue;
    }
    setOwn(out, name, value);
  }
  return problems.length ? err(problems) : ok(out);
}

function coerce(type: InputSpec['type'], text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    if ((type === 'number' || type === 'integer') && typeof v === 'number') return v;
    if (type === 'boolean' && typeof v === 'boolean') return v;
    if ((type === 'object' || type === 'array') && typeof v === 'object') return v;
  } catch {
    // not JSON: leave the text as it is, the type check names the problem
  }
  return text;
}

/** A value in a message: its JSON, cut at 60 characters. */
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const article = (t: string): string => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
