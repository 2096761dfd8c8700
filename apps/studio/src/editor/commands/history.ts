/** Undo and redo over whole texts: restoring a text restores its comments and formatting exactly. */
import { pushHistory } from '../../document/document-slice';
import type { DocumentStore } from '../../document/store';

export function undo(store: DocumentStore): boolean {
  const s = store.getState();
  const previous = s.undoStack[s.undoStack.length - 1];
  if (previous === undefined) return false;
  const current = s.text;
  store.setState({ undoStack: s.undoStack.slice(0, -1), redoStack: pushHistory(s.redoStack, current) });
  store.getState().setText(previous, 'history', { record: false });
  return true;
}

export function redo(store: DocumentStore): boolean {
  const s = store.getState();
  const next = s.redoStack[s.redoStack.length - 1];
  if (next === undefined) return false;
  store.setState({ redoStack: s.redoStack.slice(0, -1), undoStack: pushHistory(s.undoStack, s.text) });
  store.getState().setText(next, 'history', { record: false });
  return true;
}
