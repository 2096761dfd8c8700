import type { BlockCatalog, BlockInfo } from '../catalog';
import { builtinCatalog, combineCatalogs, createCatalog } from '../builtins';

/** The standard `http` block as its manifest describes it (dsl-v1 §7), in two versions. */
function http(version: string): BlockInfo {
  return {
    name: 'http',
    version,
    title: 'HTTP request',
    description: 'Call an HTTP API',
    category: 'network',
    icon: 'globe',
    builtin: false,
    inputs: {
      type: 'object',
      properties: {
        url: { type: 'string' },
        method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        query: { type: 'object' },
        body: {},
        responseType: { enum: ['auto', 'json', 'text'] },
        failOnError: { type: 'boolean' },
        timeoutMs: { type: 'integer', minimum: 1 },
      },
      required: ['url'],
      additionalProperties: false,
    },
    capabilities: { network: true },
  };
}

const text: BlockInfo = {
  name: 'text',
  version: '1.0.0',
  title: 'Text',
  description: 'Text operations',
  category: 'data',
  icon: 'type',
  builtin: false,
  inputs: { type: 'object', properties: { op: { enum: ['match', 'replace', 'split', 'upper', 'lower', 'trim', 'slugify'] }, text: { type: 'string' } }, required: ['op', 'text'] },
};

export const testBlocks: BlockCatalog = createCatalog([http('1.0.0'), http('1.4.2'), http('2.0.0'), text]);

/** Built-ins plus http@1, http@2 and text@1. */
export const testCatalog: BlockCatalog = combineCatalogs(builtinCatalog(), testBlocks);
