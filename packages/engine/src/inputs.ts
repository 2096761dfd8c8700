import type { InputSpec } from '@weft/dsl';
import { setOwn } from '@weft/dsl';

export type InputCheck = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

function typeOk(type: InputSpec['type'], v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
  }
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
};

/**
 * Check run inputs against a workflow's `inputs` (dsl-v1 §3) and apply defaults.
 * Every problem is reported, each naming the input.
 */
export function checkInputs(specs: Record<string, InputSpec>, given: unknown): InputCheck {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    return { ok: false, error: 'run inputs must be an object of name → value' };
  }
  const inputs = (given ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(inputs)) {
    if (!Object.hasOwn(specs, name)) problems.push(`unknown input "${name}"`);
  }
  for (const [name, spec] of Object.entries(specs)) {
    const v = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
    if (v === undefined || v === null) {
      if (spec.default !== undefined) setOwn(out, name, structuredClone(spec.default));
      else if (spec.required) problems.push(`input "${name}" is required`);
      continue;
    }
    if (!typeOk(spec.type, v)) {
      problems.push(
        `input "${name}" must be ${spec.type === 'integer' || spec.type === 'array' || spec.type === 'object' ? 'an' : 'a'} ${spec.type}, got ${show(v)}`,
      );
      continue;
    }
    if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      problems.push(`input "${name}" must be one of ${spec.enum.map(show).join(', ')}, got ${show(v)}`);
      continue;
    }
    setOwn(out, name, v);
  }
  return problems.length ? { ok: false, error: problems.join('; ') } : { ok: true, value: out };
}
