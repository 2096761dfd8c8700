/**
 * The document: the YAML text exactly as the person typed it, the DSL's document for that text,
 * the last model that could be drawn, and the diagnostics. Text is the source of truth; the canvas
 * is redrawn from the model, and edits go through the DSL's edit API (see `editor/commands`).
 */
import type { BlockCatalog, Diagnostic, Workflow, WorkflowDocument } from '@weft/dsl';
import type { StateCreator } from 'zustand/vanilla';
import { modelToDraw, parseYamlText } from './dsl';
import { lazyValidator, type Validator, type ValidatorDoor } from './validator';

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
  /**
   * Where validating comes from (default: validate.ts, loaded on first use). Until it has loaded, the
   * text is drawn from its YAML (`checking`), or, when its YAML is broken, drawn as nothing yet.
   */
  validator?: ValidatorDoor;
}

export function createDocumentSlice(
  initialText: string,
  catalog: BlockCatalog,
  options: OpenOptions = {},
): StateCreator<DocumentSlice, [], [], DocumentSlice> {
  const later = options.later ?? validateNow;
  const door = options.validator ?? lazyValidator;
  return (set, get) => {
    const parsedFirst = options.parsed ?? parseYamlText(initialText);
    const loaded = door.now();
    // Without the validator yet, a file that can be drawn is drawn and validated once it has loaded.
    const firstCheck = options.firstCheck ?? (loaded ? undefined : validateNow);
    const drawnFirst = firstCheck ? (options.drawn ?? modelToDraw(parsedFirst)) : null;
    const first: Pick<
      DocumentSlice,
      'doc' | 'workflow' | 'diagnostics' | 'diagnosed' | 'checking' | 'stale'
    > = drawnFirst
      ? // Null until the opened text is validated (with `checking`: the studio says "checking").
        {
          doc: parsedFirst,
          workflow: drawnFirst,
          diagnostics: [],
          diagnosed: null,
          checking: true,
          stale: false,
        }
      : loaded
        ? validated(loaded, parsedFirst, null, catalog)
        : { doc: null, workflow: null, diagnostics: [], diagnosed: null, checking: true, stale: true };
    let cancelCheck: (() => void) | null = null;
    if (drawnFirst && firstCheck) cancelCheck = firstCheck(() => check(parsedFirst, 0));
    else if (!loaded)
      withValidator((v) => {
        if (get().revision === 0) set(validated(v, parsedFirst, null, catalog));
      });
    return {
      catalog,
      text: initialText,
      ...first,
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
        const revision = s.revision + 1;
        const v = door.now();
        const step = { text, revision, source, ...history };
        if (v) return set({ ...step, ...validated(v, doc, s.workflow, s.catalog) });
        // Validated once the validator has loaded; nothing to edit meanwhile.
        set({ ...step, doc: null, checking: true, stale: true });
        withValidator((v) => {
          const now = get();
          if (now.revision === revision) set(validated(v, doc, now.workflow, now.catalog));
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
      withValidator((v) => {
        const now = get();
        if (now.revision !== revision || now.doc !== doc) return;
        const { diagnostics, broken } = v.diagnose(doc, now.catalog);
        // Only a validator failure gets here broken (the YAML itself loaded): edit nothing then.
        set({
          diagnostics,
          diagnosed: now.workflow,
          checking: false,
          ...(broken ? { doc: null, stale: true } : {}),
        });
      });
    }
    /** Runs `run` now when the validator has loaded, else once it has (a failed load: at the next change). */
    function withValidator(run: (v: Validator) => void): void {
      const v = door.now();
      if (v) run(v);
      else door.load().then(run, () => {});
    }
  };
}

/**
 * The state of a text whose YAML is broken (or validated at once): what can be edited and drawn
 * (`previous`, the last model drawn, while nothing can be), and its diagnostics.
 */
function validated(
  v: Validator,
  doc: WorkflowDocument,
  previous: Workflow | null,
  catalog: BlockCatalog,
): Pick<DocumentSlice, 'doc' | 'workflow' | 'diagnostics' | 'diagnosed' | 'checking' | 'stale'> {
  const parsed = v.readDocument(doc, catalog);
  const workflow = parsed.workflow ?? previous;
  return {
    doc: parsed.doc,
    workflow,
    diagnostics: parsed.diagnostics,
    diagnosed: workflow,
    checking: false,
    stale: parsed.workflow === null,
  };
}
