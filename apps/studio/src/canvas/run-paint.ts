/**
 * The watched run's state painted straight onto elements, not by rendering them again: a seek of the
 * scrubber over a 500-step run changes hundreds of steps at once, and a few attribute writes each
 * cost far less than hundreds of React renders and commits. The canvas's step nodes get
 * `data-status` and `data-attempts` (their colours come from CSS on `data-status`), the run panel's
 * step rows their status dot and word (run-panel/RunPanel.tsx); React never renders what is painted,
 * so a render of the element (selected, zoomed) keeps it.
 */
import { shownRunSteps, type StepRunView } from '../document/run-slice';
import type { DocumentStore } from '../document/store';

/** What painting touches of a node's element (an HTMLElement in the page). */
export type PaintedNode = Pick<HTMLElement, 'dataset' | 'title'>;

/** The view last painted onto an element; `null`: nothing painted yet. */
export type Painted = StepRunView | undefined | null;

/** Writes a step's view onto an element; `was` is what was painted before (only changes are written). */
export type PaintStep<E> = (el: E, view: StepRunView | undefined, was: Painted) => void;

const statusOf = (v: StepRunView | undefined): string => v?.status ?? '';
const attemptsOf = (v: StepRunView | undefined): string => (v ? String(v.attempts) : '');

/**
 * Writes a step's run state onto its node: `data-status` (empty before the step has a state) and
 * `data-attempts`; a node with a `data-label` (a far-zoom box, which shows no text) also gets its
 * status in its tooltip. Reads nothing back but the label: `was` says what is there.
 */
export function paintStep(el: PaintedNode, view: StepRunView | undefined, was: Painted = null): void {
  const status = statusOf(view);
  if (was === null || statusOf(was) !== status) {
    el.dataset.status = status;
    const label = el.dataset.label;
    if (label !== undefined) el.title = status ? `${label}: ${status}` : label;
  }
  const attempts = attemptsOf(view);
  if (was === null || attemptsOf(was) !== attempts) el.dataset.attempts = attempts;
}

/** True when painting `view` over `was` would write nothing. */
const samePaint = (was: Painted, view: StepRunView | undefined): boolean =>
  was !== null && was?.status === view?.status && was?.attempts === view?.attempts;

/** One set of elements' painter: elements attach when drawn; it repaints those whose state changed. */
export interface RunPainter<E = PaintedNode> {
  /** Paints the element now and on every change of its step's state, until the returned detach. */
  attach: (stepId: string, el: E) => () => void;
  /** The element attached for a step, if any. */
  element: (stepId: string) => E | undefined;
  /** Follows the store until the returned stop. */
  start: () => () => void;
}

/** A painter of the canvas's step nodes (`paintStep`), or of other elements with a `paint` of their own. */
export function createRunPainter(store: DocumentStore): RunPainter;
export function createRunPainter<E>(store: DocumentStore, paint: PaintStep<E>): RunPainter<E>;
export function createRunPainter<E>(
  store: DocumentStore,
  paint: PaintStep<E> = paintStep as unknown as PaintStep<E>,
): RunPainter<E> {
  const nodes = new Map<string, { el: E; painted: Painted }>();
  const repaint = (entry: { el: E; painted: Painted }, view: StepRunView | undefined): void => {
    if (samePaint(entry.painted, view)) return;
    paint(entry.el, view, entry.painted);
    entry.painted = view;
  };
  return {
    attach(stepId, el) {
      const entry: { el: E; painted: Painted } = { el, painted: null };
      nodes.set(stepId, entry);
      repaint(entry, shownRunSteps(store.getState())[stepId]);
      return () => {
        if (nodes.get(stepId) === entry) nodes.delete(stepId);
      };
    },
    element: (stepId) => nodes.get(stepId)?.el,
    start: () =>
      store.subscribe((s, prev) => {
        const now = shownRunSteps(s);
        if (now === shownRunSteps(prev)) return;
        // Views are replaced, never mutated (run-slice.ts): an unchanged step keeps its object.
        for (const [id, entry] of nodes) if (now[id] !== entry.painted) repaint(entry, now[id]);
      }),
  };
}
