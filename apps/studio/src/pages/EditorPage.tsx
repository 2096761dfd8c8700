/** The editor: palette, canvas, inspector and YAML — two views of one document. */
import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { errorText, useApi } from '../api/hooks';
import { navigate } from '../app/router';
import { Canvas } from '../canvas/Canvas';
import { studioCatalog } from '../document/catalog';
import { DocumentStoreContext, useDoc } from '../document/context';
import { createDocumentStore, type DocumentStore } from '../document/store';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { RunPanel } from '../run-panel/RunPanel';
import { useRunWatch } from '../runs/useRunWatch';
import { HistoryPanel } from './editor/HistoryPanel';
import { RunDialog } from './editor/RunDialog';
import { SaveDialog } from './editor/SaveDialog';
import { Toolbar } from './editor/Toolbar';
import { Notice } from './Notice';
import { clearDraft, loadDraft, saveDraft, STARTER_WORKFLOW } from './draft';
import { exposeStore } from '../app/test-handle';
import { clampWidth, LIMITS, usePaneSizes } from '../layout/pane-sizes';
import { Splitter } from '../layout/Splitter';

/** Monaco is a large chunk: its download and compile start with the page, beside the document's parse. */
const loadYamlPane = () => import('../yaml/YamlPane');
const YamlPane = lazy(loadYamlPane);

type Loaded = { store: DocumentStore } | { error: string } | null;

export function EditorPage({ workflowId }: { workflowId: string | null }) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void loadYamlPane().catch(() => undefined);
    setLoaded(null);
    const blocks = api.listBlocks().catch(() => []);
    const text = workflowId
      ? api.getWorkflow(workflowId).then((w) => w.yaml)
      : Promise.resolve(loadDraft() ?? STARTER_WORKFLOW);
    Promise.all([text, blocks]).then(
      ([yaml, extra]) => {
        if (!cancelled) setLoaded({ store: createDocumentStore(yaml, studioCatalog(extra)) });
      },
      (e: unknown) =>
        !cancelled && setLoaded({ error: `Cannot open workflow “${workflowId}”: ${errorText(e)}` }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, workflowId, reload]);

  if (loaded === null) return <p className="loading">Opening…</p>;
  if ('error' in loaded)
    return (
      <p className="page-error" role="alert">
        {loaded.error}
      </p>
    );
  return (
    <DocumentStoreContext.Provider value={loaded.store}>
      <ReactFlowProvider>
        <Editor workflowId={workflowId} store={loaded.store} onReload={() => setReload((n) => n + 1)} />
      </ReactFlowProvider>
    </DocumentStoreContext.Provider>
  );
}

function Editor({
  workflowId,
  store,
  onReload,
}: {
  workflowId: string | null;
  store: DocumentStore;
  onReload: () => void;
}) {
  const [dialog, setDialog] = useState<'save' | 'run' | 'history' | null>(null);
  const runId = useDoc((s) => s.run?.runId ?? null);
  useRunWatch(store, runId);
  useEffect(() => {
    exposeStore(store);
    return () => exposeStore(null);
  }, [store]);

  // The local draft (no server) survives a reload of the page.
  useEffect(() => {
    if (workflowId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.text === prev.text) return;
      clearTimeout(timer);
      timer = setTimeout(() => saveDraft(s.text), 300);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, workflowId]);

  const [panes, setPanes] = usePaneSizes();
  const columns = `190px minmax(0, 1fr) ${panes.inspectorOpen ? `${panes.inspectorWidth}px` : '30px'} ${panes.yamlWidth}px`;

  return (
    <div className={runId ? 'editor with-run' : 'editor'} style={{ gridTemplateColumns: columns }}>
      <Toolbar
        workflowId={workflowId}
        onSave={() => setDialog('save')}
        onRun={() => setDialog('run')}
        onHistory={() => setDialog('history')}
      />
      <Palette />
      <Canvas />
      {runId && <RunPanel key={runId} runId={runId} />}
      {panes.inspectorOpen ? (
        <div className="side pane">
          <Splitter
            label="Resize inspector"
            width={panes.inspectorWidth}
            min={LIMITS.inspector[0]}
            max={LIMITS.inspector[1]}
            onResize={(w) => setPanes({ inspectorWidth: clampWidth(w, LIMITS.inspector) })}
          />
          <button
            type="button"
            className="pane-toggle"
            aria-label="Hide inspector"
            title="Hide the inspector: more room for the canvas"
            onClick={() => setPanes({ inspectorOpen: false })}
          >
            »
          </button>
          <div className="side-scroll">
            <Inspector />
          </div>
        </div>
      ) : (
        <div className="side side-collapsed">
          <button
            type="button"
            className="pane-toggle"
            aria-label="Show inspector"
            title="Show the inspector"
            onClick={() => setPanes({ inspectorOpen: true })}
          >
            «
          </button>
        </div>
      )}
      <div className="yaml-col pane">
        <Splitter
          label="Resize YAML"
          width={panes.yamlWidth}
          min={LIMITS.yaml[0]}
          max={LIMITS.yaml[1]}
          onResize={(w) => setPanes({ yamlWidth: clampWidth(w, LIMITS.yaml) })}
        />
        <Suspense fallback={<section className="yaml-pane" aria-label="YAML" aria-busy="true" />}>
          <YamlPane />
        </Suspense>
      </div>
      <Notice />
      {dialog === 'save' && (
        <SaveDialog
          workflowId={workflowId}
          onClose={() => setDialog(null)}
          onSaved={(id, version, unchanged) => {
            setDialog(null);
            store
              .getState()
              .notify(
                unchanged
                  ? `No changes since version ${version}: nothing saved.`
                  : `Saved ${id} v${version}.`,
              );
            if (!workflowId) clearDraft();
            if (id !== workflowId) navigate({ page: 'editor', workflowId: id });
          }}
        />
      )}
      {dialog === 'run' && workflowId && (
        <RunDialog
          workflowId={workflowId}
          onClose={() => setDialog(null)}
          onStarted={(id) => {
            setDialog(null);
            store.getState().watchRun(id, 'QUEUED');
          }}
        />
      )}
      {dialog === 'history' && workflowId && (
        <HistoryPanel
          workflowId={workflowId}
          onClose={() => setDialog(null)}
          onRolledBack={() => {
            setDialog(null);
            onReload();
          }}
        />
      )}
    </div>
  );
}
