import { describe, expect, it } from 'vitest';
import { testCatalog } from './__fixtures__/test-catalog';
import { analyzeExpression } from './expression';
import { parseWorkflow } from './validate';

const HEAD = 'apiVersion: weft/v1\nkind: Workflow\nid: t\n';
const at = (text: string): string[] =>
  parseWorkflow(text, { catalog: testCatalog }).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

describe('analyzeExpression', () => {
  it('collects steps.X and $$.steps.X references and roots', () => {
    const a = analyzeExpression(
      '$count(steps.fetch.output.body[[0..($$.inputs.limit - 1)]]) + $$.steps.other.output',
    );
    expect(a.ok).toBe(true);
    expect(a.refs.steps).toEqual(['fetch', 'other']);
    expect(a.refs.roots).toEqual(['steps', 'inputs']);
    expect(a.stepRefs).toEqual([
      { id: 'fetch', offset: 13, length: 5 },
      { id: 'other', offset: 71, length: 5 },
    ]);
  });

  it('does not take fields of a relative context for roots', () => {
    const a = analyzeExpression("steps.top.output.{ 'title': title }");
    expect(a.refs.roots).toEqual(['steps']);
    expect(a.refs.steps).toEqual(['top']);
  });

  it('finds steps read inside predicates, function arguments, conditions and blocks', () => {
    expect(analyzeExpression('items[id = steps.a.output.id]').refs.steps).toEqual(['a']);
    expect(analyzeExpression('($x := steps.b.output; inputs.flag ? steps.c.output : $x)').refs.steps).toEqual(
      ['b', 'c'],
    );
    expect(analyzeExpression('$map(inputs.list, function($v) { $v & steps.d.output })').refs.steps).toEqual([
      'd',
    ]);
  });

  it('reports a syntax error with its position', () => {
    const a = analyzeExpression('steps.a.output +');
    expect(a.ok).toBe(false);
    expect(a.error).toMatchObject({ message: 'Unexpected end of expression', offset: 15 });
    expect(analyzeExpression('  ').error?.message).toBe('the expression is empty');
    expect(analyzeExpression('"abc').error?.code).toBe('S0101');
  });

  it('returns the same analysis for the same source (cached)', () => {
    expect(analyzeExpression('inputs.a')).toBe(analyzeExpression('inputs.a'));
  });
});

describe('expressions in a workflow', () => {
  it('E_EXPRESSION at the position of the syntax error inside the scalar', () => {
    // plain, double-quoted, single-quoted and a literal block
    const text = `${HEAD}vars:\n  a: \${{ 1 + }}\n  b: "x\\t\${{ 1 = = 2 }}"\n  c: 'it''s \${{ ] }}'\n  d: |\n    line one\n    \${{ a ~ }}\nsteps:\n  - { id: s, uses: fail, with: { message: m } }\n`;
    expect(at(text)).toEqual([
      '5:13 E_EXPRESSION',
      '6:18 E_EXPRESSION',
      '7:17 E_EXPRESSION',
      '10:11 E_EXPRESSION',
    ]);
  });

  it('E_EXPRESSION for always-expression fields with or without ${{ }}', () => {
    const text = `${HEAD}steps:\n  - id: a\n    uses: fail\n    if: inputs.x =\n    with: { message: m }\n  - id: b\n    uses: fail\n    foreach: \${{ [1, ] }}\n    with: { message: m }\n  - id: c\n    uses: if\n    with: { condition: "a and )" }\n`;
    expect(at(text)).toEqual(['7:18 E_EXPRESSION', '11:22 E_EXPRESSION', '15:31 E_EXPRESSION']);
  });

  it('E_EXPRESSION for an unterminated ${{ and for ${{ where expressions are not allowed', () => {
    const text = `${HEAD}name: \${{ inputs.n }}\nsteps:\n  - id: a\n    uses: fail\n    needs: ["\${{ inputs.x }}"]\n    with: { message: "hi \${{ inputs.n" }\n`;
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code}`)).toEqual([
      '4:7 E_EXPRESSION',
      '8:13 E_EXPRESSION',
      '9:26 E_EXPRESSION',
    ]);
    expect(d[0]!.message).toContain('expressions are not allowed here');
  });

  it('E_STEP_NOT_UPSTREAM unless the step is an ancestor through needs (transitively)', () => {
    const text = [
      HEAD + 'steps:',
      '  - { id: a, uses: fail, with: { message: m } }',
      '  - { id: b, uses: fail, needs: [a], with: { message: m } }',
      '  - id: c',
      '    uses: fail',
      '    needs: [b]',
      '    with: { message: "${{ steps.a.output }} ${{ steps.d.output }}" }',
      '  - { id: d, uses: fail, with: { message: m } }',
      '',
    ].join('\n');
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toEqual([
      "10:55 E_STEP_NOT_UPSTREAM step 'c': with.message reads steps.d, but 'd' is not upstream of 'c'; add it (or a step after it) to needs",
    ]);
  });

  it('ports count as needs for the upstream rule; a step may not read itself', () => {
    const text = `${HEAD}steps:\n  - { id: chk, uses: if, with: { condition: "true" } }\n  - id: b\n    uses: transform\n    needs: [chk.then]\n    if: steps.chk.output.value and steps.b.output\n    with: { expression: "1" }\n`;
    expect(at(text)).toEqual(['9:42 E_STEP_NOT_UPSTREAM']);
  });

  it('E_UNKNOWN_STEP for a step that does not exist, with a suggestion', () => {
    const text = `${HEAD}steps:\n  - { id: fetch, uses: fail, with: { message: m } }\noutputs:\n  o: \${{ $$.steps.fecth.output }}\n`;
    const d = parseWorkflow(text, { catalog: testCatalog }).diagnostics;
    expect(d.map((x) => `${x.line}:${x.column} ${x.code} ${x.message}`)).toEqual([
      "7:19 E_UNKNOWN_STEP outputs.o reads steps.fecth, but there is no step 'fecth'; did you mean 'fetch'?",
    ]);
  });

  it('outputs may read any step; vars and trigger secrets may read none', () => {
    const text = `${HEAD}vars:\n  v: \${{ steps.a.output }}\ntriggers:\n  - webhook: { path: p, secret: "\${{ steps.a.output }}" }\nsteps:\n  - { id: a, uses: fail, with: { message: m } }\noutputs:\n  o: \${{ steps.a.output }}\n`;
    expect(at(text)).toEqual(['5:16 E_STEP_NOT_UPSTREAM', '7:44 E_STEP_NOT_UPSTREAM']);
  });

  it('does not check expressions under x- keys', () => {
    expect(
      at(
        `${HEAD}x-notes: "\${{ broken( }}"\nsteps:\n  - { id: a, uses: fail, with: { message: m }, x-ui: "\${{ ( }}" }\n`,
      ),
    ).toEqual([]);
  });
});
