/** Turns what a person typed into the value of an input of a given type (for `default`). */
import type { InputType } from '@weft/dsl';

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

export function parseTyped(text: string, type: InputType): Parsed {
  const t = text.trim();
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) return { ok: false, error: `“${text}” is not a number` };
      if (type === 'integer' && !Number.isInteger(n))
        return { ok: false, error: `“${text}” is not a whole number` };
      return { ok: true, value: n };
    }
    case 'boolean':
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return { ok: false, error: `“${text}” is not true or false` };
    case 'object':
    case 'array': {
      try {
        const v: unknown = JSON.parse(t);
        const fits =
          type === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
        return fits ? { ok: true, value: v } : { ok: false, error: `“${text}” is not a JSON ${type}` };
      } catch {
        return { ok: false, error: `“${text}” is not a JSON ${type}` };
      }
    }
  }
}
