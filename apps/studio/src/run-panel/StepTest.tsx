/**
 * "Test step" (n8n's test step) and "Retry from here", in the step panel of any run. Test step opens
 * the step's recorded input as an editable JSON document checked against the block's input schema,
 * runs ONLY that step with the recorded outputs of its upstream steps (`debug.testStep`: a new run
 * marked as a step test, left out of run lists and the dashboard) and shows the result here.
 */
import { useMemo, useState } from 'react';
import { useInputCheck } from '../document/useInputCheck';
import { useRetryRun, useTestStep } from '../api/calls';
import { errorText } from '../api/hooks';
import type { StepTestResult } from '../api/router-types';
import { href, navigate } from '../app/router';
import { useDenied } from '../auth/session';
import { useDoc } from '../document/context';
import { readEditedInput } from '../debugger/pause';
import { JsonTree } from '../runs/JsonTree';

export function StepTest({
  runId,
  stepId,
  recorded,
}: {
  runId: string;
  stepId: string;
  /** The step's input as recorded in this run (undefined: it did not start). */
  recorded: unknown;
}) {
  const testStep = useTestStep();
  const retryRun = useRetryRun();
  const denied = useDenied('editor');
  const step = useDoc((s) => s.workflow?.steps.find((x) => x.id === stepId));
  const block = useDoc((s) => (step ? s.catalog.resolve(step.uses) : undefined));
  const foreach = step?.foreach !== undefined;
  const original = useMemo(
    () => JSON.stringify(recorded && typeof recorded === 'object' && !foreach ? recorded : {}, null, 2),
    [recorded, foreach],
  );
  const [open, setOpen] = useState(false);
  // Until the person edits it, the text follows the recorded input (the run's details may arrive later).
  const [draft, setText] = useState<string | null>(null);
  const text = draft ?? original;
  const [busy, setBusy] = useState<'test' | 'retry' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<StepTestResult | null>(null);
  const check = useInputCheck(block);
  const parsed = readEditedInput(text, check);
  const edited = text !== original;
  const off = busy !== null || denied !== null;

  const test = async () => {
    if (off || (edited && !parsed.ok)) return;
    setBusy('test');
    setError(null);
    setResult(null);
    try {
      // Unchanged: the input is resolved again from the recorded upstream outputs, as in the run.
      setResult(await testStep(runId, stepId, edited && parsed.ok ? parsed.value : undefined));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const retry = async () => {
    if (off) return;
    setBusy('retry');
    setError(null);
    try {
      navigate({ page: 'run', runId: (await retryRun(runId, stepId)).runId });
    } catch (e) {
      setError(errorText(e));
      setBusy(null);
    }
  };

  return (
    <div className="step-test" aria-label="Test step" role="group">
      <div className="step-test-buttons">
        <button
          type="button"
          aria-expanded={open}
          disabled={denied !== null}
          title={denied ?? 'Run only this step again, with an input you can edit; nothing else runs'}
          onClick={() => setOpen(!open)}
        >
          Test step…
        </button>
        <button
          type="button"
          disabled={off}
          title={
            denied ?? `A new run of this version and inputs: ${stepId} and everything after it run again`
          }
          onClick={() => void retry()}
        >
          {busy === 'retry' ? 'Retrying…' : 'Retry from here'}
        </button>
      </div>
      {open && (
        <div className="step-test-form">
          <label htmlFor={`test-input-${stepId}`}>
            Input of {stepId} for the test{' '}
            <span className="muted">
              (JSON, checked against {block?.name ?? 'the block'}&apos;s input schema)
            </span>
          </label>
          {recorded === undefined && !foreach && (
            <p className="muted">
              This step did not run in this run: unless you edit it, its input is resolved from the recorded
              outputs of the steps before it.
            </p>
          )}
          {foreach && (
            <p className="muted">
              A foreach step is tested with all its items, from the recorded outputs of the steps before it:
              its input cannot be edited.
            </p>
          )}
          <textarea
            id={`test-input-${stepId}`}
            rows={Math.min(12, Math.max(3, text.split('\n').length + 1))}
            spellCheck={false}
            readOnly={foreach}
            value={text}
            aria-invalid={edited && !parsed.ok}
            aria-describedby={`test-input-${stepId}-problems`}
            onChange={(e) => setText(e.target.value)}
          />
          <div id={`test-input-${stepId}-problems`}>
            {edited && !parsed.ok && (
              <ul className="field-error" aria-label="Test input problems">
                {parsed.errors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </div>
          <div className="dialog-buttons">
            {edited && (
              <button type="button" onClick={() => setText(null)}>
                Reset input
              </button>
            )}
            <button
              type="button"
              className="primary"
              disabled={off || (edited && !parsed.ok)}
              onClick={() => void test()}
            >
              {busy === 'test' ? 'Running the step…' : edited ? 'Run step with edited input' : 'Run step'}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && <TestResult result={result} />}
    </div>
  );
}

function TestResult({ result }: { result: StepTestResult }) {
  const s = result.step;
  const done = s.status === 'SUCCESS' || s.status === 'FAILED';
  return (
    <section className="step-test-result" aria-label="Step test result">
      <h4>
        Step test{' '}
        <span className={`status-pill status-${s.status.toLowerCase()}`} data-testid="step-test-status">
          {s.status}
        </span>{' '}
        <a href={href({ page: 'run', runId: result.runId })} className="muted">
          run {result.runId.slice(0, 8)}
        </a>
      </h4>
      {!done && <p className="muted">The step has not ended yet: open its run to follow it.</p>}
      {s.error && (
        <div className="run-error" aria-label="Step test error">
          <p>
            <strong>{s.error.code}</strong> {s.error.message}
          </p>
        </div>
      )}
      <div className="step-run-columns">
        <div>
          <h5>Output</h5>
          <JsonTree value={s.output ?? null} />
        </div>
        <div>
          <h5>Input</h5>
          <JsonTree value={s.input ?? null} />
        </div>
      </div>
    </section>
  );
}
