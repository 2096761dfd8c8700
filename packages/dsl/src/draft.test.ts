import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { WorkflowDocument } from './document';
import { draftWorkflow } from './draft';
import { parseWorkflow, validateDocument } from './validate';

const head = 'apiVersion: weft/v1\nkind: Workflow\nid: draft\n';

describe('draftWorkflow', () => {
  it('is the validated model, with step indexes, when the file is valid', () => {
    const text = `${head}steps:\n  - id: a\n    uses: if\n    with: { condition: "true" }\n  - id: b\n    uses: transform\n    needs: [a.then]\n    retry: { attempts: 3, delay: 2s }\n    with: { expression: "1" }\nlayout:\n  a: [0, 0]\n  b: [240, 0]\n`;
    const r = parseWorkflow(text, { catalog: testCatalog });
    expect(r.ok).toBe(true);
    const draft = draftWorkflow(r.document);
    expect(draft).toEqual({ ...r.workflow, steps: r.workflow?.steps.map((s, index) => ({ ...s, index })) });
  });

  it('keeps drawing a file with validation errors: a missing input, an unknown need, a half-typed step', () => {
    const text = `${head}steps:\n  - id: fetch\n    uses: http@1\n  - id: post\n    uses: http@1\n    needs: [fetch, nope]\n    if: \${{ steps.fetch.output.ok }}\n    foreach: \${{ [1, 2] }}\n    concurrency: 2\n    join: sometimes\n  - id: half\n  - uses: transform\nlayout:\n  fetch: [10, 20]\n  post: [oops, 1]\n`;
    const r = parseWorkflow(text, { catalog: testCatalog });
    expect(r.ok).toBe(false);
    expect(r.workflow).toBeUndefined();
    const draft = draftWorkflow(r.document);
    expect(draft.steps.map((s) => [s.id, s.uses, s.index])).toEqual([
      ['fetch', 'http@1', 0],
      ['post', 'http@1', 1],
      ['half', '', 2],
    ]);
    const post = draft.steps[1];
    expect(post?.needs).toEqual([{ step: 'fetch' }, { step: 'nope' }]);
    expect(post?.if).toBe('steps.fetch.output.ok');
    expect(post?.foreach).toBe('[1, 2]');
    expect(post?.concurrency).toBe(2);
    expect(post?.join).toBe('all');
    expect(draft.layout).toEqual({ fetch: [10, 20] });
    expect(draft.id).toBe('draft');
  });

  it('leaves out a repeated id and values of the wrong type, without throwing', () => {
    const text = `${head}steps:\n  - id: a\n    uses: [not, a, string]\n    with: 5\n    needs: a.b\n    if: { x: 1 }\n  - id: a\n    uses: transform\n  - just a string\n  - 42\ntriggers: [3, { cron: "0 8 * * *" }]\ninputs: 7\n`;
    const draft = draftWorkflow(WorkflowDocument.parse(text));
    expect(draft.steps).toHaveLength(1);
    expect(draft.steps[0]).toMatchObject({ id: 'a', uses: '', with: {}, needs: [{ step: 'a', port: 'b' }] });
    expect(draft.steps[0]?.if).toBeUndefined();
    expect(draft.triggers).toEqual([{ type: 'cron', cron: '0 8 * * *' }]);
    expect(draft.inputs).toEqual({});
  });

  it('gives an empty draft for text that is not YAML, not a map, or hostile, and never throws', () => {
    for (const text of [
      '',
      'steps: [',
      'just text',
      '- a\n- b',
      '\u0000\u0001binary',
      `vars: ${'['.repeat(5000)}`,
      'a: &a [*a]',
      `${head}steps:\n  - id: a\n    uses: x\n  bad indent: [\n`,
    ]) {
      const draft = draftWorkflow(WorkflowDocument.parse(text));
      expect(Array.isArray(draft.steps), text).toBe(true);
      expect(draft.layout).toBeTypeOf('object');
    }
    expect(draftWorkflow(WorkflowDocument.parse('steps: [')).steps).toEqual([]);
  });

  it('reads what it can of a file with a YAML syntax error further down', () => {
    const text = `${head}steps:\n  - id: a\n    uses: transform\n  - id: b\n    uses: transform\n    with: { expression: "1"\n`;
    const doc = WorkflowDocument.parse(text);
    expect(validateDocument(doc).diagnostics.some((d) => d.code === 'E_YAML')).toBe(true);
    expect(draftWorkflow(doc).steps.map((s) => s.id)).toContain('a');
  });

  it('is up to date inside an edit batch', () => {
    const doc = WorkflowDocument.parse(
      `${head}steps:\n  - id: a\n    uses: transform\n  - id: b\n    uses: transform\n`,
    );
    doc.batch(() => {
      doc.setLayout('a', [1, 2]);
      expect(draftWorkflow(doc).layout).toEqual({ a: [1, 2] });
    });
  });
});

describe('validateDocument inside an edit batch', () => {
  it('gives the model of the edits made so far', () => {
    const doc = WorkflowDocument.parse(
      `${head}steps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\n`,
    );
    doc.batch(() => {
      doc.setStepField('a', ['timeout'], '5s');
      const r = validateDocument(doc);
      expect(r.workflow?.steps[0]?.timeoutMs).toBe(5000);
    });
  });
});
