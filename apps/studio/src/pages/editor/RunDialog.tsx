/**
 * Run and Debug: one form generated from the workflow's `inputs`; starts a run. A debug run also
 * sends the person's enabled breakpoints, or step mode (pause before every step).
 */
import { useMemo, useState } from 'react';
import { debugRequest, type DebugRequest } from '../../debugger/breakpoints';
import { networkWarnings } from '../../permissions/network-check';
import { useStartRun } from '../../api/calls';
import { errorText } from '../../api/hooks';
import { useDoc } from '../../document/context';
import { readRunForm } from '../../runs/run-inputs';
import { sampleInputTexts } from '../../checklist/checklist';
import { rawField } from '../../workflow-panel/raw-workflow';
import { Dialog, DialogFooter } from './Dialog';

export function RunDialog({
  workflowId,
  debug = false,
  onClose,
  onStarted,
}: {
  workflowId: string;
  /** Start a debug run: with the breakpoints, or in step mode. */
  debug?: boolean;
  onClose: () => void;
  onStarted: (runId: string, debug: DebugRequest | undefined) => void;
}) {
  const startRun = useStartRun();
  const inputs = useDoc((s) => s.workflow?.inputs ?? {});
  const workflow = useDoc((s) => s.workflow);
  const catalog = useDoc((s) => s.catalog);
  const warnings = useMemo(() => (workflow ? networkWarnings(workflow, catalog) : []), [workflow, catalog]);
  const doc = useDoc((s) => s.doc);
  // A workflow made from a template starts with the card's sample values for inputs without a default.
  const [values, setValues] = useState<Record<string, string>>(() =>
    sampleInputTexts(
      rawField(doc, 'x-gallery'),
      Object.keys(inputs).filter((n) => inputs[n]?.default === undefined),
    ),
  );
  const [errors, setErrors] = useState<string[]>([]);
  const breakpoints = useDoc((s) => s.breakpoints);
  const stepIds = useMemo(() => workflow?.steps.map((x) => x.id) ?? [], [workflow]);
  const enabled = debugRequest(breakpoints, stepIds, false).breakpoints.length;
  const [stepMode, setStepMode] = useState(enabled === 0);
  const start = async () => {
    const read = readRunForm(inputs, values);
    if (!read.ok) return setErrors(read.error);
    const request = debug ? debugRequest(breakpoints, stepIds, stepMode) : undefined;
    try {
      const { runId } = await startRun(workflowId, read.value, request);
      onStarted(runId, request);
    } catch (e) {
      setErrors([errorText(e)]);
    }
  };
  return (
    <Dialog title={debug ? 'Start a debug run' : 'Start a run'} onClose={onClose}>
      {warnings.length > 0 && (
        <ul className="network-warning" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w.stepId}>{w.message}</li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        {Object.keys(inputs).length === 0 && <p className="muted">This workflow takes no inputs.</p>}
        {Object.entries(inputs).map(([name, spec]) => (
          <label key={name}>
            {name}
            {spec.required ? ' *' : ''} <span className="muted">({spec.type})</span>
            {spec.enum ? (
              <select
                aria-label={name}
                value={values[name] ?? ''}
                onChange={(e) => setValues({ ...values, [name]: e.target.value })}
              >
                <option value="">
                  {spec.default !== undefined ? `(default: ${String(spec.default)})` : '(choose)'}
                </option>
                {spec.enum.map((v) => (
                  <option key={String(v)} value={String(v)}>
                    {String(v)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={name}
                value={values[name] ?? ''}
                placeholder={spec.default !== undefined ? JSON.stringify(spec.default) : spec.description}
                onChange={(e) => setValues({ ...values, [name]: e.target.value })}
              />
            )}
          </label>
        ))}
        {debug && (
          <fieldset className="debug-mode">
            <legend>Pause</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="debug-mode"
                checked={!stepMode}
                disabled={enabled === 0}
                onChange={() => setStepMode(false)}
              />{' '}
              At my breakpoints ({enabled} enabled)
            </label>
            <label className="checkbox">
              <input type="radio" name="debug-mode" checked={stepMode} onChange={() => setStepMode(true)} />{' '}
              Before every step (step mode)
            </label>
          </fieldset>
        )}
        <DialogFooter error={errors} onCancel={onClose}>
          <button type="submit" className="primary">
            {debug ? 'Start debugging' : 'Start run'}
          </button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
