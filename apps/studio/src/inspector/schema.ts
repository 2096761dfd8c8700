/** Reading a block's input JSON Schema for the form: what kind of field each property gets. */
import type { JsonSchema } from '@weft/dsl';

export type FieldKind = 'enum' | 'boolean' | 'number' | 'text' | 'object' | 'array' | 'json';

export function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  const alts = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alts)) return [...new Set(alts.flatMap(typesOf))];
  return [];
}

export function fieldKind(schema: JsonSchema, value: unknown): FieldKind {
  if (Array.isArray(schema.enum)) return 'enum';
  const types = typesOf(schema);
  if (types.length === 1 && types[0] === 'boolean') return 'boolean';
  if (types.length > 0 && types.every((t) => t === 'number' || t === 'integer')) return 'number';
  if (types.length === 1 && types[0] === 'object' && schema.properties) return 'object';
  if (types.length === 1 && types[0] === 'array') return 'array';
  if (types.includes('string')) return 'text';
  if (types.length === 0 && (value === undefined || typeof value === 'string')) return 'text';
  if (types.includes('integer') || types.includes('number'))
    return typeof value === 'object' && value !== null ? 'json' : 'text';
  return 'json';
}

/**
 * Turns what was typed into a text field into the value to write: numbers stay numbers when the
 * schema allows them, `true`/`false` booleans, and the empty string removes the field.
 */
export function coerceText(text: string, schema: JsonSchema): unknown {
  if (text === '') return undefined;
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text.trim())) {
    return Number(text.trim());
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function describeDefault(schema: JsonSchema): string | undefined {
  return 'default' in schema ? `default: ${displayValue(schema.default)}` : undefined;
}
