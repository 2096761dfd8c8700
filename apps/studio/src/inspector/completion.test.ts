import { describe, expect, it } from 'vitest';
import { parseWorkflow, type Workflow } from '@weft/dsl';
import { completeExpression, upstreamOf } from './completion';

const wf = parseWorkflow(`apiVersion: weft/v1
kind: Workflow
id: c
inputs:
  repo: { type: string }
vars:
  api: https://x
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
  - id: b
    uses: transform
    needs: [a]
    with: { expression: "2" }
  - id: side
    uses: transform
    with: { expression: "3" }
  - id: c
    uses: transform
    needs: [b]
    with: { expression: "4" }
`).workflow as Workflow;

describe('expression completion', () => {
  it('offers only upstream steps', () => {
    expect(upstreamOf(wf, 'c')).toEqual(['a', 'b']);
    const c = completeExpression('${{ steps.', { workflow: wf, stepId: 'c' });
    expect(c?.items.map((i) => i.label)).toEqual([
      'steps.a.output',
      'steps.a.status',
      'steps.b.output',
      'steps.b.status',
    ]);
    expect(c?.from).toBe(4);
  });

  it('completes inputs, vars and secrets, inside ${{ }} only unless the field is an expression', () => {
    const ctx = { workflow: wf, stepId: 'b', secretNames: ['TOKEN'] };
    expect(completeExpression('https://${{ inp', ctx)?.items.map((i) => i.label)).toEqual(['inputs.repo']);
    expect(completeExpression('${{ vars.', ctx)?.items.map((i) => i.label)).toEqual(['vars.api']);
    expect(completeExpression('${{ secrets.T', ctx)?.items.map((i) => i.label)).toEqual(['secrets.TOKEN']);
    expect(completeExpression('plain inp', ctx)).toBeNull();
    expect(completeExpression('${{ 1 }} inp', ctx)).toBeNull();
    expect(completeExpression('inp', ctx, true)?.items.map((i) => i.label)).toEqual(['inputs.repo']);
  });

  it('closes after operators, literals and strings: nothing to insert there', () => {
    const ctx = { workflow: wf, stepId: 'c' };
    expect(completeExpression('steps.a.output', ctx, true)).toBeNull();
    expect(completeExpression('steps.a.output =', ctx, true)).toBeNull();
    expect(completeExpression('steps.a.output = ', ctx, true)).toBeNull();
    expect(completeExpression('steps.a.output = 200', ctx, true)).toBeNull();
    expect(completeExpression("steps.a.output = 'st", ctx, true)).toBeNull();
    expect(completeExpression('${{ $len', ctx)).toBeNull();
    expect(completeExpression('${{ steps.a.output > 3 and ', ctx)).toBeNull();
    // A new word after an operator is completed again; so is the start of the field.
    expect(completeExpression('steps.a.output = st', ctx, true)?.items.map((i) => i.label)).toContain(
      'steps.b.output',
    );
    expect(completeExpression('$length(steps.b', ctx, true)?.from).toBe(8);
    expect(completeExpression('', ctx, true)?.items.length).toBeGreaterThan(0);
    expect(completeExpression('${{ ', ctx)?.items.length).toBeGreaterThan(0);
  });

  it('offers item and index in a foreach step, and the resolved inputs in a breakpoint condition', () => {
    const each = parseWorkflow(`apiVersion: weft/v1
kind: Workflow
id: e
steps:
  - id: load
    uses: transform
    with: { expression: "[1, 2]" }
  - id: price
    uses: transform
    needs: [load]
    foreach: \${{ steps.load.output }}
    with: { input: "\${{ item }}", expression: "input * 10" }
`).workflow as Workflow;
    const ctx = { workflow: each, stepId: 'price' };
    expect(completeExpression('it', ctx, true)?.items.map((i) => i.label)).toEqual(['item']);
    expect(completeExpression('item = 2 and ind', ctx, true)?.items.map((i) => i.label)).toEqual(['index']);
    expect(completeExpression('', ctx, true)?.items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['item', 'index', 'steps.load.output']),
    );
    // Not in a step without foreach; the step's input names only in a breakpoint condition.
    expect(completeExpression('it', { workflow: each, stepId: 'load' }, true)).toBeNull();
    expect(completeExpression('inp', ctx, true)?.items.map((i) => i.label)).toEqual(['inputs.']);
    const bp = { ...ctx, breakpoint: true };
    expect(completeExpression('inp', bp, true)?.items.map((i) => i.label)).toEqual(['input']);
    expect(completeExpression('with.', bp, true)?.items.map((i) => i.label)).toEqual([
      'with.input',
      'with.expression',
    ]);
  });
});
