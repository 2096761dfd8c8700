/**
 * Maps the workflow model to React Flow nodes and edges. Pure and node-compatible so it is unit
 * tested without a DOM; node objects are reused when nothing a node shows has changed, so React
 * Flow's memoised node components skip re-rendering on a 500-step file. A step's run state is not
 * in its node: each node selects its own from the document store (StepNode), so a run's events and
 * playback's seeks hand React Flow no new nodes at all.
 */
import type { BlockCatalog, Diagnostic, Step, Workflow } from '@weft/dsl';
import type { Edge, Node } from '@xyflow/react';
import { stepPorts } from '../document/catalog';
import { fileIndexOf } from '../document/dsl';
import { markOf, type BreakpointMark, type Breakpoints } from '../debugger/breakpoints';

export type Badge = 'foreach' | 'repeat' | 'retry' | 'if';

export interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  uses: string;
  title: string;
  icon: string;
  blockKnown: boolean;
  ports: readonly string[];
  badges: readonly Badge[];
  problems: readonly string[];
  /** The person's breakpoint on the step, if any. */
  breakpoint?: BreakpointMark;
}

export type StepNode = Node<StepNodeData, 'step'>;

/** Handle id of the plain "done" output and of the single input. */
export const OUT_HANDLE = 'out';
export const IN_HANDLE = 'in';

export interface GraphInput {
  workflow: Workflow;
  catalog: BlockCatalog;
  positions: ReadonlyMap<string, readonly [number, number]>;
  diagnostics: readonly Diagnostic[];
  /** The model the diagnostics were found for (their paths index its steps), when not `workflow`. */
  diagnosed?: Workflow | null;
  breakpoints: Breakpoints;
}

/** Which step a diagnostic is about, from its path (`['steps', 3, …]`). */
export function diagnosticsByStep(
  workflow: Workflow,
  diagnostics: readonly Diagnostic[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (diagnostics.length === 0) return out;
  const idAt = new Map(workflow.steps.map((s, i) => [fileIndexOf(s, i), s.id]));
  for (const d of diagnostics) {
    if (d.path[0] !== 'steps' || typeof d.path[1] !== 'number') continue;
    const id = idAt.get(d.path[1]);
    if (id === undefined) continue;
    const list = out.get(id) ?? [];
    list.push(`${d.code}: ${d.message}`);
    out.set(id, list);
  }
  return out;
}

export function badgesOf(step: Step): Badge[] {
  const badges: Badge[] = [];
  if (step.foreach !== undefined) badges.push('foreach');
  if (step.repeat !== undefined) badges.push('repeat');
  if (step.retry !== undefined && step.retry.attempts > 1) badges.push('retry');
  if (step.if !== undefined) badges.push('if');
  return badges;
}

function sameData(a: StepNodeData, b: StepNodeData): boolean {
  return (
    a.stepId === b.stepId &&
    a.uses === b.uses &&
    a.title === b.title &&
    a.icon === b.icon &&
    a.blockKnown === b.blockKnown &&
    a.breakpoint === b.breakpoint &&
    a.ports.join('\n') === b.ports.join('\n') &&
    a.badges.join() === b.badges.join() &&
    a.problems.join('\n') === b.problems.join('\n')
  );
}

/**
 * Builds the nodes, reusing `previous` node objects (with their measured size and selection) when
 * their data and position are unchanged.
 */
export function buildNodes(
  input: GraphInput,
  previous: readonly StepNode[],
  selected: ReadonlySet<string>,
): StepNode[] {
  const prevById = new Map(previous.map((n) => [n.id, n]));
  // By step id: while a change is being validated, a step keeps the problems it had.
  const problems = diagnosticsByStep(input.diagnosed ?? input.workflow, input.diagnostics);
  return input.workflow.steps.map((step, index) => {
    const block = input.catalog.resolve(step.uses);
    const mark = markOf(input.breakpoints[step.id]);
    const data: StepNodeData = {
      stepId: step.id,
      uses: step.uses,
      title: step.name ?? block?.title ?? step.uses,
      icon: block?.icon ?? '?',
      blockKnown: block !== undefined,
      ports: stepPorts(step, input.catalog),
      badges: badgesOf(step),
      problems: problems.get(step.id) ?? [],
      ...(mark ? { breakpoint: mark } : {}),
    };
    const pos = input.positions.get(step.id) ?? [index * 40, index * 40];
    const prev = prevById.get(step.id);
    const isSelected = selected.has(step.id);
    if (
      prev &&
      prev.position.x === pos[0] &&
      prev.position.y === pos[1] &&
      (prev.selected ?? false) === isSelected &&
      sameData(prev.data, data)
    ) {
      return prev;
    }
    const node: StepNode = {
      id: step.id,
      type: 'step',
      position: { x: pos[0], y: pos[1] },
      data: prev && sameData(prev.data, data) ? prev.data : data,
      selected: isSelected,
    };
    if (prev?.measured) node.measured = prev.measured;
    return node;
  });
}

/** One edge per entry of `needs`; a need on a port leaves from that port's handle. */
export function buildEdges(
  workflow: Workflow,
  previous: readonly Edge[],
  selected: ReadonlySet<string>,
): Edge[] {
  const prevById = new Map(previous.map((e) => [e.id, e]));
  const known = new Set(workflow.steps.map((s) => s.id));
  const edges: Edge[] = [];
  for (const step of workflow.steps) {
    for (const need of step.needs) {
      if (!known.has(need.step)) continue;
      const id = edgeId(need.step, need.port, step.id);
      const isSelected = selected.has(id);
      const prev = prevById.get(id);
      if (prev && (prev.selected ?? false) === isSelected) {
        edges.push(prev);
        continue;
      }
      edges.push({
        id,
        source: need.step,
        sourceHandle: need.port ?? OUT_HANDLE,
        target: step.id,
        targetHandle: IN_HANDLE,
        selected: isSelected,
        ...(need.port ? { label: need.port } : {}),
      });
    }
  }
  return edges;
}

export function edgeId(source: string, port: string | undefined, target: string): string {
  return `${source}${port ? `.${port}` : ''}->${target}`;
}

/** Parses an edge id back into the need it stands for. */
export function parseEdgeId(id: string): { source: string; port?: string; target: string } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.([^>]+))?->([A-Za-z_][A-Za-z0-9_]*)$/.exec(id);
  if (!m?.[1] || !m[3]) return undefined;
  return m[2] ? { source: m[1], port: m[2], target: m[3] } : { source: m[1], target: m[3] };
}
