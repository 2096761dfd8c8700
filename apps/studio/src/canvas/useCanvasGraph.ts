/** Keeps React Flow's nodes and edges in step with the document, reusing unchanged objects. */
import { applyNodeChanges, type Edge, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useDocShallow } from '../document/context';
import { drawnPositions } from '../editor/commands/move';
import { buildEdges, buildNodes, type StepNode } from './graph';

/**
 * `sizesRedraw()`: whether newly measured sizes alone must hand React Flow new nodes (the canvas
 * waits for them to fit its first view). Otherwise they are kept here for the next change of the
 * document: React Flow measured the nodes itself and keeps the sizes in its own lookup, and new node
 * objects would wake every subscriber of its store (thousands on a 500-step file) once more.
 */
export function useCanvasGraph(sizesRedraw: () => boolean): {
  nodes: StepNode[];
  edges: Edge[];
  onNodesChange: (changes: NodeChange<StepNode>[]) => void;
} {
  const s = useDocShallow((st) => ({
    workflow: st.workflow,
    catalog: st.catalog,
    diagnostics: st.diagnostics,
    diagnosed: st.diagnosed,
    autoLayout: st.autoLayout,
    breakpoints: st.breakpoints,
    selectedSteps: st.selectedSteps,
    selectedEdges: st.selectedEdges,
  }));
  // The nodes are built while rendering (not in an effect and a second render): one commit per
  // change of the document. `nodesRef` also holds what React Flow reports back (measured sizes,
  // positions while dragging), kept until the document changes and `moveSteps` writes the layout.
  const nodesRef = useRef<StepNode[]>([]);
  const edgesRef = useRef<Edge[]>([]);
  const [localChanges, setLocalChanges] = useState(0);

  const built = useMemo(() => {
    const prev = nodesRef.current;
    if (!s.workflow) return prev;
    const positions = drawnPositions({ workflow: s.workflow, autoLayout: s.autoLayout });
    const input = {
      workflow: s.workflow,
      catalog: s.catalog,
      positions,
      diagnostics: s.diagnostics,
      diagnosed: s.diagnosed,
      breakpoints: s.breakpoints,
    };
    const next = buildNodes(input, prev, s.selectedSteps);
    const result = next.length === prev.length && next.every((n, i) => n === prev[i]) ? prev : next;
    nodesRef.current = result;
    return result;
  }, [s.workflow, s.catalog, s.diagnostics, s.diagnosed, s.autoLayout, s.breakpoints, s.selectedSteps]);
  // `built` and `localChanges` say when the ref changed.
  const nodes = useMemo(() => nodesRef.current, [built, localChanges]);

  const edges = useMemo(() => {
    if (!s.workflow) return edgesRef.current;
    const prev = edgesRef.current;
    const next = buildEdges(s.workflow, prev, s.selectedEdges);
    // The same edges (a moved step, an edited field): React Flow is not told, so its store stays.
    const result = next.length === prev.length && next.every((e, i) => e === prev[i]) ? prev : next;
    edgesRef.current = result;
    return result;
  }, [s.workflow, s.selectedEdges]);

  // Measured sizes and drag positions live here until a drag ends and `moveSteps` writes the layout;
  // a drag's positions are drawn at once.
  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      const local = changes.filter((c) => c.type === 'dimensions' || c.type === 'position');
      if (local.length === 0) return;
      nodesRef.current = applyNodeChanges(local, nodesRef.current);
      if (local.some((c) => c.type === 'position') || sizesRedraw()) setLocalChanges((n) => n + 1);
    },
    [sizesRedraw],
  );

  return { nodes, edges, onNodesChange };
}
