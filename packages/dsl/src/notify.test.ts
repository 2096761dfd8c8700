import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { workflowJsonSchema } from './json-schema';
import { parseWorkflow } from './validate';

const wf = (notify: string): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: t\nnotify:\n${notify}steps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\n`;

const diags = (text: string): string[] =>
  parseWorkflow(text, { catalog: testCatalog }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.code} ${d.message}`,
  );

describe('top-level notify (dsl-v1 §10)', () => {
  it('builds the model: statuses, URL and a secret template', () => {
    const r = parseWorkflow(
      wf(
        '  - on: [failed, cancelled]\n    webhook:\n      url: https://hooks.example.com/weft\n      secret: "${{ secrets.HOOK }}"\n  - on: [any]\n    webhook: { url: "http://127.0.0.1:8080/x?y=1" }\n',
      ),
      { catalog: testCatalog },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.workflow?.notify).toEqual([
      {
        on: ['failed', 'cancelled'],
        webhook: { url: 'https://hooks.example.com/weft', secret: '${{ secrets.HOOK }}' },
      },
      { on: ['any'], webhook: { url: 'http://127.0.0.1:8080/x?y=1' } },
    ]);
  });

  it('leaves notify out of the model when the workflow has none', () => {
    const r = parseWorkflow(wf('').replace('notify:\n', ''), { catalog: testCatalog });
    expect(r.workflow?.notify).toBeUndefined();
  });

  it('names what is wrong: status, URL, missing parts, expressions outside the secret', () => {
    expect(diags(wf('  - on: [failure]\n    webhook: { url: "https://x.example" }\n'))).toEqual([
      '5:10 E_SCHEMA notify[0].on[0] must be one of failed, success, cancelled, any, not "failure"',
    ]);
    expect(diags(wf('  - on: [failed]\n    webhook: { url: "ftp://x.example" }\n'))[0]).toMatch(
      /^6:21 E_SCHEMA .*write an http:\/\/ or https:\/\/ URL/,
    );
    expect(diags(wf('  - webhook: { url: "https://x.example" }\n'))[0]).toMatch(/E_SCHEMA .*on/);
    expect(diags(wf('  - on: []\n    webhook: { url: "https://x.example" }\n'))[0]).toMatch(/E_SCHEMA/);
    expect(diags(wf('  - on: [any]\n    webhook: { url: "https://x.example/${{ vars.a }}" }\n'))[0]).toMatch(
      /E_EXPRESSION .*expressions are not allowed here/,
    );
  });

  it('is in the JSON Schema', () => {
    const schema = workflowJsonSchema() as { properties: Record<string, { type?: string }> };
    expect(schema.properties['notify']?.type).toBe('array');
  });
});
