/**
 * Why a connection the person dropped was refused (React Flow only says "invalid"): a cycle, a step
 * that already needs the other, an output dropped on an output, an input dragged to an input.
 */
import type { Workflow } from '@weft/dsl';
import { checkConnection } from '../editor/commands/connect';

export interface DroppedConnection {
  from: { nodeId: string; handleId: string | null; type: 'source' | 'target' };
  to: { nodeId: string; handleId: string | null; type: 'source' | 'target' } | null;
}

/** The sentence to show, or null when there is nothing to explain (dropped on empty canvas, or valid). */
export function refusalReason(
  workflow: Workflow | null,
  d: DroppedConnection,
  outHandle: string,
): string | null {
  if (!d.to) return null;
  if (d.from.type === d.to.type) {
    return d.from.type === 'source'
      ? `Not connected: an output (right side) goes to another step's input (left side), not to an output.`
      : `Not connected: drag from a step's output (right side) to another step's input (left side).`;
  }
  const source = d.from.type === 'source' ? d.from : d.to;
  const target = d.from.type === 'source' ? d.to : d.from;
  const port = source.handleId && source.handleId !== outHandle ? source.handleId : undefined;
  const r = checkConnection(workflow, {
    source: source.nodeId,
    target: target.nodeId,
    ...(port ? { port } : {}),
  });
  return r.ok ? null : `Not connected: ${r.error}.`;
}
