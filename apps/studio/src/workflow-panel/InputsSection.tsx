/** The workflow's inputs: add, remove, type, default and required — what the Run form asks for. */
import type { InputSpec, InputType } from '@weft/dsl';
import { useDoc } from '../document/context';
import { CommitInput } from '../inspector/CommitInput';
import { AddRow } from './AddRow';
import { asText } from './raw-workflow';
import { parseTyped } from './parse-value';
import { useWorkflowEdit } from './useWorkflowEdit';

const TYPES: readonly InputType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function InputsSection() {
  const inputs = useDoc((s) => s.workflow?.inputs);
  const edit = useWorkflowEdit();
  const entries = Object.entries(inputs ?? {});
  return (
    <section className="wf-section" aria-label="Inputs">
      <h3>Inputs</h3>
      {entries.length === 0 && <p className="muted">No inputs: a run starts without asking anything.</p>}
      {entries.map(([name, spec]) => (
        <InputRow key={name} name={name} spec={spec} />
      ))}
      <AddRow
        label="Add input"
        placeholder="name, e.g. email"
        onAdd={(name) => {
          if (!NAME.test(name)) return `“${name}” is not a valid input name (letters, digits and _).`;
          if (inputs && name in inputs) return `There is already an input “${name}”.`;
          return edit.set(['inputs', name], { type: 'string' }) ? null : 'Could not add the input.';
        }}
      />
    </section>
  );
}

function InputRow({ name, spec }: { name: string; spec: InputSpec }) {
  const edit = useWorkflowEdit();
  return (
    <fieldset className="wf-row" aria-label={`Input ${name}`}>
      <legend>
        <code>{name}</code>
      </legend>
      <label>
        type
        <select
          aria-label={`Type of ${name}`}
          value={spec.type}
          onChange={(e) => edit.set(['inputs', name, 'type'], e.target.value)}
        >
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        default
        <CommitInput
          aria-label={`Default of ${name}`}
          value={asText(spec.default)}
          placeholder="(none)"
          onCommit={(text) => {
            if (text === '') return void edit.set(['inputs', name, 'default'], undefined);
            const v = parseTyped(text, spec.type);
            if (v.ok) edit.set(['inputs', name, 'default'], v.value);
            else edit.refuse(`Default of ${name} not changed: ${v.error}.`);
          }}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          aria-label={`${name} is required`}
          checked={spec.required}
          onChange={(e) => edit.set(['inputs', name, 'required'], e.target.checked ? true : undefined)}
        />{' '}
        required
      </label>
      <button
        type="button"
        className="danger"
        aria-label={`Remove input ${name}`}
        onClick={() => edit.set(['inputs', name], undefined)}
      >
        Remove
      </button>
    </fieldset>
  );
}
