/**
 * The run panel: a drawer under the canvas for the watched run. It lists the steps with their state
 * and shows one step — the selected one, else the one that failed — error first, then its output,
 * input and logs. It follows the run's events: outputs and errors appear as they arrive. While the
 * scrubber shows an earlier event (playback), it shows the steps as they were at that event.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RunWithSteps, StepRecord } from '../api/router-types';
import { createRunPainter, type PaintStep, type RunPainter } from '../canvas/run-paint';
import type { DocumentStore } from '../document/store';
import { useDoc, useDocumentStore } from '../document/context';
import { JsonTree } from '../runs/JsonTree';
import './run-panel.css';
import { ForeachItems } from './ForeachItems';
import { stepToShow } from './step-to-show';
import { StepTest } from './StepTest';
import { useRunDetail } from './useRunDetail';
import type { Playback } from '../playback/usePlayback';
import { PlaybackStepDetail } from '../playback/PlaybackStepDetail';
import { LogView } from '../run-logs/LogView';
import { useLiveLogs, type LiveLogs } from '../run-logs/useLiveLogs';

export function RunPanel({ runId, playback }: { runId: string; playback?: Playback }) {
  const store = useDocumentStore();
  const [open, setOpen] = useState(true);
  const status = useDoc((s) => s.run?.status ?? 'QUEUED');
  const workflow = useDoc((s) => s.workflow);
  const order = useMemo(() => workflow?.steps.map((x) => x.id) ?? [], [workflow]);
  const liveSteps = useDoc((s) => s.runSteps);
  const frame = useDoc((s) => s.playback);
  const runSteps = frame?.steps ?? liveSteps;
  const selected = useDoc((s) => (s.selectedSteps.size === 1 ? [...s.selectedSteps][0] : undefined));
  const detail = useRunDetail(runId);
  const logs = useLiveLogs(runId);
  const shown = stepToShow(order, runSteps, selected);
  // The rows' statuses are painted, not rendered; so is which row is shown (aria-current).
  const [rows] = useState(() => createRunPainter(store, paintRow));
  useLayoutEffect(() => rows.start(), [rows]);
  useLayoutEffect(() => {
    const row = shown === undefined ? undefined : rows.element(shown);
    row?.setAttribute('aria-current', 'true');
    return () => row?.removeAttribute('aria-current');
  }, [rows, shown, open, order]);

  // When the run fails, go to the failed step: selected on the canvas and shown here, error first.
  const failedOnce = useRef(false);
  useEffect(() => {
    if (status !== 'FAILED' || failedOnce.current) return;
    const failed = order.find((id) => liveSteps[id]?.status === 'FAILED');
    if (!failed) return;
    failedOnce.current = true;
    setOpen(true);
    store.getState().select([failed]);
  }, [status, order, liveSteps, store]);

  return (
    <section className={open ? 'run-panel' : 'run-panel collapsed'} aria-label="Run panel">
      <header className="run-panel-bar">
        <h2>
          Run <code>{runId}</code>
        </h2>
        <span className={`status-pill status-${status.toLowerCase()}`}>{status}</span>
        {frame && (
          <span className="playback-as-of" data-testid="playback-as-of">
            as at event {frame.seq}:{' '}
            <span className={`status-pill status-${frame.status.toLowerCase()}`}>{frame.status}</span>
          </span>
        )}
        {detail.data?.run.error && (
          <span className="run-error-inline">
            {detail.data.run.error.code}: {detail.data.run.error.message}
          </span>
        )}
        <div className="spacer" />
        <button
          type="button"
          aria-expanded={open}
          aria-label={open ? 'Hide run panel' : 'Show run panel'}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide' : 'Show run'}
        </button>
      </header>
      {open && (
        <div className="run-panel-body">
          <StepList order={order} rows={rows} store={store} />
          {shown && frame && playback ? (
            <PlaybackStepDetail stepId={shown} frame={frame} events={playback.events} />
          ) : shown ? (
            <StepDetail runId={runId} stepId={shown} run={detail.data} loading={detail.loading} logs={logs} />
          ) : (
            <p className="muted">This workflow has no steps.</p>
          )}
          {detail.error && <p className="field-error">{detail.error}</p>}
        </div>
      )}
    </section>
  );
}

/** A step row's status (dot and word), painted by the run panel's painter (`PENDING` before a state). */
const paintRow: PaintStep<HTMLElement> = (row, view, was) => {
  const status = view?.status ?? 'PENDING';
  if (was !== null && (was?.status ?? 'PENDING') === status) return;
  // The row's first child is its dot, its last the word (StepItem).
  const dot = row.firstElementChild;
  const word = row.lastElementChild;
  if (dot) dot.className = `status-dot status-${status.toLowerCase()}`;
  if (word) word.textContent = ` ${status}`;
};

/**
 * The steps in the workflow's order, rendered once per order: each row's status is painted by
 * `rows` (a seek over a 500-step run renders no row), and the row shown is marked by RunPanel.
 */
const StepList = memo(function StepList({
  order,
  rows,
  store,
}: {
  order: readonly string[];
  rows: RunPainter<HTMLElement>;
  store: DocumentStore;
}) {
  return (
    <nav aria-label="Run steps">
      <ul className="run-step-list">
        {order.map((id) => (
          <StepItem key={id} stepId={id} rows={rows} store={store} />
        ))}
      </ul>
    </nav>
  );
});

/** One step of the list; its status (as of the event shown, or now) is painted onto it. */
const StepItem = memo(function StepItem({
  stepId,
  rows,
  store,
}: {
  stepId: string;
  rows: RunPainter<HTMLElement>;
  store: DocumentStore;
}) {
  const paint = useCallback(
    (el: HTMLButtonElement | null) => (el ? rows.attach(stepId, el) : undefined),
    [rows, stepId],
  );
  return (
    <li>
      <button type="button" ref={paint} onClick={() => store.getState().select([stepId])}>
        <span className="status-dot" aria-hidden="true" />
        <span className="run-step-id">{stepId}</span>
        <span className="muted run-step-status" />
      </button>
    </li>
  );
});

function StepDetail({
  runId,
  stepId,
  run,
  loading,
  logs,
}: {
  runId: string;
  stepId: string;
  run: RunWithSteps | undefined;
  loading: boolean;
  logs: LiveLogs;
}) {
  const live = useDoc((s) => s.runSteps[stepId]);
  const step: StepRecord | undefined = useMemo(
    () => run?.steps.find((s) => s.stepId === stepId),
    [run, stepId],
  );
  const status = live?.status ?? step?.status ?? 'PENDING';
  const foreach = useDoc((s) => s.workflow?.steps.find((x) => x.id === stepId)?.foreach !== undefined);
  return (
    <section className="step-run" aria-label="Step run">
      <h3>
        {stepId} <span className={`status-pill status-${status.toLowerCase()}`}>{status}</span>
        {step && step.attempts > 1 && <span className="muted"> · {step.attempts} attempts</span>}
        {live?.durationMs !== undefined && <span className="muted"> · {live.durationMs} ms</span>}
      </h3>
      <StepTest key={stepId} runId={runId} stepId={stepId} recorded={step?.input} />
      {step?.error && (
        <div className="run-error" aria-label="Step error">
          <h4>Error</h4>
          <p>
            <strong>{step.error.code}</strong> {step.error.message}
          </p>
        </div>
      )}
      {foreach && step && <ForeachItems runId={runId} stepId={stepId} />}
      {step ? (
        <div className="step-run-columns">
          <div>
            <h4>Output</h4>
            <JsonTree value={step.output ?? null} />
          </div>
          <div>
            <h4>Input</h4>
            <JsonTree value={step.input ?? null} />
          </div>
        </div>
      ) : (
        !loading && <p className="muted">This step has not started.</p>
      )}
      <h4>Logs</h4>
      <LogView logs={logs} stepId={stepId} />
    </section>
  );
}
