/**
 * Stand-ins for Monaco modules the YAML pane never uses but that `editor.api.js`, the hover, the
 * clipboard and sticky scroll import (vite.config.ts points those imports here): the diff editors,
 * the colour picker's and inlay hints' hover parts, code actions (the marker hover asks them for
 * quick fixes: none), the paste controller, go to definition and the inline-suggestion hints. None
 * of their contributions is registered in the pane (yaml/monaco-features.ts), so each importer only
 * checks for them and finds none; without them Monaco's chunk is ~0.3 MB (of 3.1) smaller and has
 * that much less to run when it loads. Each export is named as in the module it replaces.
 */

/** `diffEditorWidget.js`, `multiDiffEditorWidget.js`: the pane never makes a diff editor. */
class NoDiffEditor {
  constructor() {
    throw new Error('the YAML pane has no diff editor');
  }
}
export { NoDiffEditor as DiffEditorWidget, NoDiffEditor as MultiDiffEditorWidget };

/** `colorHoverParticipant.js`, `inlayHintsHover.js`: hover parts never registered (instanceof checks). */
export class ColorHoverParticipant {}
export class InlayHintsHover {}

/** `inlineCompletionsHintsWidget.js`: no inline suggestions, so their drop-down is never visible. */
export const InlineSuggestionHintsContentWidget = { dropDownVisible: false };

/** A contribution that is not there: `X.get(editor)` is null, as for one never registered. */
const absent = { get: (): null => null };
/** `codeActionController.js`, `copyPasteController.js`, `goToDefinitionAtPosition.js`. */
export {
  absent as CodeActionController,
  absent as CopyPasteController,
  absent as GotoDefinitionAtPositionEditorContribution,
};

/** `codeAction/common/types.js`: the names the marker hover's quick-fix trigger reads. */
export const CodeActionKind = { QuickFix: { value: 'quickfix' } };
export const CodeActionTriggerSource = { QuickFixHover: 'quickFixHover' };

/** `codeAction.js`: the marker hover's quick fixes — none ("No quick fixes available"). */
export const quickFixCommandId = 'editor.action.quickFix';
export function getCodeActions(): Promise<{
  validActions: never[];
  allActions: never[];
  documentation: never[];
  hasAutoFix: boolean;
  hasAIFix: boolean;
  allAIFixes: boolean;
  dispose(): void;
}> {
  return Promise.resolve({
    validActions: [],
    allActions: [],
    documentation: [],
    hasAutoFix: false,
    hasAIFix: false,
    allAIFixes: false,
    dispose() {},
  });
}

interface StickyTarget {
  setPosition(position: { lineNumber: number; column: number }): void;
  revealLineInCenterIfOutsideViewport(lineNumber: number): void;
}
/**
 * `inlayHintsLocations.js`: a Ctrl+click on a sticky-scroll line goes to that line (there is no
 * definition to peek at in a workflow's YAML).
 */
export function goToDefinitionWithLocation(
  _accessor: unknown,
  _event: unknown,
  editor: StickyTarget,
  location: { range: { startLineNumber: number; startColumn: number } },
): Promise<void> {
  const { startLineNumber: lineNumber, startColumn: column } = location.range;
  editor.setPosition({ lineNumber, column });
  editor.revealLineInCenterIfOutsideViewport(lineNumber);
  return Promise.resolve();
}
