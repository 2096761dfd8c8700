/**
 * The watched run's state painted on the canvas's step nodes straight onto their elements, not by
 * rendering them again: a seek of the scrubber over a 500-step run changes hundreds of nodes at
 * once, and two attributes each cost far less than hundreds of React renders and commits. The
 * colours come from CSS on `data-status`; React never renders `data-status` or `data-attempts`, so
 * a render of the node (selected, zoomed) keeps what was painted.
 */
import { shownRunSteps, type StepRunView } from '../document/run-slice';
import type { DocumentStore } from '../document/store';

/** What painting touches of a node's element (an HTMLElement in the page). */
export type PaintedNode = Pick<HTMLElement, 'dataset' | 'title'>;

/**
 * Writes a step's run state onto its node: `data-status` (empty before the step has a state) and
 * `data-attempts`; a node with a `data-label` (a far-zoom box, which shows no text) also gets its
 * status in its tooltip.
 */
export function paintStep(el: PaintedNode, view: StepRunView | undefined): void {
  const status = view?.status ?? '';
  if (el.dataset.status !== status) el.dataset.status = status;
  const attempts = view ? String(view.attempts) : '';
  if (el.dataset.attempts !== attempts) el.dataset.attempts = attempts;
  const label = el.dataset.label;
  if (label !== undefined) {
    const title = status ? `${label}: ${status}` : label;
    if (el.title !== title) el.title = title;
  }
}

/** One canvas's painter: nodes attach their element when drawn; it repaints those whose state changed. */
export interface RunPainter {
  /** Paints the node now and on every change of its step's state, until the returned detach. */
  attach: (stepId: string, el: PaintedNode) => () => void;
  /** Follows the store until the returned stop. */
  start: () => () => void;
}

export function createRunPainter(store: DocumentStore): RunPainter {
  const nodes = new Map<string, PaintedNode>();
  return {
    attach(stepId, el) {
      nodes.set(stepId, el);
      paintStep(el, shownRunSteps(store.getState())[stepId]);
      return () => {
        if (nodes.get(stepId) === el) nodes.delete(stepId);
      };
    },
    start: () =>
      store.subscribe((s, prev) => {
        const now = shownRunSteps(s);
        const before = shownRunSteps(prev);
        if (now === before) return;
        // Views are replaced, never mutated (run-slice.ts): an unchanged step keeps its object.
        for (const [id, el] of nodes) if (now[id] !== before[id]) paintStep(el, now[id]);
      }),
  };
}
