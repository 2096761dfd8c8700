/**
 * Whether the canvas is zoomed out far enough to draw steps as boxes, for its step nodes: read from
 * React Flow's store once, by the canvas, instead of once per node. Every change of that store
 * (a node added, an edge removed, a node measured) runs each of its subscribers, and on a 500-step
 * file one subscription per node was 500 of them.
 */
import { useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';

/** Below this zoom, steps are drawn as boxes (their text would be under 4 px high). */
export const FAR_ZOOM = 0.3;

export const FarContext = createContext(false);

/** For the canvas (inside React Flow's provider): the one subscription. */
export function useFarZoom(): boolean {
  return useStore((s) => s.transform[2] < FAR_ZOOM);
}

/** For a step node: what the canvas read. */
export function useFar(): boolean {
  return useContext(FarContext);
}
