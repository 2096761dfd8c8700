/**
 * Automatic layout with elkjs (layered, left to right) for files without `layout`. elkjs (1.6 MB)
 * is loaded on first use only: a file with a `layout` never pays for it when it opens.
 */
import type ELKType from 'elkjs/lib/elk.bundled.js';
import type { Workflow } from '@weft/dsl';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;

let elk: Promise<InstanceType<typeof ELKType>> | undefined;

export async function autoLayout(workflow: Workflow): Promise<Map<string, [number, number]>> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  const ids = new Set(workflow.steps.map((s) => s.id));
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.spacing.nodeNode': '40',
    },
    children: workflow.steps.map((s) => ({
      id: s.id,
      width: NODE_WIDTH,
      height: NODE_HEIGHT + 18 * Math.max(0, portCount(s) - 1),
    })),
    edges: workflow.steps.flatMap((s) =>
      s.needs
        .filter((n) => ids.has(n.step))
        .map((n, i) => ({ id: `${s.id}-${i}`, sources: [n.step], targets: [s.id] })),
    ),
  };
  const out = await (await elk).layout(graph);
  const positions = new Map<string, [number, number]>();
  for (const child of out.children ?? [])
    positions.set(child.id, [Math.round(child.x ?? 0), Math.round(child.y ?? 0)]);
  return positions;
}

function portCount(step: Workflow['steps'][number]): number {
  if (step.uses === 'if' || step.uses === 'approval') return 2;
  if (step.uses === 'switch') return (Array.isArray(step.with.cases) ? step.with.cases.length : 0) + 1;
  return 1;
}
