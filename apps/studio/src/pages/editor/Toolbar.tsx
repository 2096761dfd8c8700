/** The editor's toolbar: undo/redo, auto-layout, history, export, save and run. */
import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { href } from '../../app/router';
import { useDenied } from '../../auth/session';
import { SessionMenu } from '../../auth/SessionMenu';
import { autoLayout } from '../../canvas/auto-layout';
import { useDoc, useDocumentStore } from '../../document/context';
import { exportFileName, withoutLayout } from '../../editor/export';
import { downloadText } from '../../editor/download';
import { redo, undo } from '../../editor/commands/history';
import { moveSteps } from '../../editor/commands/move';
import { useDebugShortcut } from '../../debugger/useDebugShortcut';

export interface ToolbarProps {
  workflowId: string | null;
  onSave: () => void;
  onRun: () => void;
  /** Opens the run form for a debug run (also F5). */
  onDebug: () => void;
  onHistory: () => void;
}

export function Toolbar({ workflowId, onSave, onRun, onDebug, onHistory }: ToolbarProps) {
  const store = useDocumentStore();
  const flow = useReactFlow();
  const title = useDoc((s) => s.workflow?.name ?? s.workflow?.id ?? 'Untitled');
  const dirty = useDoc((s) => s.text !== s.savedText);
  const canUndo = useDoc((s) => s.undoStack.length > 0);
  const canRedo = useDoc((s) => s.redoStack.length > 0);
  const errors = useDoc((s) => s.diagnostics.filter((d) => d.severity === 'error').length);
  // An opened file not validated yet (it is validated once shown): not "valid" until it is.
  const unchecked = useDoc((s) => s.diagnosed === null && s.checking);
  const run = useDoc((s) => s.run);
  const [exportOpen, setExportOpen] = useState(false);
  const denied = useDenied('editor');
  const runBlocked = denied ?? (!workflowId || dirty ? 'Save the workflow first' : null);
  useDebugShortcut(runBlocked, onDebug, (why) => store.getState().notify(`Cannot debug: ${why}`));

  const exportYaml = (keepLayout: boolean) => {
    const s = store.getState();
    downloadText(exportFileName(s.workflow?.id), keepLayout ? s.text : withoutLayout(s.text));
    setExportOpen(false);
  };

  const relayout = async () => {
    const wf = store.getState().workflow;
    if (!wf) return;
    const positions = await autoLayout(wf);
    const r = moveSteps(store, positions);
    if (!r.ok) return store.getState().notify(r.error);
    // Then fit the view, once the canvas has drawn the new positions.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => void flow.fitView({ duration: 200, maxZoom: 1 })),
    );
  };

  return (
    <header className="toolbar" role="toolbar" aria-label="Editor">
      <a href={href({ page: 'workflows' })} className="brand">
        Weft
      </a>
      <h1 title={title}>
        {title}
        {dirty && <span className="muted"> · unsaved</span>}
      </h1>
      <span
        className={errors > 0 ? 'problem-count has-errors' : 'problem-count'}
        role="status"
        aria-label="Problems"
      >
        {unchecked ? 'checking…' : errors === 0 ? 'valid' : `${errors} problem${errors > 1 ? 's' : ''}`}
      </span>
      {denied && (
        <span className="problem-count read-only" title={denied}>
          read-only
        </span>
      )}
      {run && (
        <a
          className={`status-pill status-${run.status.toLowerCase()}`}
          href={href({ page: 'run', runId: run.runId })}
          data-testid="run-status"
        >
          run {run.status}
        </a>
      )}
      <div className="spacer" />
      <button type="button" onClick={() => undo(store)} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={() => redo(store)} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button type="button" onClick={() => void relayout()} title="Arrange the steps automatically">
        Auto layout
      </button>
      {workflowId && (
        <>
          <button type="button" onClick={onHistory}>
            History
          </button>
          <a className="button" href={href({ page: 'runs', workflowId })}>
            Runs
          </a>
        </>
      )}
      <div className="menu">
        <button
          type="button"
          aria-haspopup="menu"
          aria-expanded={exportOpen}
          onClick={() => setExportOpen(!exportOpen)}
        >
          Export YAML
        </button>
        {exportOpen && (
          <div role="menu" className="menu-list">
            <button type="button" role="menuitem" onClick={() => exportYaml(true)}>
              With layout
            </button>
            <button type="button" role="menuitem" onClick={() => exportYaml(false)}>
              Without layout
            </button>
          </div>
        )}
      </div>
      <button
        type="button"
        className="primary"
        onClick={onSave}
        disabled={denied !== null}
        title={denied ?? 'Store a new version'}
      >
        Save
      </button>
      <button
        type="button"
        className="primary"
        onClick={onRun}
        disabled={runBlocked !== null}
        title={runBlocked ?? 'Start a run'}
      >
        Run
      </button>
      <button
        type="button"
        onClick={onDebug}
        disabled={runBlocked !== null}
        aria-keyshortcuts="F5"
        title={runBlocked ?? 'Start a debug run: pause at your breakpoints, or before every step (F5)'}
      >
        Debug
      </button>
      <SessionMenu />
    </header>
  );
}
