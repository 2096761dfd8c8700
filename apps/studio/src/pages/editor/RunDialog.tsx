/** Run: a form generated from the workflow's `inputs`; starts a run and watches it. */
import { useMemo, useState } from 'react';
import { networkWarnings } from '../../permissions/network-check';
import { errorText, useApi } from '../../api/hooks';
import { useDoc } from '../../document/context';
import { readInput } from '../../runs/run-inputs';
import { sampleInputTexts } from '../../checklist/checklist';
import { rawField } from '../../workflow-panel/raw-workflow';
import { Dialog } from './Dialog';

export function RunDialog({
  workflowId,
  onClose,
  onStarted,
}: {
  workflowId: string;
  onClose: () => void;
  onStarted: (runId: string) => void;
}) {
  const api = useApi();
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
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(inputs)) {
      const r = readInput(name, spec, values[name] ?? '');
      if (!r.ok) return setError(r.error);
      if (r.value !== undefined) out[name] = r.value;
    }
    try {
      const { runId } = await api.startRun(workflowId, out);
      onStarted(runId);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title="Start a run" onClose={onClose}>
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
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Start run
          </button>
        </div>
      </form>
    </Dialog>
  );
}
