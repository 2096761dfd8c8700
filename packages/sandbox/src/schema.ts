/** JSON Schema checks for block inputs (Ajv, draft 2020-12, formats not enforced). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '@weft/dsl';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

export type InputCheck = (value: unknown) => string | undefined;

/**
 * Compiles a schema once; the result returns undefined for a valid value, else a message naming
 * each offending field (`with.url: must be string`). Throws when the schema itself is invalid.
 */
export function compileCheck(schema: JsonSchema, root = 'with'): InputCheck {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => (validate(value) ? undefined : describeErrors(validate.errors ?? [], root));
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
