/**
 * The document: the YAML text exactly as the person typed it, the DSL's document for that text,
 * the last model that could be drawn, and the diagnostics. Text is the source of truth; the canvas
 * is redrawn from the model, and edits go through the DSL's edit API (see `editor/commands`).
 */
import type { BlockCatalog, Diagnostic, Workflow, WorkflowDocument } from '@weft/dsl';
import type { StateCreator } from 'zustand/vanilla';
import { parseText, readDocument, type ParsedText } from './dsl';

/** Who made the last change: the YAML pane does not echo its own changes back into Monaco. */
export type ChangeSource = 'load' | 'yaml' | 'canvas' | 'history';

export interface DocumentSlice {
  catalog: BlockCatalog;
  text: string;
  /** The DSL document of `text`; null when the text is not YAML the edit API can work on. */
  doc: WorkflowDocument | null;
  /** The last model that parsed: the canvas keeps showing it while the text is broken. */
  workflow: Workflow | null;
  diagnostics: readonly Diagnostic[];
  /** True when `workflow` is older than `text` (the text does not parse). */
  stale: boolean;
  revision: number;
  source: ChangeSource;
  undoStack: readonly string[];
  redoStack: readonly string[];
  /** The text as last saved (or loaded), to tell whether there are unsaved changes. */
  savedText: string;
  /** Replace the whole text (Monaco typing, undo/redo, load). */
  setText: (text: string, source: ChangeSource, options?: { record?: boolean }) => void;
  /** Take a document the edit API has just changed (no second parse of its text). */
  applyDocument: (doc: WorkflowDocument, source: ChangeSource) => void;
  markSaved: (text?: string) => void;
}

/** Undo history is capped so a long session does not keep every version of a large file. */
export const HISTORY_LIMIT = 200;

export function pushHistory(stack: readonly string[], text: string): string[] {
  const next = stack.length >= HISTORY_LIMIT ? stack.slice(stack.length - HISTORY_LIMIT + 1) : [...stack];
  next.push(text);
  return next;
}

/** `parsed`: `initialText` already parsed (`parseYamlText`), so that it is not parsed twice. */
export function createDocumentSlice(
  initialText: string,
  catalog: BlockCatalog,
  parsed?: WorkflowDocument,
): StateCreator<DocumentSlice, [], [], DocumentSlice> {
  return (set, get) => {
    const first = parsed ? readDocument(parsed, catalog) : parseText(initialText, catalog);
    return {
      catalog,
      text: initialText,
      doc: first.doc,
      workflow: first.workflow,
      diagnostics: first.diagnostics,
      stale: first.workflow === null,
      revision: 0,
      source: 'load',
      undoStack: [],
      redoStack: [],
      savedText: initialText,
      setText: (text, source, options) => {
        const s = get();
        if (text === s.text) return;
        commit(text, parseText(text, s.catalog), source, options?.record ?? source !== 'history');
      },
      applyDocument: (doc, source) => {
        const s = get();
        const text = doc.toString();
        if (text === s.text) return;
        commit(text, readDocument(doc, s.catalog), source, true);
      },
      markSaved: (text) => set({ savedText: text ?? get().text }),
    };
    function commit(text: string, parsed: ParsedText, source: ChangeSource, record: boolean): void {
      const s = get();
      set({
        text,
        doc: parsed.doc,
        workflow: parsed.workflow ?? s.workflow,
        diagnostics: parsed.diagnostics,
        stale: parsed.workflow === null,
        revision: s.revision + 1,
        source,
        ...(record ? { undoStack: pushHistory(s.undoStack, s.text), redoStack: [] } : {}),
      });
    }
  };
}
