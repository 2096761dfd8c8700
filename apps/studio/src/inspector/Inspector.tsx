/** The inspector: the selected step's inputs (generated from its block's schema) and settings. */
import type { JsonSchema } from '@weft/dsl';
import { useCallback } from 'react';
import { useDoc, useDocShallow, useDocumentStore } from '../document/context';
import { fileIndexOf } from '../document/dsl';
import { duplicateSteps } from '../editor/commands/clipboard';
import { disconnect } from '../editor/commands/connect';
import { removeSteps } from '../editor/commands/remove-step';
import { renameStep } from '../editor/commands/rename';
import { setStepField, type FieldPath } from '../editor/commands/set-field';
import { renameBreakpoint, toggleBreakpoint } from '../debugger/breakpoints';
import { CommitInput } from './CommitInput';
import { rawStep } from './raw-step';
import { SchemaField } from './SchemaField';
import { StepSettings } from './StepSettings';
import { NetworkWarning } from '../permissions/NetworkWarning';
import { WorkflowPanel } from '../workflow-panel/WorkflowPanel';

export function Inspector() {
  const selected = useDocShallow((s) => [...s.selectedSteps]);
  return (
    <aside className="inspector" aria-label="Inspector">
      {selected.length === 1 && selected[0] ? (
        <StepInspector stepId={selected[0]} />
      ) : selected.length > 1 ? (
        <MultiInspector ids={selected} />
      ) : (
        <WorkflowPanel />
      )}
    </aside>
  );
}

function MultiInspector({ ids }: { ids: string[] }) {
  const store = useDocumentStore();
  return (
    <div>
      <h2>{ids.length} steps selected</h2>
      <p className="muted">{ids.join(', ')}</p>
      <button type="button" onClick={() => duplicateSteps(store, ids)}>
        Duplicate
      </button>{' '}
      <button type="button" className="danger" onClick={() => removeSteps(store, ids)}>
        Delete
      </button>
    </div>
  );
}

function StepInspector({ stepId }: { stepId: string }) {
  const store = useDocumentStore();
  // `text` only to re-render on every change: the document is edited in place.
  const { step, doc, catalog, breakpoint, problems, diagnosed } = useDocShallow((s) => ({
    step: s.workflow?.steps.find((st) => st.id === stepId),
    text: s.text,
    doc: s.doc,
    catalog: s.catalog,
    breakpoint: s.breakpoints[stepId] !== undefined,
    problems: s.diagnostics,
    diagnosed: s.diagnosed,
  }));
  const onSet = useCallback(
    (path: FieldPath, value: unknown) => {
      const r = setStepField(store, stepId, path, value);
      if (!r.ok) store.getState().notify(r.error);
    },
    [store, stepId],
  );
  if (!step) return <p>The step “{stepId}” is no longer in the workflow.</p>;
  const block = catalog.resolve(step.uses);
  const raw = rawStep(doc, stepId) ?? { id: step.id, uses: step.uses, with: step.with };
  const withValue = (raw.with && typeof raw.with === 'object' ? raw.with : {}) as Record<string, unknown>;
  const inputSchema = (block?.inputs ?? {}) as JsonSchema;
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(inputSchema.required) ? (inputSchema.required as string[]) : []);
  // Where the step was in the model the problems were found for (an older one while validating).
  const position = diagnosed?.steps.findIndex((st) => st.id === stepId) ?? -1;
  const diagnosedStep = diagnosed?.steps[position];
  const stepIndex = diagnosedStep ? fileIndexOf(diagnosedStep, position) : -1;
  const stepProblems = problems.filter((d) => d.path[0] === 'steps' && d.path[1] === stepIndex);
  return (
    <div>
      <h2>{block?.title ?? step.uses}</h2>
      <p className="muted">
        <code>{step.uses}</code> {block?.description}
      </p>
      {stepProblems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {stepProblems.map((d, i) => (
            <li key={i}>
              {d.code} {d.message} <span className="muted">(line {d.line})</span>
            </li>
          ))}
        </ul>
      )}
      <NetworkWarning stepId={stepId} />
      <div className="field">
        <label htmlFor="step-id">id</label>
        <CommitInput
          id="step-id"
          aria-label="Step id"
          value={step.id}
          onCommit={(to) => {
            const r = renameStep(store, stepId, to.trim());
            if (!r.ok) store.getState().notify(r.error);
            else store.getState().setBreakpoints((b) => renameBreakpoint(b, stepId, to.trim()));
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="step-name">name</label>
        <CommitInput
          id="step-name"
          aria-label="Step name"
          value={typeof raw.name === 'string' ? raw.name : ''}
          onCommit={(v) => onSet(['name'], v === '' ? undefined : v)}
        />
      </div>
      <NeedsList stepId={stepId} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={breakpoint}
          onChange={() => store.getState().setBreakpoints((b) => toggleBreakpoint(b, stepId))}
        />{' '}
        Breakpoint (pause a debug run before this step; yours, not saved in the YAML)
      </label>
      <section className="inspector-section" aria-label="Inputs">
        <h3>Inputs</h3>
        {!block && <p className="field-error">Unknown block “{step.uses}”: its inputs cannot be listed.</p>}
        {Object.entries(properties).map(([key, schema]) => (
          <SchemaField
            key={key}
            name={key}
            schema={schema}
            path={['with', key]}
            value={withValue[key]}
            required={required.has(key)}
            stepId={stepId}
            onSet={onSet}
          />
        ))}
      </section>
      <StepSettings stepId={stepId} raw={raw} onSet={onSet} />
    </div>
  );
}

function NeedsList({ stepId }: { stepId: string }) {
  const store = useDocumentStore();
  const needs = useDoc((s) => s.workflow?.steps.find((st) => st.id === stepId)?.needs);
  if (!needs || needs.length === 0)
    return <p className="muted">Needs nothing: starts when the run starts.</p>;
  return (
    <div className="field">
      <label>needs</label>
      <ul className="needs">
        {needs.map((n) => {
          const text = n.port ? `${n.step}.${n.port}` : n.step;
          return (
            <li key={text}>
              <code>{text}</code>{' '}
              <button
                type="button"
                aria-label={`Remove need ${text}`}
                onClick={() =>
                  disconnect(store, [{ source: n.step, target: stepId, ...(n.port ? { port: n.port } : {}) }])
                }
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
