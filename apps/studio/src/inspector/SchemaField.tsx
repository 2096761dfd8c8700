/** One field of the form generated from a block's input JSON Schema (recursive for objects and arrays). */
import { useEffect, useState } from 'react';
import type { JsonSchema } from '@weft/dsl';
import type { FieldPath } from '../editor/commands/set-field';
import { CommitInput } from './CommitInput';
import { ExpressionInput } from './ExpressionInput';
import { coerceText, describeDefault, displayValue, fieldKind } from './schema';

/** Fields whose whole text is an expression (`${{ }}` optional): complete from the first letter. */
const ALWAYS_EXPRESSION = new Set(['condition', 'expression', 'if', 'foreach', 'until']);

export interface SchemaFieldProps {
  name: string;
  schema: JsonSchema;
  path: FieldPath;
  value: unknown;
  required: boolean;
  stepId: string;
  onSet: (path: FieldPath, value: unknown) => void;
}

export function SchemaField(props: SchemaFieldProps) {
  const { name, schema, path, value, required, stepId, onSet } = props;
  const kind = fieldKind(schema, value);
  const label = `${name}${required ? ' *' : ''}`;
  const hint = [
    typeof schema.description === 'string' ? schema.description : '',
    describeDefault(schema) ?? '',
  ]
    .filter(Boolean)
    .join(' — ');
  const placeholder = 'default' in schema ? displayValue(schema.default) : '';
  const isExpression = typeof value === 'string' && value.includes('${{');
  let control;
  switch (isExpression && kind !== 'text' ? 'text' : kind) {
    case 'enum': {
      // Each choice once: `GET` and `get` are the same method to a person.
      const seen = new Set<string>();
      const options = (schema.enum as unknown[]).map(displayValue).filter((o) => {
        const k = o.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const current = displayValue(value);
      if (current !== '' && !options.includes(current)) options.push(current);
      control = (
        <select
          aria-label={name}
          value={displayValue(value)}
          onChange={(e) =>
            onSet(path, e.target.value === '' ? undefined : coerceText(e.target.value, schema))
          }
        >
          <option value="">{placeholder ? `(default: ${placeholder})` : '(not set)'}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'boolean':
      control = (
        <select
          aria-label={name}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onSet(path, e.target.value === '' ? undefined : e.target.value === 'true')}
        >
          <option value="">{placeholder ? `(default: ${placeholder})` : '(not set)'}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
      break;
    case 'number':
      control = (
        <CommitInput
          aria-label={name}
          inputMode="decimal"
          value={displayValue(value)}
          placeholder={placeholder}
          onCommit={(t) => onSet(path, coerceText(t, schema))}
        />
      );
      break;
    case 'object':
      return <ObjectFields {...props} />;
    case 'array':
      return <ArrayField {...props} />;
    case 'json':
      control = <JsonField name={name} value={value} onCommit={(v) => onSet(path, v)} />;
      break;
    case 'text':
    default:
      control = (
        <ExpressionInput
          label={name}
          stepId={stepId}
          value={displayValue(value)}
          placeholder={placeholder}
          multiline={name === 'source' || name === 'expression'}
          alwaysExpression={ALWAYS_EXPRESSION.has(name)}
          onCommit={(t) => onSet(path, coerceText(t, schema))}
        />
      );
  }
  return (
    <div className="field">
      <label title={hint}>{label}</label>
      {control}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

function ObjectFields({ name, schema, path, value, required, stepId, onSet }: SchemaFieldProps) {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const req = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const obj =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return (
    <fieldset className="field-object">
      <legend>{`${name}${required ? ' *' : ''}`}</legend>
      {Object.entries(props).map(([key, sub]) => (
        <SchemaField
          key={key}
          name={key}
          schema={sub}
          path={[...path, key]}
          value={obj[key]}
          required={req.has(key)}
          stepId={stepId}
          onSet={onSet}
        />
      ))}
    </fieldset>
  );
}

function ArrayField({ name, schema, path, value, required, stepId, onSet }: SchemaFieldProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = (schema.items ?? {}) as JsonSchema;
  if (typeof value === 'string') {
    return (
      <SchemaField
        name={name}
        schema={{ type: 'string' }}
        path={path}
        value={value}
        required={required}
        stepId={stepId}
        onSet={onSet}
      />
    );
  }
  return (
    <fieldset className="field-array">
      <legend>{`${name}${required ? ' *' : ''}`}</legend>
      {items.map((item, i) => (
        <div className="array-item" key={i}>
          <SchemaField
            name={`${name}[${i}]`}
            schema={itemSchema}
            path={[...path, i]}
            value={item}
            required={false}
            stepId={stepId}
            onSet={onSet}
          />
          <button
            type="button"
            aria-label={`Remove ${name}[${i}]`}
            onClick={() =>
              onSet(
                path,
                items.filter((_, j) => j !== i),
              )
            }
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onSet(path, [...items, fieldKind(itemSchema, undefined) === 'object' ? {} : ''])}
      >
        Add to {name}
      </button>
    </fieldset>
  );
}

function JsonField({
  name,
  value,
  onCommit,
}: {
  name: string;
  value: unknown;
  onCommit: (v: unknown) => void;
}) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [draft, setDraft] = useState(text);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(text), [text]);
  return (
    <>
      <textarea
        aria-label={name}
        rows={Math.min(8, Math.max(2, draft.split('\n').length))}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft === text) return;
          if (draft.trim() === '') return onCommit(undefined);
          try {
            onCommit(JSON.parse(draft));
            setError(null);
          } catch (e) {
            setError(`not valid JSON: ${(e as Error).message}`);
          }
        }}
      />
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
