/** The workflow's outputs: a name and an expression each (what `weft run --json` and the run page show). */
import { useDoc } from '../document/context';
import { ExpressionInput } from '../inspector/ExpressionInput';
import { AddRow } from './AddRow';
import { asText } from './raw-workflow';
import { useWorkflowEdit } from './useWorkflowEdit';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function OutputsSection() {
  const outputs = useDoc((s) => s.workflow?.outputs);
  const edit = useWorkflowEdit();
  const entries = Object.entries(outputs ?? {});
  return (
    <section className="wf-section" aria-label="Outputs">
      <h3>Outputs</h3>
      {entries.length === 0 && <p className="muted">No outputs.</p>}
      {entries.map(([name, value]) => (
        <div className="wf-kv" key={name}>
          <code>{name}</code>
          <ExpressionInput
            label={`Output ${name}`}
            stepId={null}
            value={asText(value)}
            placeholder="${{ steps.<id>.output }}"
            onCommit={(v) => edit.set(['outputs', name], v)}
          />
          <button
            type="button"
            className="danger"
            aria-label={`Remove output ${name}`}
            onClick={() => edit.set(['outputs', name], undefined)}
          >
            ✕
          </button>
        </div>
      ))}
      <AddRow
        label="Add output"
        placeholder="name, e.g. result"
        onAdd={(name) => {
          if (!NAME.test(name)) return `“${name}” is not a valid output name (letters, digits and _).`;
          if (outputs && name in outputs) return `There is already an output “${name}”.`;
          return edit.set(['outputs', name], '') ? null : 'Could not add the output.';
        }}
      />
    </section>
  );
}
