/**
 * Runs one edit of the DSL document as one undoable step: the edit API changes only the lines it
 * must, the new text replaces the old, and the old text goes onto the undo stack.
 */
import type { WorkflowDocument } from '@weft/dsl';
import type { DocumentStore } from '../../document/store';

export type CommandResult = { ok: true } | { ok: false; error: string };

export const done: CommandResult = { ok: true };
export const fail = (error: string): CommandResult => ({ ok: false, error });

/** What an edit callback may return: nothing, or the DSL's result of its last operation. */
export type EditOutcome =
  void | CommandResult | { ok: false; error: unknown } | { ok: true; value?: unknown };

function message(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * Applies `edit` to the current document as one batch: the edits inside re-read only what they
 * changed, and when one fails (or throws) the DSL puts the document back as it was, so a command
 * is applied whole or not at all. When the text is not a usable document (YAML syntax errors),
 * nothing is edited and the caller gets an error to show.
 */
export function runEdit(store: DocumentStore, edit: (doc: WorkflowDocument) => EditOutcome): CommandResult {
  const state = store.getState();
  if (!state.doc) return fail('The YAML has syntax errors: fix them before editing on the canvas.');
  const doc = state.doc;
  let outcome: EditOutcome;
  try {
    outcome = doc.batch(() => edit(doc));
  } catch (e) {
    return fail(message(e));
  }
  if (outcome && !outcome.ok) return fail(message(outcome.error));
  if (doc.toString() !== state.text) state.applyDocument(doc, 'canvas');
  return done;
}
