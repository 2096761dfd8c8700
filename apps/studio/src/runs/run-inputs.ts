/** Reading the run form: each field's text into its input's declared type. */
import type { InputSpec } from '@weft/dsl';

/** Turns the form's text into the input's type; returns an error naming the input when it does not fit. */
export function readInput(
  name: string,
  spec: InputSpec,
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text === '')
    return spec.required && spec.default === undefined
      ? { ok: false, error: `${name} is required` }
      : { ok: true, value: undefined };
  switch (spec.type) {
    case 'string':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n)))
        return { ok: false, error: `${name} must be ${spec.type === 'integer' ? 'an integer' : 'a number'}` };
      return { ok: true, value: n };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false, error: `${name} must be true or false` };
    case 'object':
    case 'array':
      try {
        const v: unknown = JSON.parse(text);
        if (
          spec.type === 'array' ? !Array.isArray(v) : typeof v !== 'object' || v === null || Array.isArray(v)
        )
          return { ok: false, error: `${name} must be a JSON ${spec.type}` };
        return { ok: true, value: v };
      } catch {
        return { ok: false, error: `${name} must be JSON` };
      }
  }
}
