/** The canvas: React Flow over the document. Every change goes through `editor/commands`. */
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection as RFConnection,
  type EdgeChange,
  type Edge,
  type IsValidConnection,
  type OnConnectEnd,
  type NodeChange,
  type NodePositionChange,
  type OnNodeDrag,
  type Viewport,
} from '@xyflow/react';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { NodeMenu, type NodeMenuAt } from '../debugger/NodeMenu';
import { useDoc, useDocumentStore } from '../document/context';
import { addStep } from '../editor/commands/add-step';
import { checkConnection, connect } from '../editor/commands/connect';
import { moveSteps } from '../editor/commands/move';
import { useCanvasShortcuts } from './useCanvasShortcuts';
import { useAutoLayout } from './useAutoLayout';
import { useCanvasGraph } from './useCanvasGraph';
import { OUT_HANDLE, type StepNode as StepNodeType } from './graph';
import { StepNode } from './StepNode';
import { refusalReason } from './connection-refusal';
import { useTheme } from '../theme/theme';
import { BLOCK_DRAG_TYPE } from './drag';
import { estimatedFit, fitPadding, MINIMAP, ZOOM } from './fit';
import { NODE_HEIGHT, NODE_WIDTH } from './auto-layout';
import { createRunPainter } from './run-paint';
import { RunPainterContext } from './useRunPainter';
import { FAR_ZOOM, FarContext, useFarZoom } from './useFar';
import { nextTask, onIdle } from '../app/when-quiet';
import { FarLayer } from './FarLayer';
import { FarEdges } from './FarEdges';
import { boxAt } from './far-layer';
import { rehearsal, rehearseWhenIdle } from '../document/rehearse';

const nodeTypes = { step: StepNode };
/**
 * The minimap's node colour, stroke and class, left to the stylesheet, as one function: left out,
 * the minimap makes new ones each time its node list changes, and all of its 500 nodes re-render.
 */
const fromStylesheet = (): string => '';
/**
 * The minimap draws every step a second time (500 more components, each watching React Flow's
 * store): it comes at the first idle moment after the canvas has drawn — at the latest this long
 * after — not while a large file is opening and the YAML pane is still to show.
 */
const MINIMAP_LATEST_MS = 1500;
/**
 * A file of at least this many steps that opens zoomed out past `FAR_ZOOM` is drawn first as one
 * layer (FarLayer): React Flow's first draw of 500 node components (about half a second here) is
 * what opening a large file waited for. The first `LAYER_CHUNK` steps are real nodes at once; the
 * rest replace the layer `LAYER_CHUNK` at a time in idle moments once the other panes have loaded,
 * and all at once when the person acts on the canvas (a click, a key, the wheel).
 */
const LAYER_MIN_STEPS = 150;
const LAYER_CHUNK = 50;
/** What acting on the canvas is: the real nodes are drawn before it is handled. */
const LAYER_INPUT = ['pointerdown', 'keydown', 'wheel'] as const;
/**
 * What React Flow is given for edges while a file of at least `LAYER_MIN_STEPS` steps is zoomed out
 * past `FAR_ZOOM`: none (FarEdges draws them). One array, so that React Flow is not told again.
 */
const NO_EDGES: Edge[] = [];

function toConnection(c: RFConnection | Edge): { source: string; target: string; port?: string } {
  const port = c.sourceHandle && c.sourceHandle !== OUT_HANDLE ? c.sourceHandle : undefined;
  return port ? { source: c.source, target: c.target, port } : { source: c.source, target: c.target };
}

/**
 * `onDrawn`: called once, when the first nodes are drawn, measured and fitted (or there are none).
 * `holdNodes`: a large file's steps that are still drawn as one layer wait (another pane is loading).
 */
export function Canvas({
  readOnly = false,
  onDrawn,
  holdNodes = false,
}: {
  readOnly?: boolean;
  onDrawn?: () => void;
  holdNodes?: boolean;
}) {
  const store = useDocumentStore();
  const theme = useTheme();
  const stale = useDoc((s) => s.stale);
  const locked = readOnly || stale;
  const hasWorkflow = useDoc((s) => s.workflow !== null);
  const fitted = useRef(false);
  const drawn = useRef(false);
  const [minimapShown, setMinimapShown] = useState(false);
  const cancelMinimap = useRef<(() => void) | null>(null);
  useEffect(() => () => cancelMinimap.current?.(), []);
  // Until the first view is fitted and every node measured (a large file's nodes replace its layer
  // over a while), the canvas hands React Flow its nodes' measured sizes (the minimap draws by them).
  const allMeasured = useRef(false);
  const sizesRedraw = useCallback(() => !fitted.current || !drawn.current || !allMeasured.current, []);
  const { nodes, edges, onNodesChange: onLocalNodesChange } = useCanvasGraph(sizesRedraw);
  const flow = useReactFlow<StepNodeType>();
  const flowStore = useStoreApi<StepNodeType>();
  const wrapper = useRef<HTMLDivElement>(null);
  const layoutReady = useAutoLayout();
  const far = useFarZoom();
  // A large file zoomed far out: its edges are one layer (FarEdges), not React Flow's components.
  const farEdges = far && nodes.length >= LAYER_MIN_STEPS;
  // React Flow mounts at the fitted view, its size known: it draws only the steps in view, once,
  // at the detail they are shown at (a 500-step file: boxes), instead of drawing the first screen
  // at zoom 1, measuring it, fitting and drawing everything again.
  const [initialView, setInitialView] = useState<Viewport | null>(null);
  // How many steps (in file order) are real nodes while the rest are drawn as one layer; null: all.
  const [revealed, setRevealed] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (initialView) return;
    const el = wrapper.current;
    const size = { width: el?.clientWidth ?? 0, height: el?.clientHeight ?? 0 };
    const view = layoutReady
      ? estimatedFit(
          nodes.map((n) => n.position),
          { width: NODE_WIDTH, height: NODE_HEIGHT },
          size,
        )
      : { x: 0, y: 0, zoom: 1 };
    if (size.width > 0 && size.height > 0)
      flowStore.setState({ transform: [view.x, view.y, view.zoom], width: size.width, height: size.height });
    if (!readOnly && layoutReady && nodes.length >= LAYER_MIN_STEPS && view.zoom < FAR_ZOOM) {
      // The estimated fit is the view: measuring 500 nodes to correct it by a pixel is not worth it.
      fitted.current = true;
      setRevealed(LAYER_CHUNK);
    }
    setInitialView(view);
  }, [initialView, layoutReady, nodes, flowStore, readOnly]);
  const layered = revealed !== null;
  // The nodes React Flow is given: past `revealed`, hidden (drawn by the layer). The hidden copies
  // are kept, so that React Flow is handed the same objects until a node changes.
  const [hiddenCopies] = useState(() => new WeakMap<StepNodeType, StepNodeType>());
  const shownNodes = useMemo(() => {
    if (revealed === null || revealed >= nodes.length) return nodes;
    return nodes.map((n, i) => {
      if (i < revealed) return n;
      let copy = hiddenCopies.get(n);
      if (!copy) {
        copy = { ...n, hidden: true };
        hiddenCopies.set(n, copy);
      }
      return copy;
    });
  }, [nodes, revealed, hiddenCopies]);
  const shownRef = useRef(shownNodes);
  shownRef.current = shownNodes;
  // The layer's steps become real nodes a chunk at a time, in idle moments, once nothing else loads.
  useEffect(() => {
    if (revealed === null) return;
    if (revealed >= nodes.length) {
      setRevealed(null);
      return;
    }
    if (holdNodes) return;
    return onIdle(() => setRevealed((r) => (r === null ? null : r + LAYER_CHUNK)));
  }, [revealed, nodes.length, holdNodes]);
  // Acting on the canvas draws every node first; a click on a box of the layer selects its step.
  useEffect(() => {
    const el = wrapper.current;
    if (!layered || !el) return;
    const onInput = (e: Event) => {
      if (e instanceof PointerEvent && e.type === 'pointerdown') {
        const onPane = e.target instanceof Element && e.target.closest('.react-flow__pane') !== null;
        const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        const hit = onPane
          ? boxAt(
              shownRef.current.filter((n) => n.hidden),
              at,
            )
          : undefined;
        if (hit) {
          // Not the pane's pointer down, nor its click (which would clear the selection made here).
          e.stopPropagation();
          const swallow = (c: Event) => c.stopPropagation();
          el.addEventListener('click', swallow, { capture: true, once: true });
          const release = () => nextTask(() => el.removeEventListener('click', swallow, { capture: true }));
          window.addEventListener('pointerup', release, { capture: true, once: true });
          store.getState().select([hit.id]);
        }
      }
      setRevealed(null);
    };
    for (const type of LAYER_INPUT) el.addEventListener(type, onInput, { capture: true, passive: true });
    return () => {
      for (const type of LAYER_INPUT) el.removeEventListener(type, onInput, { capture: true });
    };
  }, [layered, flow, store]);
  // The edit path is compiled once the page is idle, not by the person's first delete.
  useEffect(() => {
    if (readOnly) return;
    return rehearseWhenIdle(store, (s) => (s.doc ? rehearsal(s.doc) : []));
  }, [store, readOnly]);
  const [menu, setMenu] = useState<NodeMenuAt | null>(null);
  // The run's state on the nodes, painted onto their elements (run-paint.ts).
  const [painter] = useState(() => createRunPainter(store));
  useLayoutEffect(() => painter.start(), [painter]);
  const closeMenu = useCallback(() => setMenu(null), []);
  // One function for the canvas's life: React Flow hands it to every node, and a new one would
  // re-render all of them (500 on a large file) on each change of the document.
  const onNodeContextMenu = useCallback((e: MouseEvent, node: StepNodeType) => {
    e.preventDefault();
    setMenu({ stepId: node.id, x: e.clientX, y: e.clientY });
  }, []);

  /** Zoom to fit, keeping the minimap's corner free of nodes. */
  const fit = useCallback(
    (duration: number) => {
      const el = wrapper.current;
      // From React Flow's own lookup: it has every node's measured size (see useCanvasGraph).
      const graph = flow.getNodesBounds(flow.getNodes());
      const viewport = { width: el?.clientWidth ?? 800, height: el?.clientHeight ?? 600 };
      void flow.fitView({ padding: fitPadding(graph, viewport), duration, maxZoom: ZOOM.fitMax });
    },
    [flow],
  );

  useEffect(() => {
    if (!layoutReady) return;
    const measured = nodes.length > 0 && nodes.every((n) => n.measured);
    if (measured) allMeasured.current = true;
    if (!fitted.current && measured) {
      fitted.current = true;
      fit(0);
    }
    // Drawn: React Flow measured what it rendered (off-screen nodes of a large file are not rendered),
    // or the layer drew the steps.
    if (!drawn.current && (layered || nodes.length === 0 || nodes.some((n) => n.measured))) {
      drawn.current = true;
      onDrawn?.();
      cancelMinimap.current = onIdle(() => setMinimapShown(true), MINIMAP_LATEST_MS);
    }
  }, [layoutReady, nodes, fit, onDrawn, layered]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      onLocalNodesChange(changes);
      // A node comes to rest (the end of a drag, or a move with the arrow keys): write the layout.
      const settled = changes.filter(
        (c): c is NodePositionChange =>
          c.type === 'position' && c.dragging === false && c.position !== undefined,
      );
      if (settled.length > 0) {
        const r = moveSteps(
          store,
          new Map(settled.map((c) => [c.id, [c.position?.x ?? 0, c.position?.y ?? 0] as const])),
        );
        if (!r.ok) store.getState().notify(r.error);
      }
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length === 0) return;
      const s = store.getState();
      const next = new Set(s.selectedSteps);
      for (const c of selects)
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      s.select(next, s.selectedEdges);
    },
    [store, onLocalNodesChange],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length === 0) return;
      const s = store.getState();
      const next = new Set(s.selectedEdges);
      for (const c of selects)
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      s.select(s.selectedSteps, next);
    },
    [store],
  );

  const onConnect = useCallback(
    (c: RFConnection) => {
      const r = connect(store, toConnection(c));
      if (!r.ok) store.getState().notify(r.error);
    },
    [store],
  );

  // React Flow only draws nothing for a refused connection: say why.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_e, state) => {
      if (state.isValid !== false || !state.fromNode || !state.fromHandle) return;
      const why = refusalReason(
        store.getState().workflow,
        {
          from: {
            nodeId: state.fromNode.id,
            handleId: state.fromHandle.id ?? null,
            type: state.fromHandle.type,
          },
          to:
            state.toNode && state.toHandle
              ? { nodeId: state.toNode.id, handleId: state.toHandle.id ?? null, type: state.toHandle.type }
              : null,
        },
        OUT_HANDLE,
      );
      if (why) store.getState().notify(why);
    },
    [store],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (c) => checkConnection(store.getState().workflow, toConnection(c)).ok,
    [store],
  );

  // The end of a pointer drag reports no position in its change: write the layout here.
  const onNodeDragStop: OnNodeDrag<StepNodeType> = useCallback(
    (_e, _node, dragged) => {
      const r = moveSteps(store, new Map(dragged.map((n) => [n.id, [n.position.x, n.position.y] as const])));
      if (!r.ok) store.getState().notify(r.error);
    },
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(BLOCK_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const uses = e.dataTransfer.getData(BLOCK_DRAG_TYPE);
      if (!uses) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const r = addStep(store, { uses, position: [p.x - 100, p.y - 30] });
      if (!r.ok) store.getState().notify(r.error);
      else if (r.id) store.getState().select([r.id]);
    },
    [flow, store],
  );

  useCanvasShortcuts(wrapper, !readOnly, fit);

  // The keyboard way to a node's menu: Shift+F10 or the context-menu key on the one selected step.
  const onCanvasKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) return;
      const sel = [...store.getState().selectedSteps];
      const el = sel.length === 1 ? wrapper.current?.querySelector(`[data-id="${sel[0]}"]`) : null;
      if (!el || !sel[0]) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      setMenu({ stepId: sel[0], x: r.left + 16, y: r.bottom });
    },
    [store],
  );

  return (
    <section className="canvas" aria-label="Canvas" ref={wrapper} tabIndex={-1} onKeyDown={onCanvasKeyDown}>
      {stale && hasWorkflow && (
        <div className="canvas-banner" role="status">
          The YAML does not parse: the canvas shows the last version that did. Fix the YAML to edit here.
        </div>
      )}
      <RunPainterContext.Provider value={painter}>
        <FarContext.Provider value={far}>
          {initialView && (
            <ReactFlow<StepNodeType>
              defaultViewport={initialView}
              colorMode={theme}
              nodes={shownNodes}
              edges={farEdges ? NO_EDGES : edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              isValidConnection={isValidConnection}
              onConnectEnd={onConnectEnd}
              onNodeDragStop={onNodeDragStop}
              onNodeContextMenu={onNodeContextMenu}
              onDragOver={onDragOver}
              onDrop={readOnly ? undefined : onDrop}
              nodesDraggable={!locked}
              nodesConnectable={!locked}
              deleteKeyCode={null}
              multiSelectionKeyCode={['Control', 'Meta']}
              selectionKeyCode="Shift"
              minZoom={ZOOM.min}
              maxZoom={ZOOM.max}
              onlyRenderVisibleElements={nodes.length > 200}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} size={1} />
              {farEdges && <FarEdges nodes={shownNodes} edges={edges} />}
              {layered && <FarLayer nodes={shownNodes} edges={farEdges ? NO_EDGES : edges} />}
              <Controls showInteractive={false} showFitView={false}>
                <ControlButton onClick={() => fit(200)} title="Fit View" aria-label="Fit View">
                  <svg viewBox="0 0 32 30" aria-hidden="true">
                    <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
                  </svg>
                </ControlButton>
              </Controls>
              {minimapShown && (
                <MiniMap
                  pannable
                  zoomable
                  ariaLabel="Mini map"
                  nodeColor={fromStylesheet}
                  nodeStrokeColor={fromStylesheet}
                  nodeClassName={fromStylesheet}
                  style={{ width: MINIMAP.width, height: MINIMAP.height }}
                />
              )}
            </ReactFlow>
          )}
        </FarContext.Provider>
      </RunPainterContext.Provider>
      {menu && <NodeMenu at={menu} onClose={closeMenu} />}
    </section>
  );
}
