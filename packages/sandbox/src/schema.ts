/** JSON Schema checks for block inputs (Ajv, draft 2020-12, formats not enforced). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '@weft/dsl';

// No meta-schema pass (compiling the 2020-12 meta-schema costs ~150 ms in every process that loads
// blocks): compiling a schema still rejects a malformed one (`type: 12`, `minimum: "x"`, a bad $ref).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });

export type InputCheck = (value: unknown) => string | undefined;

/** Compiled schemas by identity: a manifest's schema is compiled once (loading checks it, runs use it). */
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Compiles a schema once; the result returns undefined for a valid value, else a message naming
 * each offending field (`with.url: must be string`). Throws when the schema itself is invalid.
 */
export function compileCheck(schema: JsonSchema, root = 'with'): InputCheck {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const v = validate;
  return (value) => (v(value) ? undefined : describeErrors(v.errors ?? [], root));
}

function describeErrors(errors: readonly ErrorObject[], root: string): string {
  const parts = errors.slice(0, 5).map((e) => {
    const path = root + e.instancePath.replace(/\//g, '.');
    if (e.keyword === 'additionalProperties')
      return `${path}: unknown field "${String(e.params.additionalProperty)}"`;
    if (e.keyword === 'required')
      return `${path}: missing required field "${String(e.params.missingProperty)}"`;
    if (e.keyword === 'enum') return `${path}: must be one of ${JSON.stringify(e.params.allowedValues)}`;
    return `${path}: ${e.message ?? 'is invalid'}`;
  });
  if (errors.length > 5) parts.push(`… and ${errors.length - 5} more`);
  return parts.join('; ');
}
