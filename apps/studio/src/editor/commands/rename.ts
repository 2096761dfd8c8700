/** Renames a step; the DSL updates the needs, layout and `steps.<id>` references that name it. */
import type { DocumentStore } from '../../document/store';
import { runEdit, fail, done, type CommandResult } from './edit';
import { isValidStepId } from './ids';

export function renameStep(store: DocumentStore, from: string, to: string): CommandResult {
  if (from === to) return done;
  if (!isValidStepId(to))
    return fail(`"${to}" is not a valid step id: use letters, digits and _, starting with a letter or _`);
  const wf = store.getState().workflow;
  if (wf?.steps.some((s) => s.id === to)) return fail(`a step "${to}" already exists`);
  const result = runEdit(store, (doc) => doc.renameStep(from, to));
  if (result.ok) {
    const sel = store.getState().selectedSteps;
    if (sel.has(from)) store.getState().select([...sel].map((id) => (id === from ? to : id)));
  }
  return result;
}
