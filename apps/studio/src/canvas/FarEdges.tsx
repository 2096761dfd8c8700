/**
 * A large file's edges while the view is zoomed far out (`FAR_ZOOM`), drawn as one layer instead of
 * React Flow's edge components. Each of those is its own SVG element and watches React Flow's store
 * three times: on 500 steps, every change (a pasted step, a deleted one, a node measured) ran 1,500
 * of those watchers and re-laid out, painted and layered 500 SVG elements. At this zoom an edge is a
 * hairline nobody clicks; zoomed in, React Flow draws the edges again (Canvas.tsx).
 */
import { useStoreApi, ViewportPortal, type Edge } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { CurveCache, edgesPath, type LayerNode } from './far-layer';
import type { StepNode } from './graph';

export const FarEdges = memo(function FarEdges({
  nodes,
  edges,
}: {
  nodes: readonly StepNode[];
  edges: readonly Edge[];
}) {
  const flow = useStoreApi<StepNode>();
  const [curves] = useState(() => new CurveCache());
  const paths = useMemo(() => {
    // Positions from the document (React Flow takes new ones after this render); handles as React
    // Flow measured them, where it has (a step drawn since its last measure gets mid-height ends).
    const lookup = flow.getState().nodeLookup;
    const byId = new Map<string, LayerNode>();
    for (const n of nodes) {
      const bounds = lookup.get(n.id)?.internals.handleBounds;
      byId.set(n.id, { position: n.position, source: bounds?.source, target: bounds?.target });
    }
    const nodeOf = (id: string) => byId.get(id);
    return {
      plain: edgesPath(
        edges.filter((e) => !e.selected),
        nodeOf,
        curves,
      ),
      selected: edgesPath(
        edges.filter((e) => e.selected),
        nodeOf,
        curves,
      ),
    };
  }, [nodes, edges, flow, curves]);
  return (
    <ViewportPortal>
      <svg className="far-layer far-edges" aria-hidden="true" data-testid="far-edges" width="1" height="1">
        <path className="far-layer-edges" d={paths.plain} />
        <path className="far-layer-edges selected" d={paths.selected} />
      </svg>
    </ViewportPortal>
  );
});
