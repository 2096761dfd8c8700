/**
 * Zoom-to-fit that keeps the minimap (bottom-right corner) off the nodes: the padding reserves the
 * minimap's room on the side where the graph has slack — below a wide graph, right of a tall one.
 */
import type { FitViewOptions } from '@xyflow/react';

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
