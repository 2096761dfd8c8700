/** The editor: palette, canvas, inspector and YAML — two views of one document. */
import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useBlocks, useGetWorkflow } from '../api/calls';
import { errorText } from '../api/hooks';
import { navigate } from '../app/router';
import { Canvas } from '../canvas/Canvas';
import { studioCatalog } from '../document/catalog';
import { DocumentStoreContext, useDoc } from '../document/context';
import type { OpenedText } from '../document/first-parse';
import { OFF_THREAD_CHARS, openText } from '../document/open-text';
import { createDocumentStore, heldUntilOpen, type DocumentStore } from '../document/store';
import { loadValidator } from '../document/validator';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { RunPanel } from '../run-panel/RunPanel';
import { useDenied } from '../auth/session';
import { LeaveDialog } from '../unsaved/LeaveDialog';
import { useLeaveGuard } from '../unsaved/useLeaveGuard';
import { useSaveShortcut } from '../unsaved/useSaveShortcut';
import { useRunWatch } from '../runs/useRunWatch';
import { HistoryPanel } from './editor/HistoryPanel';
import { RunDialog } from './editor/RunDialog';
import { SaveDialog } from './editor/SaveDialog';
import { Toolbar } from './editor/Toolbar';
import { BreakpointsPanel } from '../debugger/BreakpointsPanel';
import { useBreakpointStorage } from '../debugger/useBreakpointStorage';
import { TemplateChecklist } from '../checklist/TemplateChecklist';
import { Notice } from './Notice';
import { clearDraft, loadDraft, saveDraft, STARTER_WORKFLOW } from './draft';
import { exposeStore } from '../app/test-handle';
import { nextTask, onIdle, whenQuiet } from '../app/when-quiet';
import { clampWidth, COLLAPSED_WIDTH, fitPanes, LIMITS, PALETTE_WIDTH } from '../layout/pane-sizes';
import { usePaneSizes } from '../layout/usePaneSizes';
import { preloadYamlPane, yamlPaneShown } from '../yaml/preload-yaml-pane';
import { NARROW, NarrowEditor, useWindowWidth } from '../layout/narrow';
import { Splitter } from '../layout/Splitter';
import type YamlPaneComponent from '../yaml/YamlPane';

/**
 * Monaco is a large chunk (3 MB, ~0.3 s of main thread here): loaded only when the YAML pane is
 * shown, once the canvas has drawn, in quiet moments (see `useYamlPaneReady`).
 */
/** The chunk once it has loaded: the pane then mounts at once, without a Suspense fallback first. */
let yamlPaneModule: { default: typeof YamlPaneComponent } | null = null;
const loadYamlPane = () =>
  import('../yaml/YamlPane').then((m) => {
    yamlPaneModule = m;
    return m;
  });
/** Where the chunk has not loaded (it failed: loaded again, and its error shown, on mount). */
const LazyYamlPane = lazy(loadYamlPane);

/** Resolves once Monaco's preloaded chunk has arrived and compiled (not run); null: not preloaded. */
let preloaded: Promise<void> | null = null;

/**
 * For App as the studio starts on an editor (and for the editor itself): Monaco's chunk is fetched
 * while the sign-in check and the block list are on their way and the file is parsed. Fetched only
 * once the editor opened, its 3 MB (~0.5 s on a loaded machine) arrived after the canvas had drawn,
 * and the YAML pane waited for it. Nothing when the pane will not show.
 */
export function preloadYamlPaneIfShown(): void {
  if (!preloaded && yamlPaneShown()) preloaded = preloadYamlPane();
}

/**
 * React shows content that was suspended at most every 300 ms (its fallback throttle): a lazy
 * component whose chunk has already loaded would still wait for that. The loaded module mounts
 * directly.
 */
function YamlPane() {
  const Loaded = yamlPaneModule?.default;
  return Loaded ? <Loaded /> : <LazyYamlPane />;
}
/**
 * No click or key for this long (then an idle moment): Monaco may load, or mount. Long enough to
 * keep a click that has begun (pointer down, up, the click) clear of Monaco's work; short enough
 * that the YAML shows within a second of opening even a 500-step file (`pnpm bench studio`).
 */
const YAML_QUIET_MS = 100;
/** The local draft is written at the first idle moment after a change, at the latest this long after. */
const DRAFT_IDLE_MS = 2000;
/** The YAML pane shows no later than this after the editor opened, whatever the person does. */
const YAML_LATEST_MS = 3000;

/** `opened`: the editor has shown the file (its first validation may run: `heldUntilOpen`). */
type Loaded = { store: DocumentStore; opened: () => void } | { error: string } | null;

/**
 * The local draft parsed early: while the sign-in check is on its way (App starts it for `#/local`),
 * the page would otherwise be idle until the editor opens and parses it. Taken once, by the first
 * editor that opens the same text (a parsed document is edited in place: never handed out twice).
 */
let earlyDraft: { yaml: string; opened: Promise<OpenedText | undefined> } | 'taken' | null = null;

/**
 * For App: starts parsing the local draft (a large one in the worker at once; a small one in the
 * next task), unless an editor has already opened it.
 */
export function parseDraftSoon(): void {
  const yaml = loadDraft();
  if (yaml === null || earlyDraft !== null) return;
  // A failed parse is done again when the editor opens, which shows the error.
  earlyDraft = { yaml, opened: openText(yaml).catch(() => undefined) };
  runYamlPaneWhileParsing(yaml, earlyDraft.opened);
}

/**
 * For main.tsx, before React starts, when the page opens on the local draft: a large draft goes to
 * the worker now (and Monaco's chunk is asked for), not once App has rendered (~0.1–0.2 s later on a
 * loaded machine). A small one waits for App (`parseDraftSoon`): parsed before App's first render, it
 * would hold up the sign-in check's request.
 */
export function parseLargeDraftNow(): void {
  const yaml = loadDraft();
  if (yaml === null || yaml.length < OFF_THREAD_CHARS) return;
  preloadYamlPaneIfShown();
  parseDraftSoon();
}

/**
 * While a large file is parsed in the worker, this thread has nothing to do until the answer: Monaco's
 * chunk runs then if it has arrived (~0.3 s of CPU, which otherwise came after the canvas had drawn,
 * on the way to the YAML pane). Only when the pane is shown (the chunk was preloaded) and the parse
 * is still on its way once the chunk is ready; else it runs once the canvas has drawn, as for a small
 * file, whose canvas is up too soon for the chunk to run first without holding it up.
 */
function runYamlPaneWhileParsing(yaml: string, opened: Promise<unknown>): void {
  if (!preloaded || yaml.length < OFF_THREAD_CHARS) return;
  let parsing = true;
  void opened.finally(() => (parsing = false));
  // A chunk that fails to load is loaded again, and its error shown, when the pane mounts.
  void preloaded.then(() => (parsing ? loadYamlPane().then(undefined, () => undefined) : undefined));
}

function takeEarlyDraft(yaml: string): Promise<OpenedText | undefined> | undefined {
  const early = earlyDraft;
  earlyDraft = 'taken';
  return typeof early === 'object' && early?.yaml === yaml ? early.opened : undefined;
}

/** `side`: shown above the inspector (a lesson's panel). */
export function EditorPage({ workflowId, side }: { workflowId: string | null; side?: ReactNode }) {
  const listBlocks = useBlocks();
  const getWorkflow = useGetWorkflow();
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [reload, setReload] = useState(0);

  useEffect(preloadYamlPaneIfShown, []);

  useEffect(() => {
    let cancelled = false;
    setLoaded(null);
    const blocks = listBlocks().catch(() => []);
    const text = workflowId
      ? getWorkflow(workflowId).then((w) => w.version.yaml)
      : Promise.resolve(loadDraft() ?? STARTER_WORKFLOW);
    // The YAML is parsed while the block list is still on its way: validating needs the list, parsing
    // (most of the time a large file takes to open) does not.
    // A large file is parsed in a worker (document/open-text.ts).
    const parsed = text.then(async (yaml) => {
      const early = takeEarlyDraft(yaml);
      if (early) return { yaml, opened: await early };
      const opened = openText(yaml, () => cancelled);
      runYamlPaneWhileParsing(yaml, opened);
      return { yaml, opened: await opened };
    });
    Promise.all([parsed, blocks]).then(
      ([{ yaml, opened }, extra]) => {
        if (cancelled || !opened) return;
        // Drawn from its YAML at once; validated once the canvas and the YAML pane show it.
        const first = heldUntilOpen();
        const store = createDocumentStore(yaml, studioCatalog(extra), {
          parsed: opened.doc,
          drawn: opened.drawn,
          firstCheck: first.later,
        });
        // The validator's chunk (ajv, jsonata) is asked for once the file shows, not while it opens
        // (the 2 cores are busy then): it has arrived by the first validation's idle moment.
        const shown = () => {
          loadValidator().catch(() => undefined);
          first.open();
        };
        setLoaded({ store, opened: shown });
      },
      (e: unknown) =>
        !cancelled && setLoaded({ error: `Cannot open workflow “${workflowId}”: ${errorText(e)}` }),
    );
    return () => {
      cancelled = true;
    };
  }, [listBlocks, getWorkflow, workflowId, reload]);

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
        <Editor
          workflowId={workflowId}
          store={loaded.store}
          onOpened={loaded.opened}
          side={side}
          onReload={() => setReload((n) => n + 1)}
        />
      </ReactFlowProvider>
    </DocumentStoreContext.Provider>
  );
}

function Editor({
  workflowId,
  store,
  onOpened,
  side,
  onReload,
}: {
  workflowId: string | null;
  store: DocumentStore;
  onOpened: () => void;
  side?: ReactNode;
  onReload: () => void;
}) {
  const [dialog, setDialog] = useState<'save' | 'run' | 'debug' | 'history' | null>(null);
  const runId = useDoc((s) => s.run?.runId ?? null);
  useRunWatch(store, runId);
  useBreakpointStorage(store, workflowId);
  const denied = useDenied('editor');
  const guard = useLeaveGuard(() => {
    const s = store.getState();
    return s.text !== s.savedText;
  });
  const openSave = denied === null ? () => setDialog('save') : null;
  useSaveShortcut(openSave);
  useEffect(() => {
    exposeStore(store);
    return () => exposeStore(null);
  }, [store]);

  // The local draft (no server) survives a reload of the page. It is written in an idle moment: a
  // 500-step file is ~35 kB that localStorage writes on this thread, and a write in the middle of
  // an edit held its frame back.
  useEffect(() => {
    if (workflowId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelIdle = (): void => {};
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.text === prev.text) return;
      clearTimeout(timer);
      cancelIdle();
      timer = setTimeout(() => {
        cancelIdle = onIdle(() => saveDraft(store.getState().text), DRAFT_IDLE_MS);
      }, 300);
    });
    return () => {
      clearTimeout(timer);
      cancelIdle();
      unsubscribe();
    };
  }, [store, workflowId]);

  const [panes, setPanes] = usePaneSizes();
  const windowWidth = useWindowWidth();
  const fitted = fitPanes(windowWidth, panes);
  const { ready: yamlReady, drawn, onDrawn: onCanvasDrawn } = useYamlPaneReady(fitted.yaml !== 'collapsed');
  // Opened: the canvas has drawn and the YAML pane shows (or is hidden); at the latest YAML_LATEST_MS on.
  useEffect(() => {
    if (yamlReady || (drawn && fitted.yaml === 'collapsed')) onOpened();
  }, [yamlReady, drawn, fitted.yaml, onOpened]);
  const px = (v: number | 'collapsed') => `${v === 'collapsed' ? COLLAPSED_WIDTH : v}px`;
  const columns = `${PALETTE_WIDTH}px minmax(0, 1fr) ${px(fitted.inspector)} ${px(fitted.yaml)}`;
  if (windowWidth < NARROW) return <NarrowEditor workflowId={workflowId} />;

  return (
    <div className={runId ? 'editor with-run' : 'editor'} style={{ gridTemplateColumns: columns }}>
      <Toolbar
        workflowId={workflowId}
        onSave={() => setDialog('save')}
        onRun={() => setDialog('run')}
        onDebug={() => setDialog('debug')}
        onHistory={() => setDialog('history')}
      />
      <Palette />
      {/* A large file's remaining nodes wait while the YAML pane loads: it is what opening waits for. */}
      <Canvas onDrawn={onCanvasDrawn} holdNodes={fitted.yaml !== 'collapsed' && !yamlReady} />
      {runId && <RunPanel key={runId} runId={runId} />}
      {fitted.inspector !== 'collapsed' ? (
        <div className="side pane">
          <Splitter
            label="Resize inspector"
            width={fitted.inspector}
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
            {side}
            {workflowId && <TemplateChecklist workflowId={workflowId} onRun={() => setDialog('run')} />}
            <BreakpointsPanel />
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
      {fitted.yaml !== 'collapsed' ? (
        <div className="yaml-col pane">
          <Splitter
            label="Resize YAML"
            width={fitted.yaml}
            min={LIMITS.yaml[0]}
            max={LIMITS.yaml[1]}
            onResize={(w) => setPanes({ yamlWidth: clampWidth(w, LIMITS.yaml) })}
          />
          <button
            type="button"
            className="pane-toggle"
            aria-label="Hide YAML"
            title="Hide the YAML pane: more room for the canvas"
            onClick={() => setPanes({ yamlOpen: false })}
          >
            »
          </button>
          <Suspense fallback={<section className="yaml-pane" aria-label="YAML" aria-busy="true" />}>
            {yamlReady ? <YamlPane /> : <section className="yaml-pane" aria-label="YAML" aria-busy="true" />}
          </Suspense>
        </div>
      ) : (
        <div className="yaml-col side-collapsed">
          <button
            type="button"
            className="pane-toggle"
            aria-label="Show YAML"
            title="Show the YAML pane"
            // Folded for room on a narrow window: fold the inspector instead to make room.
            onClick={() => setPanes(panes.yamlOpen ? { inspectorOpen: false } : { yamlOpen: true })}
          >
            «
          </button>
        </div>
      )}
      <Notice />
      <LeaveDialog guard={guard} onSave={openSave} />
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
      {(dialog === 'run' || dialog === 'debug') && workflowId && (
        <RunDialog
          workflowId={workflowId}
          debug={dialog === 'debug'}
          onClose={() => setDialog(null)}
          onStarted={(id, debug) => {
            setDialog(null);
            // A debug run is followed on its own page: it pauses there, and a reload finds it again.
            if (debug) navigate({ page: 'run', runId: id });
            else store.getState().watchRun(id, 'QUEUED');
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

/**
 * When the YAML pane may mount: once the canvas has drawn its nodes, Monaco's chunk (preloaded) runs
 * after `YAML_QUIET_MS` without a click or key (unless it ran while a large file was parsed), and its editor is created once `YAML_QUIET_MS` have
 * passed since the last click or key (at once where there was none) — two shorter holds of the main
 * thread, neither while the person is clicking — and never later than `YAML_LATEST_MS` after open (a large file drawn far off screen, or a person who never
 * stops clicking). A hidden pane loads nothing until it is shown. Returns whether the pane may
 * mount, whether the canvas has drawn, and the canvas's `onDrawn`.
 */
function useYamlPaneReady(shown: boolean): { ready: boolean; drawn: boolean; onDrawn: () => void } {
  const [drawn, setDrawn] = useState(false);
  const [ready, setReady] = useState(false);
  const onDrawn = useCallback(() => setDrawn(true), []);
  useEffect(() => {
    const latest = setTimeout(() => setReady(true), YAML_LATEST_MS);
    return () => clearTimeout(latest);
  }, []);
  useEffect(() => {
    if (!drawn || !shown) return;
    let live = true;
    // The canvas has just drawn: a first click may be on its way, so the chunk waits a whole pause
    // (run at once, its ~0.15 s held the first click on a fresh page: the cold-open bench's click
    // waited for it). Once it has run, the editor waits only for what is left of a pause since the
    // last input.
    const quiet = { quietMs: YAML_QUIET_MS, idle: nextTask };
    const mount = () => {
      if (live) cancel = whenQuiet(() => setReady(true), { ...quiet, sinceLastInput: true });
    };
    // A chunk that fails to load is loaded again, and its error shown, when the pane mounts.
    let cancel = (): void => {};
    // The chunk ran already (while a large file was parsed): only the editor waits, for its pause.
    if (yamlPaneModule) mount();
    else cancel = whenQuiet(() => void loadYamlPane().then(mount, mount), quiet);
    return () => {
      live = false;
      cancel();
    };
  }, [drawn, shown]);
  return { ready, drawn, onDrawn };
}
