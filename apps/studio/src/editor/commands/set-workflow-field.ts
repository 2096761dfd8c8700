/**
 * Sets or removes one workflow-level field (`id`, `name`, `inputs.who.default`, `permissions.network`,
 * `triggers`, …) through the DSL's edit API: only the lines it must change, comments kept.
 * `undefined` removes the field. Used by the workflow panel and the save dialog.
 */
import type { DocumentStore } from '../../document/store';
import { runEdit, type CommandResult } from './edit';
import type { FieldPath } from './set-field';

export function setWorkflowField(store: DocumentStore, path: FieldPath, value: unknown): CommandResult {
  return runEdit(store, (doc) =>
    value === undefined ? doc.unsetWorkflowField(path) : doc.setWorkflowField(path, value),
  );
}

/** Several workflow fields as one undoable step (e.g. rename an input: remove the old, add the new). */
export function setWorkflowFields(
  store: DocumentStore,
  edits: readonly { path: FieldPath; value: unknown }[],
): CommandResult {
  return runEdit(store, (doc) => {
    for (const e of edits) {
      const r =
        e.value === undefined ? doc.unsetWorkflowField(e.path) : doc.setWorkflowField(e.path, e.value);
      if (!r.ok) return r;
    }
    return undefined;
  });
}
