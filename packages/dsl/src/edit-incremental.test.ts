/**
 * Edits re-read only the chunks of the file they change (internal/yaml-parse.ts). These tests
 * hold that to the one thing that matters: after any number of edits, the document is exactly
 * what a fresh, whole-file parse of its text gives — the same tree, diagnostics and model.
 */
import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { treeDiff } from './__fixtures__/tree-diff';
import { WorkflowDocument, type EditResult } from './document';
import { draftWorkflow } from './draft';
import { clearChunkCache, parseYaml } from './internal/yaml-parse';
import { parseWorkflow, validateDocument } from './validate';
import { rng } from './__fixtures__/rng';

/** A hand-written-looking file: comments, blank lines between steps, block scalars, flow and block needs. */
function workflow(steps: number): string {
  const out = [
    '# yaml-language-server: $schema=./weft-v1.schema.json',
    'apiVersion: weft/v1',
    'kind: Workflow',
    'id: big   # the id',
    '',
    'steps:',
  ];
  for (let i = 0; i < steps; i++) {
    if (i > 0) out.push('');
    if (i % 7 === 3) out.push(`  # step ${i} comes next`);
    out.push(`  - id: s${i}`);
    if (i % 5 === 2)
      out.push(
        '    uses: if',
        `    needs:`,
        `      - s${i - 1}   # upstream`,
        `    with: { condition: "\${{ steps.s${i - 1}.output > ${i} }}" }`,
      );
    else {
      out.push('    uses: transform');
      if (i > 0)
        out.push(
          `    needs: [${i % 5 === 3 ? `s${i - 1}.then` : `s${i - 1}`}${i > 3 && i % 4 === 0 ? `, s${i - 4}` : ''}]`,
        );
      out.push(
        '    with:',
        '      expression: |',
        `        ${i > 0 ? `$count(steps.s${i - 1}.output)` : '0'}`,
        `        + ${i}`,
      );
    }
  }
  out.push(
    '',
    'outputs:',
    `  last: \${{ steps.s${steps - 1}.output }}`,
    '',
    'layout:   # written by the studio',
  );
  for (let i = 0; i < steps; i += 3) out.push(`  s${i}: [${i * 10}, 0]`);
  out.push('');
  return out.join('\n');
}

/** The document must equal a cold, whole-file parse of its own text. */
function expectFresh(doc: WorkflowDocument, note: string): void {
  const text = doc.toString();
  expect(treeDiff(doc.yaml.contents, parseYaml(text).doc.contents), note).toEqual([]);
  const mine = validateDocument(doc, { catalog: testCatalog });
  clearChunkCache();
  const fresh = parseWorkflow(text, { catalog: testCatalog });
  expect(fresh.document.toString()).toBe(text);
  expect(mine.diagnostics, note).toEqual(fresh.diagnostics);
  expect(mine.workflow, note).toEqual(fresh.workflow);
  expect(draftWorkflow(doc), note).toEqual(draftWorkflow(fresh.document));
}

describe('edits without a whole-file re-parse', () => {
  it('300 random edits: after each, the document equals a fresh parse of its text', () => {
    const r = rng(42);
    const doc = WorkflowDocument.parse(workflow(40));
    expect(parseWorkflow(doc.toString(), { catalog: testCatalog }).diagnostics).toEqual([]);
    let added = 0;
    const pick = (): string => {
      const ids = doc.stepIds();
      return ids[Math.floor(r() * ids.length)] as string;
    };
    const ops: ((note: string[]) => EditResult)[] = [
      (n) => (n.push('setLayout'), doc.setLayout(pick(), [Math.floor(r() * 999), Math.floor(r() * 999)])),
      (n) => (n.push('timeout'), doc.setStepField(pick(), ['timeout'], `${1 + Math.floor(r() * 60)}s`)),
      (n) => (n.push('unset timeout'), doc.unsetStepField(pick(), ['timeout'])),
      (n) => (
        n.push('with.expression'),
        doc.setStepField(pick(), ['with', 'expression'], `${Math.floor(r() * 9)} + 1`)
      ),
      (n) => (n.push('addNeed'), doc.addNeed(pick(), pick())),
      (n) => {
        const id = pick();
        const need = doc.needsOf(id)[0];
        n.push(`removeNeed ${id} ${need ?? ''}`);
        return need ? doc.removeNeed(id, need) : doc.setStepField(id, ['name'], 'no needs');
      },
      (n) => (
        n.push('addStep'),
        doc.addStep(
          { id: `added${++added}`, uses: 'transform', with: { expression: '1' } },
          { after: pick() },
        )
      ),
      (n) => (
        n.push('removeStep'),
        doc.stepIds().length > 5 ? doc.removeStep(pick()) : doc.setLayout(pick(), [0, 0])
      ),
      (n) => {
        const id = pick();
        n.push(`rename ${id}`);
        return doc.renameStep(id, `${id}_r`);
      },
      (n) => {
        n.push('batch');
        return doc.batch(() => {
          for (let k = 0; k < 5; k++) doc.setLayout(pick(), [k, k]);
          return doc.setStepField(pick(), ['retry', 'attempts'], 3);
        });
      },
    ];
    for (let i = 0; i < 300; i++) {
      const note: string[] = [`edit ${i}`];
      const result = (ops[Math.floor(r() * ops.length)] as (n: string[]) => EditResult)(note);
      expect(result.ok, `${note.join(' ')}: ${result.ok ? '' : result.error.message}`).toBe(true);
      if (i % 3 === 0) expectFresh(doc, note.join(' '));
    }
    expectFresh(doc, 'at the end');
  });

  it('removeStep drops the step, every need on it (ports too, flow and block lists) and its layout, in one edit', () => {
    const text = [
      'apiVersion: weft/v1',
      'kind: Workflow',
      'id: w',
      'steps:',
      '  - id: a',
      '    uses: if',
      '    with: { condition: "true" }',
      '  - id: b   # keeps b',
      '    uses: transform',
      '    needs: [a.then, a.else]',
      '    with: { expression: "1" }',
      '  - id: c',
      '    uses: transform',
      '    needs:',
      '      - b',
      '      - a.then   # this line goes',
      '    with: { expression: "2" }',
      '  - id: d',
      '    uses: transform',
      '    needs: a',
      '    with: { expression: "3" }',
      '  - id: e',
      '    uses: transform',
      '    needs: [b, a.else, c]',
      '    with: { expression: "4" }',
      'layout:',
      '  a: [0, 0]   # a',
      '  b: [1, 1]',
      '',
    ].join('\n');
    const doc = WorkflowDocument.parse(text);
    expect(doc.removeStep('a').ok).toBe(true);
    expect(doc.toString()).toBe(
      [
        'apiVersion: weft/v1',
        'kind: Workflow',
        'id: w',
        'steps:',
        '  - id: b   # keeps b',
        '    uses: transform',
        '    with: { expression: "1" }',
        '  - id: c',
        '    uses: transform',
        '    needs:',
        '      - b',
        '    with: { expression: "2" }',
        '  - id: d',
        '    uses: transform',
        '    with: { expression: "3" }',
        '  - id: e',
        '    uses: transform',
        '    needs: [b, c]',
        '    with: { expression: "4" }',
        'layout:',
        '  b: [1, 1]',
        '',
      ].join('\n'),
    );
    expectFresh(doc, 'after removeStep');
    expect(parseWorkflow(doc.toString()).ok).toBe(true);
  });

  it('a batch gives the same text as the same edits one by one, and a fresh parse', () => {
    const one = WorkflowDocument.parse(workflow(30));
    const many = WorkflowDocument.parse(workflow(30));
    const edits = (d: WorkflowDocument): void => {
      for (let i = 0; i < 30; i += 2) d.setLayout(`s${i}`, [i, 100 + i]);
      d.setStepField('s7', ['timeout'], '5s');
      d.removeStep('s12');
    };
    edits(one);
    const result = many.batch(() => edits(many));
    expect(result).toBeUndefined();
    expect(many.toString()).toBe(one.toString());
    expectFresh(many, 'after batch');
  });

  it('a batch that throws or returns a failed result leaves the document as it was', () => {
    const text = workflow(10);
    const doc = WorkflowDocument.parse(text);
    expect(() =>
      doc.batch(() => {
        doc.setLayout('s1', [5, 5]);
        throw new Error('drag cancelled');
      }),
    ).toThrow('drag cancelled');
    expect(doc.toString()).toBe(text);
    const failed = doc.batch(() => {
      doc.setLayout('s1', [5, 5]);
      return doc.removeStep('nope');
    });
    expect(failed.ok).toBe(false);
    expect(doc.toString()).toBe(text);
    expect(doc.setLayout('s2', [1, 1]).ok).toBe(true);
    expectFresh(doc, 'after rollbacks');
  });

  it('typing in the YAML re-parses a 500-step file into the same document as a cold parse', () => {
    let text = workflow(500);
    WorkflowDocument.parse(text);
    // Change one step's text, as a keystroke would: the rest comes from the cache.
    text = text.replace('        + 250\n', '        + 2500\n');
    expectFresh(WorkflowDocument.parse(text), 'after a keystroke');
  });
});

describe('edit batch limits', () => {
  it('refuses, at its end, a batch that nests the file past the depth limit, and keeps the document', () => {
    const text =
      'apiVersion: weft/v1\nkind: Workflow\nid: w\nsteps:\n  - id: a\n    uses: transform\n    with: { expression: "1" }\n';
    const doc = WorkflowDocument.parse(text, { maxDepth: 8 });
    const deep = [[[[[[[[['x']]]]]]]]];
    expect(() => doc.batch(() => doc.setStepField('a', ['with', 'input'], deep))).toThrow(
      /nesting is too deep.*unchanged/,
    );
    expect(doc.toString()).toBe(text);
    expect(doc.setStepField('a', ['with', 'input'], deep).ok).toBe(false);
  });
});
