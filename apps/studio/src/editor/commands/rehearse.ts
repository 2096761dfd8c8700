/**
 * A rehearsal of a canvas edit on a copy of the document: the first edit of a session otherwise
 * runs each function on its way (the DSL's edit and re-parse, the text diff, Monaco's edit) for the
 * first time, several times slower than every later edit — on a 500-step file the first delete took
 * ~80 ms where the next ones took ~15 ms. The editor rehearses once, in an idle moment after the
 * file has opened; nothing the person sees or undoes is changed.
 */
import type { WorkflowDocument } from '@weft/dsl';

/**
 * The text of `doc` without its last step, made on a copy the way `removeSteps` edits (one batch);
 * null when the document has no step to remove. `doc` itself is left as it was.
 */
export function rehearseRemoval(doc: WorkflowDocument, stepIds: readonly string[]): string | null {
  const last = stepIds[stepIds.length - 1];
  if (last === undefined) return null;
  const copy = doc.clone();
  const removed = copy.batch(() => copy.removeStep(last));
  return removed.ok ? copy.toString() : null;
}
