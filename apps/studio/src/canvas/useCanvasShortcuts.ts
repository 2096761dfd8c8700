/** Keyboard shortcuts of the canvas; each maps to a command. */
import { useCallback, useEffect } from 'react';
import { useDocumentStore } from '../document/context';
import { copySteps, duplicateSteps, pasteSteps } from '../editor/commands/clipboard';
import { disconnect } from '../editor/commands/connect';
import { redo, undo } from '../editor/commands/history';
import { removeSteps } from '../editor/commands/remove-step';
import { toggleBreakpoint } from '../debugger/breakpoints';
import { parseEdgeId } from './graph';

export const SHORTCUTS: readonly [string, string][] = [
  ['Delete / Backspace', 'delete the selected steps and connections'],
  ['Ctrl+C / Ctrl+V', 'copy / paste steps'],
  ['Ctrl+D', 'duplicate the selected steps'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo'],
  ['Ctrl+A', 'select every step'],
  ['Shift+drag', 'select with a box'],
  ['F', 'zoom to fit'],
  ['F9', 'add or remove a breakpoint on the selected steps'],
  ['Shift+F10', "the selected step's menu (breakpoints)"],
  ['Escape', 'clear the selection'],
];

/**
 * Listens on the window so that shortcuts keep working after the focused node was deleted (focus
 * falls back to the page); ignores keys meant for the YAML pane, form fields and dialogs.
 */
export function useCanvasShortcuts(
  canvas: { current: HTMLElement | null },
  enabled: boolean,
  fit: (durationMs: number) => void,
): void {
  const store = useDocumentStore();
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target !== document.body && !canvas.current?.contains(target)) return;
      if (target.closest('input, textarea, select, dialog, [contenteditable="true"], .monaco-editor')) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (key === 'delete' || key === 'backspace') {
        const edges = [...s.selectedEdges].map(parseEdgeId).filter((x) => x !== undefined);
        const r1 = disconnect(
          store,
          edges.filter((x) => !s.selectedSteps.has(x.source) && !s.selectedSteps.has(x.target)),
        );
        const r2 = removeSteps(store, s.selectedSteps);
        const failed = [r1, r2].find((r) => !r.ok);
        if (failed && !failed.ok) s.notify(failed.error);
      } else if (mod && key === 'z' && !e.shiftKey) {
        undo(store);
      } else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) {
        redo(store);
      } else if (mod && key === 'c') {
        copySteps(store, s.selectedSteps);
      } else if (mod && key === 'v') {
        const r = pasteSteps(store);
        if (!r.ok) s.notify(r.error);
      } else if (mod && key === 'd') {
        const r = duplicateSteps(store, s.selectedSteps);
        if (!r.ok) s.notify(r.error);
      } else if (mod && key === 'a') {
        s.select(s.workflow?.steps.map((st) => st.id) ?? []);
      } else if (key === 'escape') {
        s.select([]);
      } else if (key === 'f9' && !mod) {
        const ids = [...s.selectedSteps];
        s.setBreakpoints((b) => ids.reduce(toggleBreakpoint, b));
      } else if (key === 'f' && !mod) {
        fit(200);
      } else {
        handled = false;
      }
      if (handled) e.preventDefault();
    },
    [store, canvas, fit],
  );
  useEffect(() => {
    if (!enabled) return;
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown, enabled]);
}
