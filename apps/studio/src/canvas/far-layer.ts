/**
 * A large file opened zoomed far out is first drawn as ONE layer (FarLayer.tsx): every step a box,
 * every edge a curve, in a few SVG paths instead of hundreds of React Flow node and edge components.
 * The real nodes replace it a few at a time (Canvas.tsx). Pure, so it is tested without a DOM.
 */
import { getBezierPath, Position } from '@xyflow/react';
import { NODE_WIDTH } from './auto-layout';

/** A step's box when zoomed out (`.step-node.far`: 200 px wide, 56 px high, corners of 8 px). */
export const FAR_BOX = { width: NODE_WIDTH, height: 56, radius: 8 } as const;
/** Where React Flow starts and ends an edge: a handle's outer side, half a handle (9 px) out. */
const HANDLE_OUT = 4.5;

export interface LayerPoint {
  x: number;
  y: number;
}

/** One rounded box per position, as one path. */
export function boxesPath(positions: Iterable<LayerPoint>): string {
  const { width: w, height: h, radius: r } = FAR_BOX;
  const parts: string[] = [];
  for (const { x, y } of positions)
    parts.push(
      `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}a${r} ${r} 0 0 1 ${-r} ${r}` +
        `h${2 * r - w}a${r} ${r} 0 0 1 ${-r} ${-r}v${2 * r - h}a${r} ${r} 0 0 1 ${r} ${-r}z`,
    );
  return parts.join('');
}

/** A handle (9 px across) at each box's left (`side: 'in'`) or right (`'out'`) side, as one path. */
export function handlesPath(positions: Iterable<LayerPoint>, side: 'in' | 'out'): string {
  const r = HANDLE_OUT;
  const dx = side === 'in' ? 0 : FAR_BOX.width;
  const mid = FAR_BOX.height / 2;
  const parts: string[] = [];
  for (const { x, y } of positions)
    parts.push(`M${x + dx - r} ${y + mid}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0z`);
  return parts.join('');
}

/** Where React Flow measured a handle on its node (`internals.handleBounds`), relative to the node. */
export interface HandleBox {
  id?: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A step as the layer draws its edges: where it is, and its measured handles when known. */
export interface LayerNode {
  position: LayerPoint;
  source?: readonly HandleBox[] | null;
  target?: readonly HandleBox[] | null;
}

/** A curve drawn before, with where its ends were (`edgesPath` makes it again only if they moved). */
interface Curve {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  d: string;
}

/**
 * The curves a layer drew, by edge id: while a large file opens, the layer is drawn again and again
 * (the first nodes measured, the YAML pane mounted, each chunk of steps made real) with most edges'
 * ends where they were, and making each curve (`getBezierPath` and its numbers as text) was most of
 * a redraw. Holds at most a few times the file's edges (cleared when it outgrows them).
 */
export class CurveCache {
  private readonly curves = new Map<string, Curve>();

  curve(id: string, sx: number, sy: number, tx: number, ty: number, edges: number): string {
    const c = this.curves.get(id);
    if (c && c.sx === sx && c.sy === sy && c.tx === tx && c.ty === ty) return c.d;
    if (this.curves.size > 4 * edges + 64) this.curves.clear();
    const d = bezier(sx, sy, tx, ty);
    this.curves.set(id, { sx, sy, tx, ty, d });
    return d;
  }
}

function bezier(sourceX: number, sourceY: number, targetX: number, targetY: number): string {
  const [d] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition: Position.Right,
    targetX,
    targetY,
    targetPosition: Position.Left,
  });
  return d;
}

/**
 * One curve per edge, as one path: the curve React Flow draws for it (its default bezier edge from
 * the source's handle on the right to the target's on the left). A step's measured handles place the
 * ends exactly (a port's handle sits at its row); without them, both ends are at mid-height of the
 * box. With a `cache`, an edge (with an id) whose ends did not move keeps the curve drawn before.
 */
export function edgesPath(
  edges: readonly { id?: string; source: string; target: string; sourceHandle?: string | null }[],
  nodeOf: (id: string) => LayerPoint | LayerNode | undefined,
  cache?: CurveCache,
): string {
  const mid = FAR_BOX.height / 2;
  const parts: string[] = [];
  for (const e of edges) {
    const s = asNode(nodeOf(e.source));
    const t = asNode(nodeOf(e.target));
    if (!s || !t) continue;
    const out = s.source?.find((h) => (h.id ?? null) === (e.sourceHandle ?? null)) ?? s.source?.[0];
    const into = t.target?.[0];
    const sx = s.position.x + (out ? out.x + out.width : FAR_BOX.width + HANDLE_OUT);
    const sy = s.position.y + (out ? out.y + out.height / 2 : mid);
    const tx = t.position.x + (into ? into.x : -HANDLE_OUT);
    const ty = t.position.y + (into ? into.y + into.height / 2 : mid);
    parts.push(
      cache && e.id !== undefined ? cache.curve(e.id, sx, sy, tx, ty, edges.length) : bezier(sx, sy, tx, ty),
    );
  }
  return parts.join('');
}

function asNode(n: LayerPoint | LayerNode | undefined): LayerNode | undefined {
  return n && 'position' in n ? n : n ? { position: n } : undefined;
}

/** The step whose box holds `point` (the last drawn, on top, where boxes overlap). */
export function boxAt<T extends { id: string; position: LayerPoint }>(
  steps: readonly T[],
  point: LayerPoint,
): T | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    if (!s) continue;
    const { x, y } = s.position;
    if (point.x >= x && point.x <= x + FAR_BOX.width && point.y >= y && point.y <= y + FAR_BOX.height)
      return s;
  }
  return undefined;
}
