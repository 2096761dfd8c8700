/** Removes steps; the DSL also removes the needs that point at them and their layout entries. */
import type { DocumentStore } from '../../document/store';
import { runEdit, type CommandResult } from './edit';

export function removeSteps(store: DocumentStore, ids: Iterable<string>): CommandResult {
  const doomed = [...new Set(ids)];
  if (doomed.length === 0) return { ok: true };
  const result = runEdit(store, (doc) => {
    for (const id of doomed) {
      const r = doc.removeStep(id);
      if (!r.ok) return r;
    }
  });
  if (result.ok) store.getState().select([]);
  return result;
}
