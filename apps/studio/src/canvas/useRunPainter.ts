/** The canvas's run painter (run-paint.ts), for its step nodes. */
import { createContext, useContext } from 'react';
import type { RunPainter } from './run-paint';

export const RunPainterContext = createContext<RunPainter | null>(null);

export function useRunPainter(): RunPainter {
  const painter = useContext(RunPainterContext);
  if (!painter) throw new Error('useRunPainter outside a Canvas');
  return painter;
}
