/**
 * The document: the YAML text exactly as the person typed it, the DSL's document for that text,
 * the last model that could be drawn, and the diagnostics. Text is the source of truth; the canvas
 * is redrawn from the model, and edits go through the DSL's edit API (see `editor/commands`).
 */
import type { BlockCatalog, Diagnostic, Workflow, WorkflowDocument } from '@weft/dsl';
import type { StateCreator } from 'zustand/vanilla';
import { diagnose, modelToDraw, parseYamlText, readDocument, type ParsedText } from './dsl';

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
  /**
   * The model `diagnostics` were found for: their paths (`['steps', i]`) index its steps. While
   * `checking`, an older model than `workflow`; null while the opened text is not validated yet.
   */
  diagnosed: Workflow | null;
  /**
   * True from a change until its validation lands: a change is drawn at once, and validated once
   * it is on screen (`later`), so the canvas and the YAML pane never wait for the diagnostics.
   */
  checking: boolean;
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

/** Schedules `run` (validating the latest change); returns a function that cancels it. */
export type Later = (run: () => void) => () => void;

/** Where there are no frames (tests in Node), a change is validated at once. */
export const validateNow: Later = (run) => {
  run();
  return () => {};
};

/** How a document slice opens its text. */
export interface OpenOptions {
  /** The text already parsed (`parseYamlText`, or `WorkflowDocument.parseLater`): not parsed twice. */
  parsed?: WorkflowDocument;
  /** `modelToDraw(parsed)` when already known (the first parse's worker made it): not asked again. */
  drawn?: Workflow;
  /** When a change is validated. */
  later?: Later;
  /**
   * When the opened text is validated (at once when not given); until then it is drawn from its YAML
   * alone (`checking`), as a change is.
   */
  firstCheck?: Later;
}

export function createDocumentSlice(
  initialText: string,
  catalog: BlockCatalog,
  options: OpenOptions = {},
): StateCreator<DocumentSlice, [], [], DocumentSlice> {
  const later = options.later ?? validateNow;
  return (set, get) => {
    const parsedFirst = options.parsed ?? parseYamlText(initialText);
    const drawnFirst = options.firstCheck ? (options.drawn ?? modelToDraw(parsedFirst)) : null;
    const first: ParsedText = drawnFirst
      ? { doc: parsedFirst, workflow: drawnFirst, diagnostics: [] }
      : readDocument(parsedFirst, catalog);
    let cancelCheck: (() => void) | null = null;
    if (drawnFirst && options.firstCheck) cancelCheck = options.firstCheck(() => check(parsedFirst, 0));
    return {
      catalog,
      text: initialText,
      doc: first.doc,
      workflow: first.workflow,
      diagnostics: first.diagnostics,
      // Null until the opened text is validated (with `checking`: the studio says "checking").
      diagnosed: drawnFirst ? null : first.workflow,
      checking: drawnFirst !== null,
      stale: first.workflow === null,
      revision: 0,
      source: 'load',
      undoStack: [],
      redoStack: [],
      savedText: initialText,
      setText: (text, source, options) => {
        const s = get();
        if (text === s.text) return;
        change(text, parseYamlText(text), source, options?.record ?? source !== 'history');
      },
      applyDocument: (doc, source) => {
        const text = doc.toString();
        if (text === get().text) return;
        change(text, doc, source, true);
      },
      markSaved: (text) => set({ savedText: text ?? get().text }),
    };
    /** Takes a new text and its document: drawn now, validated `later` (a broken YAML at once). */
    function change(text: string, doc: WorkflowDocument, source: ChangeSource, record: boolean): void {
      cancelCheck?.();
      cancelCheck = null;
      const s = get();
      const history = record ? { undoStack: pushHistory(s.undoStack, s.text), redoStack: [] } : {};
      const drawn = modelToDraw(doc);
      if (!drawn) {
        const parsed: ParsedText = readDocument(doc, s.catalog);
        const workflow = parsed.workflow ?? s.workflow;
        set({
          text,
          doc: parsed.doc,
          workflow,
          diagnostics: parsed.diagnostics,
          diagnosed: workflow,
          checking: false,
          stale: parsed.workflow === null,
          revision: s.revision + 1,
          source,
          ...history,
        });
        return;
      }
      const revision = s.revision + 1;
      set({ text, doc, workflow: drawn, checking: true, stale: false, revision, source, ...history });
      cancelCheck = later(() => check(doc, revision));
    }
    /** Validates `doc`, drawn at `revision`, unless a change has come since. */
    function check(doc: WorkflowDocument, revision: number): void {
      cancelCheck = null;
      const now = get();
      if (now.revision !== revision || now.doc !== doc) return;
      const { diagnostics, broken } = diagnose(doc, now.catalog);
      // Only a validator failure gets here broken (the YAML itself loaded): edit nothing then.
      set({
        diagnostics,
        diagnosed: now.workflow,
        checking: false,
        ...(broken ? { doc: null, stale: true } : {}),
      });
    }
  };
}
