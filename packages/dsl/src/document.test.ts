import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { WorkflowDocument, type EditResult } from './document';
import { parseWorkflow } from './validate';

const dir = join(import.meta.dirname, '__fixtures__/edit');
const base = readFileSync(join(dir, 'base.yaml'), 'utf8');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** Lines of `a` that are gone and lines of `b` that are new (LCS line diff), as `-N`/`+N`. */
function changedLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const dp = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && (i >= x.length || dp[i]![j + 1]! >= dp[i + 1]![j]!)) out.push(`+${++j}`);
    else out.push(`-${++i}`);
  }
  const num = (s: string): number => Number(s.slice(1));
  return out.sort((a, b) => num(a) - num(b) || (a[0] === '-' ? -1 : 1));
}

/**
 * Each operation, the golden file it must produce, and exactly which lines it may change
 * (`-N`: line N of the base is gone, `+N`: line N of the result is new). Every other line of
 * the file, comments included, must come through byte-identical.
 */
const cases: { name: string; op: (d: WorkflowDocument) => EditResult; changed: string[] }[] = [
  {
    name: 'add-step-end',
    op: (d) =>
      d.addStep({
        id: 'notify',
        uses: 'http@1',
        needs: ['post'],
        with: { url: 'https://x', body: { a: '${{ steps.post.output }}' } },
      }),
    changed: ['+46', '+47', '+48', '+49', '+50', '+51', '+52', '+53'],
  },
  {
    name: 'add-step-after',
    op: (d) =>
      d.addStep(
        { id: 'log', uses: 'transform', needs: ['fetch'], with: { expression: 'steps.fetch.output' } },
        { after: 'fetch' },
      ),
    changed: ['+19', '+20', '+21', '+22', '+23', '+24'],
  },
  {
    name: 'remove-step',
    op: (d) => d.removeStep('check'),
    changed: ['-19', '-20', '-21', '-22', '-23', '-24', '-28', '-29', '-51'],
  },
  {
    name: 'rename-step',
    op: (d) => d.renameStep('fetch', 'load'),
    changed: [
      '-13',
      '+13',
      '-21',
      '+21',
      '-23',
      '+23',
      '-32',
      '+32',
      '-40',
      '+40',
      '-43',
      '+43',
      '-50',
      '+50',
    ],
  },
  {
    name: 'set-field-existing',
    op: (d) => d.setStepField('fetch', ['with', 'url'], 'https://api.example.com/v2/report'),
    changed: ['-16', '+16'],
  },
  { name: 'set-field-new', op: (d) => d.setStepField('check', ['timeout'], '30s'), changed: ['+24'] },
  {
    name: 'set-field-nested-new',
    op: (d) => d.setStepField('post', ['retry'], { attempts: 5, backoff: 'exponential', delay: '2s' }),
    changed: ['+44', '+45', '+46', '+47'],
  },
  {
    name: 'set-field-in-flow-map',
    op: (d) => d.setStepField('fetch', ['with', 'headers', 'X-Trace'], '2'),
    changed: ['-17', '+17'],
  },
  { name: 'unset-field', op: (d) => d.unsetStepField('post', ['x-note']), changed: ['-44'] },
  {
    name: 'unset-field-last-in-map',
    op: (d) => d.unsetStepField('shape', ['retry', 'attempts']),
    changed: ['-36'],
  },
  { name: 'add-need-flow', op: (d) => d.addNeed('post', 'check'), changed: ['-40', '+40'] },
  { name: 'add-need-block', op: (d) => d.addNeed('shape', 'fetch'), changed: ['+30'] },
  { name: 'remove-need-flow', op: (d) => d.removeNeed('post', 'fetch'), changed: ['-40', '+40'] },
  { name: 'remove-need-last', op: (d) => d.removeNeed('shape', 'check.then'), changed: ['-28', '-29'] },
  { name: 'set-layout-existing', op: (d) => d.setLayout('shape', [500, 20]), changed: ['-52', '+52'] },
  { name: 'set-layout-new', op: (d) => d.setLayout('post', [720, 0]), changed: ['+53'] },
  { name: 'remove-layout', op: (d) => d.removeLayout('check'), changed: ['-51'] },
  {
    name: 'set-workflow-field',
    op: (d) => d.setWorkflowField(['name'], 'Nightly report v2'),
    changed: ['-5', '+5'],
  },
  {
    name: 'set-workflow-field-new',
    op: (d) => d.setWorkflowField(['description'], 'Posts the nightly numbers.'),
    changed: ['+6'],
  },
];

describe('edit API golden files: only the lines an edit must change', () => {
  for (const c of cases) {
    it(c.name, () => {
      const doc = WorkflowDocument.parse(base);
      const r = c.op(doc);
      expect(r).toEqual({ ok: true, value: undefined });
      const out = doc.toString();
      const golden = join(dir, `${c.name}.yaml`);
      if (UPDATE || !existsSync(golden)) writeFileSync(golden, out);
      expect(out).toBe(readFileSync(golden, 'utf8'));
      expect(changedLines(base, out)).toEqual(c.changed);
      // Explicitly: every comment line of the base that the edit did not have to remove is still there.
      const removed = new Set(c.changed.filter((l) => l.startsWith('-')).map((l) => Number(l.slice(1))));
      base.split('\n').forEach((line, i) => {
        if (line.includes('#') && !removed.has(i + 1)) expect(out.split('\n')).toContain(line);
      });
      expect(
        parseWorkflow(out, { catalog: testCatalog }).diagnostics.filter(
          (d) => d.code === 'E_YAML' || d.code === 'E_SCHEMA',
        ),
      ).toEqual([]);
    });
  }
});

describe('edit API behaviour', () => {
  it('rename updates needs with ports, layout keys and steps.X in expressions only', () => {
    const doc = WorkflowDocument.parse(base);
    expect(doc.renameStep('check', 'has_data').ok).toBe(true);
    const r = parseWorkflow(doc.toString(), { catalog: testCatalog });
    expect(r.ok).toBe(true);
    expect(r.workflow?.steps.find((s) => s.id === 'shape')?.needs).toEqual([
      { step: 'has_data', port: 'then' },
    ]);
    expect(r.workflow?.layout['has_data']).toEqual([240, 0]);
  });

  it('removeStep leaves a valid workflow: needs and layout entries go too', () => {
    const doc = WorkflowDocument.parse(base);
    expect(doc.removeStep('shape').ok).toBe(true);
    const r = parseWorkflow(doc.toString(), { catalog: testCatalog });
    // outputs still read steps.shape: that is the user's to fix, and validation says where.
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E_UNKNOWN_STEP', 'E_UNKNOWN_STEP']);
    expect(doc.needsOf('post')).toEqual(['fetch']);
    expect(doc.toString()).not.toMatch(/^\s+shape: \[/m);
  });

  it('refuses bad edits and leaves the document unchanged', () => {
    const doc = WorkflowDocument.parse(base);
    expect(doc.addStep({ id: 'fetch', uses: 'if' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(doc.addStep({ id: 'bad id', uses: 'if' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    });
    expect(doc.renameStep('nope', 'x')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(doc.renameStep('fetch', 'check')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(doc.setStepField('nope', ['timeout'], '1s')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(doc.unsetStepField('fetch', ['uses'])).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(doc.toString()).toBe(base);
    const broken = WorkflowDocument.parse('steps: [\n');
    expect(broken.setWorkflowField(['id'], 'x')).toMatchObject({
      ok: false,
      error: { code: 'BROKEN_DOCUMENT' },
    });
  });

  it('builds a whole workflow from an empty map, step by step', () => {
    const doc = WorkflowDocument.parse('apiVersion: weft/v1\nkind: Workflow\nid: fresh\n');
    expect(doc.addStep({ id: 'a', uses: 'transform', with: { expression: '1' } }).ok).toBe(true);
    expect(doc.addStep({ id: 'b', uses: 'fail', with: { message: 'x' } }).ok).toBe(true);
    expect(doc.addNeed('b', 'a').ok).toBe(true);
    expect(doc.setLayout('a', [0, 0]).ok).toBe(true);
    expect(doc.setStepField('b', ['if'], '${{ steps.a.output = 1 }}').ok).toBe(true);
    expect(doc.toString()).toBe(
      'apiVersion: weft/v1\nkind: Workflow\nid: fresh\nsteps:\n  - id: a\n    uses: transform\n    with:\n      expression: "1"\n  - id: b\n    uses: fail\n    needs: [a]\n    if: ${{ steps.a.output = 1 }}\n    with:\n      message: x\nlayout:\n  a: [0, 0]\n',
    );
    expect(parseWorkflow(doc.toString()).ok).toBe(true);
  });

  it('removing the first key of a step pulls the next key onto the dash line', () => {
    const doc = WorkflowDocument.parse(
      'apiVersion: weft/v1\nkind: Workflow\nid: t\nsteps:\n  - name: First\n    id: a\n    uses: fail\n',
    );
    expect(doc.unsetStepField('a', ['name']).ok).toBe(true);
    expect(doc.toString()).toBe(
      'apiVersion: weft/v1\nkind: Workflow\nid: t\nsteps:\n  - id: a\n    uses: fail\n',
    );
  });

  it('positionOf points at a node or its closest parent', () => {
    const doc = WorkflowDocument.parse(base);
    expect(doc.positionOf(['steps', 1, 'needs', 0])).toMatchObject({ line: 21, column: 16 });
    expect(doc.positionOf(['steps', 1, 'nothing', 'here'])).toMatchObject({ line: 19, column: 7 });
  });

  it('parseLater answers text and value from what it was given, and parses on first use as parse does', () => {
    const parsed = WorkflowDocument.parse(base);
    // A value parsed elsewhere (a worker) arrives as a copy: it is answered as given, untouched.
    const given = structuredClone(parsed.value);
    const later = WorkflowDocument.parseLater(base, given);
    expect(later.text).toBe(base);
    expect(later.toString()).toBe(base);
    expect(later.value).toBe(given);
    expect(later.positionOf(['steps', 1, 'needs', 0])).toEqual(parsed.positionOf(['steps', 1, 'needs', 0]));
    // Parsed now: the value is its own parse's, equal to what was given.
    expect(later.value).not.toBe(given);
    expect(later.value).toEqual(given);
    expect(later.renameStep('check', 'has_data').ok).toBe(true);
    expect(parsed.renameStep('check', 'has_data').ok).toBe(true);
    expect(later.toString()).toBe(parsed.toString());
    expect(later.value).toEqual(parsed.value);
    // An edit first (nothing read before it) works on the text it was given.
    const edited = WorkflowDocument.parseLater(base, given);
    expect(edited.removeStep('shape').ok).toBe(true);
    expect(edited.toString()).not.toMatch(/^\s+shape: \[/m);
    expect(WorkflowDocument.parseLater('steps: [\n', undefined).loaded.fatal).toBe(
      WorkflowDocument.parse('steps: [\n').loaded.fatal,
    );
  });
});
