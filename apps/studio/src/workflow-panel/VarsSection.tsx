/** The workflow's variables (`vars.<name>` in expressions). */
import { useDoc } from '../document/context';
import { CommitInput } from '../inspector/CommitInput';
import { AddRow } from './AddRow';
import { asText } from './raw-workflow';
import { useWorkflowEdit } from './useWorkflowEdit';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function VarsSection() {
  const vars = useDoc((s) => s.workflow?.vars);
  const edit = useWorkflowEdit();
  const entries = Object.entries(vars ?? {});
  return (
    <section className="wf-section" aria-label="Variables">
      <h3>Variables</h3>
      {entries.length === 0 && <p className="muted">No variables.</p>}
      {entries.map(([name, value]) => (
        <div className="wf-kv" key={name}>
          <code>{name}</code>
          <CommitInput
            aria-label={`Variable ${name}`}
            value={asText(value)}
            onCommit={(v) => edit.set(['vars', name], v)}
          />
          <button
            type="button"
            className="danger"
            aria-label={`Remove variable ${name}`}
            onClick={() => edit.set(['vars', name], undefined)}
          >
            ✕
          </button>
        </div>
      ))}
      <AddRow
        label="Add variable"
        placeholder="name, e.g. apiBase"
        onAdd={(name) => {
          if (!NAME.test(name)) return `“${name}” is not a valid variable name (letters, digits and _).`;
          if (vars && name in vars) return `There is already a variable “${name}”.`;
          return edit.set(['vars', name], '') ? null : 'Could not add the variable.';
        }}
      />
    </section>
  );
}
