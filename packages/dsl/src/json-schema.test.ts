import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { workflowJsonSchema } from './json-schema';
import { testCatalog } from './__fixtures__/test-catalog';

const dir = join(import.meta.dirname, '__fixtures__/valid');

describe('workflowJsonSchema', () => {
  const validate = new Ajv({ strict: false, allErrors: true }).compile(
    workflowJsonSchema({ catalog: testCatalog }),
  );

  it('accepts every valid fixture', () => {
    for (const f of readdirSync(dir)) {
      const ok = validate(parse(readFileSync(join(dir, f), 'utf8')));
      expect(validate.errors ?? [], f).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('flags unknown keys but allows x- keys, like the validator', () => {
    const wf = {
      apiVersion: 'weft/v1',
      kind: 'Workflow',
      id: 'a',
      steps: [{ id: 's', uses: 'fail', with: { message: 'm' }, 'x-ui': 1 }],
      'x-team': 'ops',
    };
    expect(validate(wf)).toBe(true);
    expect(validate({ ...wf, colour: 'red' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'colour' },
    });
    expect(
      validate({ ...wf, steps: [{ id: 's', uses: 'fail', with: { message: 'm' }, timeout: 'soon' }] }),
    ).toBe(false);
  });

  it('describes block inputs from the catalog, letting any input be an expression', () => {
    const wf = (w: object): object => ({
      apiVersion: 'weft/v1',
      kind: 'Workflow',
      id: 'a',
      steps: [{ id: 's', uses: 'http@1', with: w }],
    });
    expect(validate(wf({ url: 'https://x', timeoutMs: '${{ inputs.t }}' }))).toBe(true);
    expect(validate(wf({ url: 'https://x', timeoutMs: 'soon' }))).toBe(false);
  });

  it('is plain JSON with a draft-07 $schema (usable by monaco-yaml and yaml-language-server)', () => {
    const s = workflowJsonSchema();
    expect(s['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s['additionalProperties']).toBe(false);
    expect(s['patternProperties']).toEqual({ '^x-': {} });
  });
});
