/**
 * The YAML pane: Monaco over the document's text. Typing re-parses after a short pause and redraws
 * the canvas; the text typed is never replaced, even when it does not parse. Canvas edits arrive as
 * the smallest replacements (one per changed place), so the cursor and Monaco's undo survive.
 */
import { useEffect, useRef } from 'react';
import type { Diagnostic } from '@weft/dsl';
import { useDocumentStore } from '../document/context';
import { rehearseWhenIdle } from '../document/rehearse';
import { registerYamlReader } from '../app/test-handle';
import { diffText } from './text-diff';
import { DARK_THEME, MODEL_SCHEME_FILE, monaco, setupMonaco } from './monaco';
import { useTheme } from '../theme/theme';

/** Pause after the last keystroke before re-parsing: short, so the canvas follows within 100 ms. */
export const REPARSE_DELAY_MS = 25;

function toMarkers(diagnostics: readonly Diagnostic[]): monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => ({
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: `${d.code} ${d.message}`,
    code: d.code,
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: Math.max(d.endLine, d.line),
    endColumn: d.endLine > d.line || d.endColumn > d.column ? d.endColumn : d.column + 1,
  }));
}

/** The smallest Monaco edits that turn the model's text into `text` (one per changed place). */
function editsTo(
  model: monaco.editor.ITextModel,
  text: string,
): monaco.editor.IIdentifiedSingleEditOperation[] {
  return diffText(model.getValue(), text).map((change) => {
    const start = model.getPositionAt(change.start);
    const end = model.getPositionAt(change.end);
    return {
      range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
      text: change.text,
    };
  });
}

let modelCount = 0;

/** The YAML pane's editor options (its model aside). */
const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  ariaLabel: 'YAML',
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  tabSize: 2,
  insertSpaces: true,
  scrollBeyondLastLine: false,
  wordWrap: 'off',
  renderWhitespace: 'selection',
  // Re-indenting pasted or typed YAML changes its meaning: keep the indentation as written.
  autoIndent: 'keep',
  formatOnPaste: false,
  // A paste is Monaco's own synchronous text paste. "Paste as" (on by default) takes every paste
  // over and applies it a few promise turns later, after asking the clipboard for resources (an
  // IPC round trip to the browser): 10–50 ms before the text is even in the model.
  pasteAs: { enabled: false },
  quickSuggestions: { other: true, comments: false, strings: true },
  // Sticky scroll from the indentation (what YAML's structure is), computed here in a millisecond:
  // its default, the outline, asks the YAML worker for every symbol of the file after each
  // change (1 MB for 500 steps) and blocks this thread reading it back.
  stickyScroll: { enabled: true, defaultModel: 'indentationModel' },
  // Brackets are few in YAML (flow lists like `needs: [a]`): colouring their pairs built a tree of
  // every bracket of the file (~45 ms on 500 steps) before the pane's first lines showed.
  bracketPairColorization: { enabled: false },
};

/**
 * What a canvas delete does here, rehearsed on a scratch model of the same text (plain text: no
 * language, no worker) in an editor that is never in the page: the line diff, Monaco's edit and its
 * view's handling of it. Their first run compiled them (~50 ms of a 500-step file's first delete);
 * the pane's own editor, model and undo are never touched.
 */
function rehearsal(text: string): (() => void)[] {
  const lines = text.split('\n');
  if (lines.length < 40) return [];
  const parts: (() => void)[] = [];
  for (let i = 1; i <= 3; i++) {
    // A few lines out near the top and one near the end, as removing a step and its layout entry.
    const at = Math.floor((lines.length * i) / 8);
    const after = [...lines.slice(0, at), ...lines.slice(at + 5, -3), ...lines.slice(-2)].join('\n');
    parts.push(() => {
      const scratch = monaco.editor.createModel(text, 'plaintext');
      // An editor on it, never put in the page: the edit also runs the view's handling of it.
      const view = monaco.editor.create(document.createElement('div'), {
        ...EDITOR_OPTIONS,
        automaticLayout: false,
        model: scratch,
      });
      try {
        scratch.pushEditOperations(null, editsTo(scratch, after), () => null);
      } finally {
        view.dispose();
        scratch.dispose();
      }
    });
  }
  return parts;
}

export default function YamlPane() {
  const theme = useTheme();
  useEffect(() => {
    setupMonaco();
    monaco.editor.setTheme(theme === 'dark' ? DARK_THEME : 'vs');
  }, [theme]);
  const store = useDocumentStore();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    setupMonaco();
    const uri = monaco.Uri.parse(`file:///${++modelCount}/${MODEL_SCHEME_FILE}`);
    const model = monaco.editor.createModel(store.getState().text, 'yaml', uri);
    const editor = monaco.editor.create(el, { ...EDITOR_OPTIONS, model });
    registerYamlReader(() => model.getValue());
    const stopRehearsal = rehearseWhenIdle(store, (s) => rehearsal(s.text));
    // Keys typed here are the editor's: React Flow listens for Control and Shift (even in inputs) on the
    // window and would update its store (3,500 subscribers on a 500-step file) on every modifier
    // press while typing. Key-ups still bubble, so a key held down on the canvas never sticks.
    const keepKeys = (e: KeyboardEvent) => e.stopPropagation();
    el.addEventListener('keydown', keepKeys);
    let applying = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      store.getState().setText(model.getValue(), 'yaml');
    };
    const onChange = model.onDidChangeContent(() => {
      if (applying) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(flush, REPARSE_DELAY_MS);
    });
    const setMarkers = (d: readonly Diagnostic[]) =>
      monaco.editor.setModelMarkers(model, 'weft', toMarkers(d));
    setMarkers(store.getState().diagnostics);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.diagnostics !== prev.diagnostics) setMarkers(s.diagnostics);
      if (s.text === prev.text || s.source === 'yaml') return;
      const edits = editsTo(model, s.text);
      if (edits.length === 0) return;
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      applying = true;
      try {
        model.pushEditOperations(editor.getSelections(), edits, () => null);
      } finally {
        applying = false;
      }
    });
    // A paste is a whole edit, not a keystroke of more to come: re-parse at once.
    // (Not even a zero timer: Monaco's own rendering of the paste would run first.)
    const flushNow = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      flush();
    };
    const onPaste = editor.onDidPaste(flushNow);
    // A file pasted over the whole text (select all, paste) changes the model only where the two
    // differ, as a canvas edit does: Monaco keeps the tokens, folds and markers of the lines that
    // stay, instead of dropping and re-reading all of them. The cursor ends after the pasted text
    // and one undo brings the old text back, as with Monaco's own paste.
    const onPasteOverAll = (e: ClipboardEvent) => {
      const pasted = e.clipboardData?.getData('text/plain');
      const selections = editor.getSelections();
      if (!pasted || selections?.length !== 1 || editor.getOption(monaco.editor.EditorOption.readOnly))
        return;
      if (!selections[0]?.equalsRange(model.getFullModelRange())) return;
      e.preventDefault();
      e.stopPropagation();
      const after = pasted.replace(/\r\n?/g, model.getEOL());
      const atEnd = () => monaco.Selection.fromPositions(model.getFullModelRange().getEndPosition());
      // One edit that also places the cursor: the editor tells its views once, and writes the text
      // area (what a screen reader reads) for the new cursor only, not for the whole selected file.
      editor.pushUndoStop();
      editor.executeEdits('paste', editsTo(model, after), () => [atEnd()]);
      editor.pushUndoStop();
      editor.revealPosition(atEnd().getPosition());
      flushNow();
    };
    el.addEventListener('paste', onPasteOverAll, true);
    // Flush a pending re-parse when the person leaves the editor, so nothing typed waits.
    const onBlur = editor.onDidBlurEditorText(() => {
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
    });
    return () => {
      if (timer !== undefined) {
        clearTimeout(timer);
        flush();
      }
      registerYamlReader(null);
      stopRehearsal();
      el.removeEventListener('keydown', keepKeys);
      el.removeEventListener('paste', onPasteOverAll, true);
      unsubscribe();
      onChange.dispose();
      onBlur.dispose();
      onPaste.dispose();
      editor.dispose();
      model.dispose();
    };
  }, [store]);

  return <section className="yaml-pane" aria-label="YAML" ref={host} data-testid="yaml-editor" />;
}
