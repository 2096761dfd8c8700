/**
 * Zoom-to-fit that keeps the minimap (bottom-right corner) off the nodes: the padding reserves the
 * minimap's room on the side where the graph has slack — below a wide graph, right of a tall one.
 */
import { getViewportForBounds, type FitViewOptions, type Viewport } from '@xyflow/react';

export const MINIMAP = { width: 150, height: 100, margin: 15 } as const;
const EDGE = 40;

export interface Box {
  width: number;
  height: number;
}

export function fitPadding(graph: Box, viewport: Box): NonNullable<FitViewOptions['padding']> {
  const reserveY = MINIMAP.height + MINIMAP.margin * 2;
  const reserveX = MINIMAP.width + MINIMAP.margin * 2;
  // The zoom each choice allows; take the larger (the graph then shows bigger).
  const zoomIf = (right: number, bottom: number) =>
    Math.min(
      (viewport.width - EDGE - right) / Math.max(graph.width, 1),
      (viewport.height - EDGE - bottom) / Math.max(graph.height, 1),
    );
  const below = zoomIf(EDGE, reserveY);
  const beside = zoomIf(reserveX, EDGE);
  const px = (n: number) => `${n}px` as const;
  return below >= beside
    ? { top: px(EDGE), left: px(EDGE), right: px(EDGE), bottom: px(reserveY) }
    : { top: px(EDGE), left: px(EDGE), right: px(reserveX), bottom: px(EDGE) };
}

/** The canvas's zoom limits (Canvas.tsx): far enough out for 500 steps, at most 1 when fitting. */
export const ZOOM = { min: 0.05, max: 2, fitMax: 1 } as const;

/**
 * The fitted view before React Flow has measured a node, each step taken at `size` (its usual
 * size): a large file is drawn once at the zoom it is shown at, not first at zoom 1 and again
 * fitted. The fit after measuring (`fitPadding`) corrects the few pixels the estimate is off.
 */
export function estimatedFit(
  positions: readonly { x: number; y: number }[],
  size: Box,
  viewport: Box,
): Viewport {
  if (positions.length === 0 || viewport.width <= 0 || viewport.height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of positions) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + size.width);
    maxY = Math.max(maxY, p.y + size.height);
  }
  const bounds = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  return getViewportForBounds(
    bounds,
    viewport.width,
    viewport.height,
    ZOOM.min,
    ZOOM.fitMax,
    fitPadding(bounds, viewport),
  );
}
