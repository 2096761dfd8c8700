/**
 * The steps React Flow does not draw yet (hidden while a large file opens zoomed out), drawn as one
 * layer in the viewport: their boxes (the selected and the faulty ones outlined as their nodes are)
 * and handles, and every edge that has such a step at an end. It pans and zooms with the view and takes no
 * pointer events (the canvas hit-tests it: Canvas.tsx).
 */
import { ViewportPortal, type Edge } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { boxesPath, CurveCache, edgesPath, handlesPath, type LayerPoint } from './far-layer';
import type { StepNode } from './graph';

export const FarLayer = memo(function FarLayer({
  nodes,
  edges,
}: {
  /** Every node, the hidden ones (`hidden: true`) drawn here. */
  nodes: readonly StepNode[];
  edges: readonly Edge[];
}) {
  const [curves] = useState(() => new CurveCache());
  const paths = useMemo(() => {
    const hidden = nodes.filter((n) => n.hidden);
    const hiddenIds = new Set(hidden.map((n) => n.id));
    const positions = new Map<string, LayerPoint>(nodes.map((n) => [n.id, n.position]));
    const plain = hidden.filter((n) => !n.selected && n.data.problems.length === 0);
    return {
      edges: edgesPath(
        edges.filter((e) => hiddenIds.has(e.source) || hiddenIds.has(e.target)),
        (id) => positions.get(id),
        curves,
      ),
      boxes: boxesPath(plain.map((n) => n.position)),
      problems: boxesPath(
        hidden.filter((n) => !n.selected && n.data.problems.length > 0).map((n) => n.position),
      ),
      selected: boxesPath(hidden.filter((n) => n.selected).map((n) => n.position)),
      handlesIn: handlesPath(
        hidden.map((n) => n.position),
        'in',
      ),
      handlesOut: handlesPath(
        hidden.map((n) => n.position),
        'out',
      ),
    };
  }, [nodes, edges, curves]);
  return (
    <ViewportPortal>
      <svg className="far-layer" aria-hidden="true" data-testid="far-layer" width="1" height="1">
        <path className="far-layer-edges" d={paths.edges} />
        <path className="far-layer-boxes" d={paths.boxes} />
        <path className="far-layer-boxes has-problems" d={paths.problems} />
        <path className="far-layer-boxes selected" d={paths.selected} />
        <path className="far-layer-handle" d={paths.handlesIn} />
        <path className="far-layer-handle handle-out" d={paths.handlesOut} />
      </svg>
    </ViewportPortal>
  );
});
