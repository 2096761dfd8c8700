/** Selection and viewport: what is selected on the canvas, the auto-layout and transient drags. */
import type { StateCreator } from 'zustand/vanilla';

export interface SelectionSlice {
  /** Selected step ids. */
  selectedSteps: ReadonlySet<string>;
  /** Selected edge ids (`from[.port]->to`). */
  selectedEdges: ReadonlySet<string>;
  /** Positions computed by elkjs for a file without `layout` (never written until a node moves). */
  autoLayout: ReadonlyMap<string, readonly [number, number]>;
  /** Copied steps, as plain step objects. */
  clipboard: readonly Record<string, unknown>[];
  /** The last message for the person (a refused connection, a failed edit), shown in a live region. */
  notice: { text: string; at: number } | null;
  notify: (text: string) => void;
  select: (steps: Iterable<string>, edges?: Iterable<string>) => void;
  setAutoLayout: (positions: ReadonlyMap<string, readonly [number, number]>) => void;
  setClipboard: (steps: readonly Record<string, unknown>[]) => void;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a.size === b.size && [...a].every((x) => b.has(x));

export const createSelectionSlice: StateCreator<SelectionSlice, [], [], SelectionSlice> = (set, get) => ({
  selectedSteps: new Set(),
  selectedEdges: new Set(),
  autoLayout: new Map(),
  clipboard: [],
  notice: null,
  notify: (text) => set({ notice: { text, at: (get().notice?.at ?? 0) + 1 } }),
  select: (steps, edges = []) => {
    const nextSteps = new Set(steps);
    const nextEdges = new Set(edges);
    const s = get();
    if (sameSet(s.selectedSteps, nextSteps) && sameSet(s.selectedEdges, nextEdges)) return;
    set({ selectedSteps: nextSteps, selectedEdges: nextEdges });
  },
  setAutoLayout: (positions) => set({ autoLayout: positions }),
  setClipboard: (steps) => set({ clipboard: steps }),
});
