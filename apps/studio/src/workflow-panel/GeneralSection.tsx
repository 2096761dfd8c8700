/** Name, description and concurrency of the workflow. */
import { useDoc } from '../document/context';
import { CommitInput } from '../inspector/CommitInput';
import { useWorkflowEdit } from './useWorkflowEdit';

export function GeneralSection() {
  const wf = useDoc((s) => s.workflow);
  const edit = useWorkflowEdit();
  if (!wf) return null;
  return (
    <section className="wf-section" aria-label="General">
      <div className="field">
        <label htmlFor="wf-id">id</label>
        <code id="wf-id">{wf.id}</code>
      </div>
      <div className="field">
        <label htmlFor="wf-name">name</label>
        <CommitInput
          id="wf-name"
          aria-label="Workflow name"
          value={wf.name ?? ''}
          onCommit={(v) => edit.set(['name'], v.trim() === '' ? undefined : v)}
        />
      </div>
      <div className="field">
        <label htmlFor="wf-description">description</label>
        <CommitInput
          id="wf-description"
          aria-label="Workflow description"
          value={wf.description ?? ''}
          onCommit={(v) => edit.set(['description'], v.trim() === '' ? undefined : v)}
        />
      </div>
      <div className="field">
        <label
          htmlFor="wf-concurrency"
          title="Runs of this workflow running or waiting at once; later runs wait QUEUED."
        >
          concurrency
        </label>
        <CommitInput
          id="wf-concurrency"
          aria-label="Concurrency"
          inputMode="numeric"
          placeholder="unlimited"
          value={wf.concurrency === undefined ? '' : String(wf.concurrency)}
          onCommit={(v) => {
            const t = v.trim();
            if (t === '') return void edit.set(['concurrency'], undefined);
            const n = Number(t);
            if (!Number.isInteger(n) || n < 1)
              return edit.refuse(`Concurrency is a whole number ≥ 1, not “${v}”.`);
            edit.set(['concurrency'], n);
          }}
        />
      </div>
    </section>
  );
}
