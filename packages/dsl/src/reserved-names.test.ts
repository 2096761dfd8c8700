/** Issue 9 item 1: names that reach JavaScript object internals are refused with a clear diagnostic. */
import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { workflowJsonSchema } from './json-schema';
import { dict, setOwn } from './own-keys';
import { parseWorkflow } from './validate';

const head = 'apiVersion: weft/v1\nkind: Workflow\nid: w\n';
const diags = (text: string) =>
  parseWorkflow(text, { catalog: testCatalog }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.code} ${d.message}`,
  );

describe('reserved names (issue 9 item 1: __proto__ pollution)', () => {
  for (const id of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses the step id ${id}`, () => {
      const d = diags(
        `${head}steps:\n  - id: ${id}\n    uses: transform\n    with: { expression: "'PWNED'" }\n`,
      );
      expect(d).toContainEqual(
        expect.stringMatching(new RegExp(`^5:9 E_SCHEMA .*"${id}" is a reserved name`)),
      );
    });
  }

  it('refuses reserved input, var, output and layout names, and accepts toString', () => {
    const text = `${head}inputs:\n  __proto__: { type: string }\n  toString: { type: string }\nvars:\n  constructor: 1\nsteps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\noutputs:\n  prototype: x\nlayout:\n  __proto__: [0, 0]\n`;
    const d = diags(text);
    expect(d.filter((x) => x.includes('reserved name'))).toHaveLength(4);
    expect(d.some((x) => x.includes("'toString'"))).toBe(false);
  });

  it('the JSON Schema refuses them too', () => {
    const schema = JSON.stringify(workflowJsonSchema());
    expect(schema).toContain('"not":{"enum":["__proto__","constructor","prototype"]}');
  });

  it('dict and setOwn keep __proto__ an own key', () => {
    const d = dict<number>();
    d['__proto__'] = 1;
    expect(Object.keys(d)).toEqual(['__proto__']);
    expect(d.toString).toBeUndefined();
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: true });
    expect(JSON.stringify(o)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
