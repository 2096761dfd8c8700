import { describe, expect, it } from 'vitest';
import { builtinCatalog, parseWorkflow, type Workflow } from '@weft/dsl';
import { buildEdges, buildNodes, parseEdgeId, type GraphInput } from './graph';

const TEXT = `apiVersion: weft/v1
kind: Workflow
id: g
steps:
  - id: start
    uses: transform
    with: { expression: "1" }
    foreach: "[1,2]"
    retry: { attempts: 3 }
  - id: route
    uses: switch
    needs: [start]
    with: { value: "\${{ steps.start.output }}", cases: [bug, feature] }
  - id: ok
    uses: approval
    needs: [route.bug]
    if: "true"
    with: { message: hi }
  - id: done
    uses: fail
    needs: [ok.rejected, route.default]
    with: { message: no }
layout:
  start: [0, 0]
`;

function input(workflow: Workflow, extra: Partial<GraphInput> = {}): GraphInput {
  return {
    workflow,
    catalog: builtinCatalog(),
    positions: new Map([['start', [5, 6]]]),
    diagnostics: [],
    breakpoints: { done: { stepId: 'done', enabled: true, hits: 0 } },
    ...extra,
  };
}

describe('canvas graph', () => {
  const r = parseWorkflow(TEXT);
  const wf = r.workflow as Workflow;

  it('gives each step its block, ports and badges', () => {
    expect(r.diagnostics).toEqual([]);
    const nodes = buildNodes(input(wf), [], new Set(['ok']));
    const by = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(by.start?.data.badges).toEqual(['foreach', 'retry']);
    expect(by.start?.position).toEqual({ x: 5, y: 6 });
    expect(by.route?.data.ports).toEqual(['bug', 'feature', 'default']);
    expect(by.ok?.data.ports).toEqual(['approved', 'rejected']);
    expect(by.ok?.data.badges).toEqual(['if']);
    expect(by.ok?.selected).toBe(true);
    expect(by.done?.data.badges).toEqual([]);
    expect(by.done?.data.breakpoint).toBe('on');
    expect(by.ok?.data.breakpoint).toBeUndefined();
    expect(by.start?.data.title).toBe('Transform');
  });

  it('draws needs as edges leaving from the named port', () => {
    const edges = buildEdges(wf, [], new Set());
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['start', 'out', 'route'],
      ['route', 'bug', 'ok'],
      ['ok', 'rejected', 'done'],
      ['route', 'default', 'done'],
    ]);
    expect(parseEdgeId(edges[1]!.id)).toEqual({ source: 'route', port: 'bug', target: 'ok' });
  });

  it('reuses unchanged nodes and marks steps that have problems', () => {
    const first = buildNodes(input(wf), [], new Set());
    const again = buildNodes(input(wf), first, new Set());
    expect(again.every((n, i) => n === first[i])).toBe(true);
    const bad = parseWorkflow(TEXT.replace('with: { message: hi }', 'with: { message: hi, nope: 1 }'));
    const withProblem = buildNodes(input(wf, { diagnostics: bad.diagnostics }), first, new Set());
    const ok = withProblem.find((n) => n.id === 'ok');
    expect(ok?.data.problems.join()).toMatch(/E_INVALID_INPUT|E_SCHEMA/);
    expect(withProblem.find((n) => n.id === 'start')).toBe(first[0]);
  });
});
