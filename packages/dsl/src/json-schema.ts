import type { BlockCatalog, JsonSchema } from './catalog';
import { workflowShape } from './internal/workflow-shape';

const EXPRESSION_STRING: JsonSchema = {
  type: 'string',
  pattern: '\\$\\{\\{',
  description: 'An expression, resolved at run time.',
};

/**
 * The JSON Schema (draft-07) of a weft/v1 file, generated from the same definition the validator
 * uses. Unknown keys are flagged (`additionalProperties: false`), `x-` keys allowed. Pass a catalog
 * to also describe each block's `with` (any input may instead be a `${{ }}` expression).
 *
 * Use it with monaco-yaml, or from VS Code with `# yaml-language-server: $schema=<url or path>`.
 */
export function workflowJsonSchema(options: { catalog?: BlockCatalog } = {}): JsonSchema {
  const schema: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://weft.dev/schemas/weft-v1.json',
    title: 'Weft workflow (weft/v1)',
    ...workflowShape.json(),
  };
  if (options.catalog) {
    const steps = (schema['properties'] as Record<string, JsonSchema>)['steps'] as JsonSchema;
    const item = steps['items'] as JsonSchema;
    item['allOf'] = options.catalog.list().map((b) => ({
      if: {
        properties: {
          uses: b.builtin
            ? { const: b.name }
            : { type: 'string', pattern: `^${b.name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}@` },
        },
        required: ['uses'],
      },
      then: { properties: { with: withSchema(b.inputs, b.title) } },
    }));
  }
  return schema;
}

function withSchema(inputs: JsonSchema, title: string): JsonSchema {
  const props = inputs['properties'];
  if (!props || typeof props !== 'object') return inputs;
  const wrapped = Object.fromEntries(
    Object.entries(props as Record<string, JsonSchema>).map(([k, s]) => [
      k,
      { ...pick(s), anyOf: [s, EXPRESSION_STRING] },
    ]),
  );
  return { ...inputs, description: `Inputs of ${title}`, properties: wrapped };
}

/** Keep the description at the top so editors show it on hover. */
function pick(s: JsonSchema): JsonSchema {
  return typeof s['description'] === 'string' ? { description: s['description'] } : {};
}
