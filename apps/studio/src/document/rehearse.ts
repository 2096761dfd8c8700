/**
 * The first canvas edit of a large file ran cold: the DSL's edit, its re-read of the changed lines
 * and the model to draw were compiled by the browser on first use, so the first delete on a
 * 500-step file took 100–200 ms where the later ones take ~10. Once the opened file is validated and
 * the page is idle, the edit path is run on a scratch copy (a step removed, its model drawn), a
 * step per idle period; the person's document is never touched, and a change of it stops the rest.
 */
import type { WorkflowDocument } from '@weft/dsl';
import { onIdle } from '../app/when-quiet';
import { modelToDraw } from './dsl';
import type { DocumentState, DocumentStore } from './store';

/** How many steps of the scratch copy are removed, one an idle period (each run compiles more). */
export const REHEARSALS = 5;

/**
 * The steps of a rehearsal on `doc`'s text, each small enough for one idle period: a copy of the
 * document, then `REHEARSALS` steps removed one at a time, each followed by its model to draw.
 * A document without steps has none to rehearse.
 */
export function rehearsal(doc: WorkflowDocument): (() => void)[] {
  const ids = doc.stepIds();
  if (ids.length < 2) return [];
  let copy: WorkflowDocument | null = null;
  const parts: (() => void)[] = [() => (copy = doc.clone())];
  for (let i = 0; i < Math.min(REHEARSALS, ids.length - 1); i++) {
    const id = ids[Math.floor(((i + 1) * ids.length) / (REHEARSALS + 2))];
    parts.push(() => {
      const scratch: WorkflowDocument | null = copy;
      if (!scratch || id === undefined) return;
      const removed = scratch.batch(() => scratch.removeStep(id));
      if (removed.ok) modelToDraw(scratch);
    });
  }
  return parts;
}

/**
 * Runs `partsOf(state)` one part an idle period, once the opened file is validated (its first
 * validation is the larger job, and it must not wait). Returns a function that stops it.
 *
 * @example
 * useEffect(() => rehearseWhenIdle(store, (s) => (s.doc ? rehearsal(s.doc) : [])), [store]);
 */
export function rehearseWhenIdle(
  store: DocumentStore,
  partsOf: (s: DocumentState) => (() => void)[],
  idle: (run: () => void) => () => void = onIdle,
): () => void {
  let cancel: (() => void) | null = null;
  let unsubscribe: (() => void) | null = null;
  const start = (s: DocumentState): void => {
    if (s.checking || cancel) return;
    unsubscribe?.();
    unsubscribe = null;
    const parts = partsOf(s);
    const next = (): void => {
      const part = parts.shift();
      if (!part) return;
      try {
        part();
      } catch {
        // A rehearsal is only a warm-up: whatever fails in it is left for the real edit to report.
        return;
      }
      if (parts.length > 0) cancel = idle(next);
    };
    cancel = idle(next);
  };
  unsubscribe = store.subscribe(start);
  // Already validated: starts (and stops listening) at once.
  start(store.getState());
  return () => {
    unsubscribe?.();
    cancel?.();
  };
}
