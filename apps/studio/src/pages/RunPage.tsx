/** One run: the workflow version it ran, painted with its steps' states (live while it runs), and a step panel. */
import { ReactFlowProvider } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useBlocks, useGetRun, useGetWorkflow } from '../api/calls';
import { errorText } from '../api/hooks';
import { href } from '../app/router';
import type { RunRecord } from '../api/router-types';
import { Canvas } from '../canvas/Canvas';
import { studioCatalog } from '../document/catalog';
import { DocumentStoreContext, useDoc } from '../document/context';
import { createDocumentStore, type DocumentStore } from '../document/store';
import { loadValidator } from '../document/validator';
import { isTerminalRun, viewFromDetail } from '../runs/run-events';
import { Scrubber } from '../playback/Scrubber';
import { Timeline } from '../playback/Timeline';
import { usePlayback } from '../playback/usePlayback';
import { Notice } from './Notice';
import { useRunWatch } from '../runs/useRunWatch';
import { useBreakpointStorage } from '../debugger/useBreakpointStorage';
import { DebugPanel } from '../debugger/DebugPanel';
import { useRunDetail } from '../run-panel/useRunDetail';
import { RunPanel } from '../run-panel/RunPanel';
import { RunSummary } from '../run-panel/RunSummary';
import { RunActions } from '../runs/RunActions';
import { SessionMenu } from '../auth/SessionMenu';

export function RunPage({ runId, at }: { runId: string; at?: number }) {
  // Only the first address's event counts here: later `?at=` changes (links followed on this page, the
  // scrubber's own writes) are playback's (usePlayback listens to the address), so a seek does not
  // re-render the page.
  const [firstAt] = useState(at);
  const getRun = useGetRun();
  const getWorkflow = useGetWorkflow();
  const listBlocks = useBlocks();
  const [state, setState] = useState<{ store: DocumentStore; run: RunRecord } | { error: string } | null>(
    null,
  );
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { run, steps } = await getRun(runId);
      // The validator too: the run's workflow is validated as it is drawn (its problems on the nodes).
      const [wf, blocks] = await Promise.all([
        getWorkflow(run.workflowId, run.workflowVersion),
        listBlocks().catch(() => []),
        loadValidator().catch(() => undefined),
      ]);
      const store = createDocumentStore(wf.version.yaml, studioCatalog(blocks));
      store.getState().watchRun(runId, run.status);
      for (const s of steps) store.getState().setStepRun(s.stepId, viewFromDetail(s));
      if (!cancelled) setState({ store, run });
    })().catch(
      (e: unknown) => !cancelled && setState({ error: `Cannot open run ${runId}: ${errorText(e)}` }),
    );
    return () => {
      cancelled = true;
    };
  }, [getRun, getWorkflow, listBlocks, runId]);
  if (state === null) return <p className="loading">Opening run…</p>;
  if ('error' in state)
    return (
      <p className="page-error" role="alert">
        {state.error}
      </p>
    );
  return (
    <DocumentStoreContext.Provider value={state.store}>
      <ReactFlowProvider>
        <RunView store={state.store} run={state.run} at={firstAt} />
      </ReactFlowProvider>
    </DocumentStoreContext.Provider>
  );
}

/** The run page's frame; memoised so that neither a seek nor an address change renders it again. */
const RunView = memo(function RunView({
  store,
  run,
  at,
}: {
  store: DocumentStore;
  run: RunRecord;
  at: number | undefined;
}) {
  useRunWatch(store, run.id);
  useBreakpointStorage(store, run.workflowId);
  const detail = useRunDetail(run.id);
  const status = useDoc((s) => s.run?.status ?? run.status);
  const selected = useDoc((s) => (s.selectedSteps.size === 1 ? [...s.selectedSteps][0] : undefined));
  return (
    <div className="run-view with-playback">
      <header className="toolbar">
        <a href="#/" className="brand">
          Weft
        </a>
        <h1>
          Run <code>{run.id}</code> of{' '}
          <a href={href({ page: 'editor', workflowId: run.workflowId })}>{run.workflowId}</a> v
          {run.workflowVersion}
        </h1>
        <span className={`status-pill status-${status.toLowerCase()}`} data-testid="run-status">
          {status}
        </span>
        <div className="spacer" />
        <a className="button" href={href({ page: 'runs', workflowId: run.workflowId })}>
          All runs
        </a>
        <SessionMenu />
      </header>
      <PlaybackArea store={store} runId={run.id} at={at} live={!isTerminalRun(run.status)} />
      <aside className="side" aria-label="Run details">
        <DebugPanel runId={run.id} run={detail.data} />
        <RunActions runId={run.id} selected={selected} />
        <RunSummary runId={run.id} />
      </aside>
      <Notice />
    </div>
  );
});

/** The canvas of a run: it paints from the document store alone, so a seek re-renders only its nodes. */
const RunCanvas = memo(function RunCanvas() {
  return <Canvas readOnly />;
});

/**
 * What moves with the scrubber: the canvas or the timeline, the scrubber and the run panel. The
 * playback's position lives here, not in RunView, so a seek renders this part only.
 */
function PlaybackArea({
  store,
  runId,
  at,
  live,
}: {
  store: DocumentStore;
  runId: string;
  at: number | undefined;
  live: boolean;
}) {
  const playback = usePlayback(store, { runId, at, live });
  const [view, setView] = useState<'canvas' | 'timeline'>('canvas');
  return (
    <>
      {view === 'canvas' ? <RunCanvas /> : <Timeline playback={playback} />}
      <Scrubber playback={playback} view={<ViewToggle view={view} onChange={setView} />} />
      <RunPanel runId={runId} playback={playback} />
    </>
  );
}

function ViewToggle({
  view,
  onChange,
}: {
  view: 'canvas' | 'timeline';
  onChange: (v: 'canvas' | 'timeline') => void;
}) {
  return (
    <div className="view-toggle" role="group" aria-label="Run view">
      <button type="button" aria-pressed={view === 'canvas'} onClick={() => onChange('canvas')}>
        Canvas
      </button>
      <button type="button" aria-pressed={view === 'timeline'} onClick={() => onChange('timeline')}>
        Timeline
      </button>
    </div>
  );
}
