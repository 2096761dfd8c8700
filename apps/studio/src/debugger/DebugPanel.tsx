/**
 * The debug panel of a run paused at a breakpoint (or in step mode): why it paused, the step's
 * resolved inputs as an editable JSON document checked against the block's input schema, the run
 * context as a tree, and the actions — Continue (F8), Step (F10), Skip with an output, Edit input and
 * continue, Abort. Several paused steps (parallel branches) are listed; each can be resumed.
 * Everything comes from the server (the run's events), so a reload or a second tab shows the same.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInputCheck } from '../document/useInputCheck';
import { useDebugCommand } from '../api/calls';
import { errorText } from '../api/hooks';
import type { RunWithSteps } from '../api/router-types';
import { useDenied } from '../auth/session';
import { useDoc, useDocumentStore } from '../document/context';
import { JsonTree } from '../runs/JsonTree';
import { countHit } from './breakpoints';
import { parseJson, pausedSteps, pauseReason, readEditedInput } from './pause';
import { PauseIcon } from './PauseIcon';
import './debugger.css';

type Action = 'continue' | 'step' | 'skip' | 'cancel';

export function DebugPanel({ runId, run }: { runId: string; run: RunWithSteps | undefined }) {
  const store = useDocumentStore();
  const order = useDoc((s) => s.workflow?.steps.map((x) => x.id).join('\n') ?? '');
  const runSteps = useDoc((s) => s.runSteps);
  const selected = useDoc((s) => (s.selectedSteps.size === 1 ? [...s.selectedSteps][0] : undefined));
  const paused = useMemo(() => pausedSteps(order ? order.split('\n') : [], runSteps), [order, runSteps]);
  const current = selected && paused.includes(selected) ? selected : paused[0];

  // Count a hit on the person's breakpoint, once per pause event.
  useEffect(() => {
    for (const id of paused) {
      const p = runSteps[id]?.pause;
      if (p && p.cause !== 'step')
        store.getState().setBreakpoints((b) => countHit(b, id, `${runId}:${p.seq}`));
    }
  }, [paused, runSteps, runId, store]);

  if (!current) return null;
  return (
    <section className="debug-panel" aria-label="Debugger">
      {paused.length > 1 && (
        <nav aria-label="Paused steps">
          <h3>Paused steps ({paused.length})</h3>
          <ul>
            {paused.map((id) => (
              <li key={id}>
                <button
                  type="button"
                  aria-current={id === current ? 'true' : undefined}
                  onClick={() => store.getState().select([id])}
                >
                  <PauseIcon /> <code>{id}</code>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <PausedStep
        key={`${current}:${runSteps[current]?.pause?.seq ?? 0}`}
        runId={runId}
        stepId={current}
        run={run}
      />
    </section>
  );
}

function PausedStep({
  runId,
  stepId,
  run,
}: {
  runId: string;
  stepId: string;
  run: RunWithSteps | undefined;
}) {
  const debugCommand = useDebugCommand();
  const flow = useReactFlow();
  const denied = useDenied('editor');
  const view = useDoc((s) => s.runSteps[stepId]);
  const step = useDoc((s) => s.workflow?.steps.find((x) => x.id === stepId));
  const block = useDoc((s) => (step ? s.catalog.resolve(step.uses) : undefined));
  const pause = view?.pause;
  const recorded = run?.steps.find((s) => s.stepId === stepId)?.input;
  const input = pause?.input ?? (recorded as Record<string, unknown> | undefined) ?? {};
  const original = useMemo(() => JSON.stringify(input, null, 2), [input]);
  const [text, setText] = useState(original);
  const [skipText, setSkipText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const edited = text !== original;
  const check = useInputCheck(block);
  const parsed = readEditedInput(text, check);
  const condition = run?.run.debug?.breakpoints.find((b) => b.stepId === stepId)?.condition;

  // Centre the canvas on the paused node.
  useEffect(() => {
    // The internal node: it has the measured size even before the canvas hands React Flow new nodes.
    const node = flow.getInternalNode(stepId);
    if (!node) return;
    const w = node.measured?.width ?? 200;
    const h = node.measured?.height ?? 60;
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, {
      zoom: Math.max(flow.getZoom(), 0.8),
      duration: 200,
    });
  }, [flow, stepId]);

  const send = async (action: Action, extra: { input?: Record<string, unknown>; output?: unknown } = {}) => {
    if (busy || denied) return;
    setBusy(true);
    setError(null);
    try {
      await debugCommand({ runId, stepId, action, ...extra });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  const latest = useRef({ send, edited, parsed });
  latest.current = { send, edited, parsed };

  // F8 continue (with the edited input when it is valid), F10 step.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (e.key !== 'F8' && e.key !== 'F10') return;
      e.preventDefault();
      const l = latest.current;
      const input = l.edited && l.parsed.ok ? { input: l.parsed.value } : {};
      if (l.edited && !l.parsed.ok) return setError('Fix the input first, or reset it.');
      void l.send(e.key === 'F8' ? 'continue' : 'step', input);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const skipOutput = skipText === null ? undefined : parseJson(skipText.trim() === '' ? 'null' : skipText);
  const off = busy || denied !== null;

  return (
    <div className="paused-step" data-testid="paused-step">
      <h3>
        <PauseIcon /> Paused before <code>{stepId}</code>
      </h3>
      <p role="status" data-testid="pause-reason">
        {pauseReason(stepId, pause, condition)}
      </p>
      <div className="debug-actions" role="toolbar" aria-label="Debug actions">
        <button
          type="button"
          className="primary"
          disabled={off || (edited && !parsed.ok)}
          aria-keyshortcuts="F8"
          title="Run this step and go on to the next breakpoint (F8)"
          onClick={() => void send('continue', edited && parsed.ok ? { input: parsed.value } : {})}
        >
          {edited ? 'Continue with edited input' : 'Continue'} <kbd>F8</kbd>
        </button>
        <button
          type="button"
          disabled={off || (edited && !parsed.ok)}
          aria-keyshortcuts="F10"
          title="Run this step and pause before the next one (F10)"
          onClick={() => void send('step', edited && parsed.ok ? { input: parsed.value } : {})}
        >
          Step <kbd>F10</kbd>
        </button>
        <button
          type="button"
          disabled={off}
          aria-expanded={skipText !== null}
          title="Do not run this step: give the output its followers get"
          onClick={() => setSkipText(skipText === null ? 'null' : null)}
        >
          Skip…
        </button>
        <button
          type="button"
          className="danger"
          disabled={off}
          title="Cancel the run"
          onClick={() => void send('cancel')}
        >
          Abort
        </button>
      </div>
      {denied && <p className="muted">{denied}</p>}
      {skipText !== null && (
        <div className="skip-form">
          <label htmlFor={`skip-${stepId}`}>Output of {stepId} instead of running it (JSON)</label>
          <textarea
            id={`skip-${stepId}`}
            rows={3}
            spellCheck={false}
            value={skipText}
            onChange={(e) => setSkipText(e.target.value)}
          />
          {skipOutput && !skipOutput.ok && <p className="field-error">{skipOutput.error}</p>}
          <button
            type="button"
            disabled={off || !skipOutput?.ok}
            onClick={() => skipOutput?.ok && void send('skip', { output: skipOutput.value })}
          >
            Skip with this output
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="debug-input">
        <label htmlFor={`input-${stepId}`}>
          Input of {stepId}{' '}
          <span className="muted">
            (JSON, checked against {block?.name ?? 'the block'}&apos;s input schema)
          </span>
        </label>
        <textarea
          id={`input-${stepId}`}
          rows={Math.min(14, Math.max(4, text.split('\n').length + 1))}
          spellCheck={false}
          value={text}
          aria-invalid={!parsed.ok}
          aria-describedby={`input-${stepId}-problems`}
          onChange={(e) => setText(e.target.value)}
        />
        <div id={`input-${stepId}-problems`}>
          {!parsed.ok && (
            <ul className="field-error" aria-label="Input problems">
              {parsed.errors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </div>
        {edited && (
          <button type="button" onClick={() => setText(original)}>
            Reset input
          </button>
        )}
      </div>
      <div className="debug-context">
        <h4>Context</h4>
        <JsonTree value={contextOf(run)} />
      </div>
    </div>
  );
}

/** What the step's expressions can see: the run's inputs and the outputs of every finished step. */
function contextOf(run: RunWithSteps | undefined): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const s of run?.steps ?? [])
    if (s.status === 'SUCCESS' || s.status === 'FAILED' || s.status === 'SKIPPED')
      steps[s.stepId] = { status: s.status, output: s.output ?? null };
  return { inputs: run?.run.inputs ?? {}, steps };
}
