/** Run: a form generated from the workflow's `inputs`; starts a run and watches it. */
import { useState } from 'react';
import type { InputSpec } from '@weft/dsl';
import { errorText, useApi } from '../../api/hooks';
import { useDoc } from '../../document/context';
import { Dialog } from './Dialog';

/** Turns the form's text into the input's type; returns an error naming the input when it does not fit. */
export function readInput(name: string, spec: InputSpec, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text === '') return spec.required && spec.default === undefined ? { ok: false, error: `${name} is required` } : { ok: true, value: undefined };
  switch (spec.type) {
    case 'string':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return { ok: false, error: `${name} must be ${spec.type === 'integer' ? 'an integer' : 'a number'}` };
      return { ok: true, value: n };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, error: `${name} must be true or false` };
    case 'object':
    case 'array':
      try {
        const v: unknown = JSON.parse(text);
        if (spec.type === 'array' ? !Array.isArray(v) : typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: `${name} must be a JSON ${spec.type}` };
        return { ok: true, value: v };
      } catch {
        return { ok: false, error: `${name} must be JSON` };
      }
  }
}

export function RunDialog({ workflowId, onClose, onStarted }: { workflowId: string; onClose: () => void; onStarted: (runId: string) => void }) {
  const api = useApi();
  const inputs = useDoc((s) => s.workflow?.inputs ?? {});
  const [values, setValues] = useState<Record<string, string>>({});
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
              <select aria-label={name} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })}>
                <option value="">{spec.default !== undefined ? `(default: ${String(spec.default)})` : '(choose)'}</option>
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
