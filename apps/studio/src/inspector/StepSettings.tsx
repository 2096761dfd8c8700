/** The step settings every block shares: if, foreach, concurrency, join, onError, timeout, retry, repeat. */
import type { JsonSchema } from '@weft/dsl';
import type { FieldPath } from '../editor/commands/set-field';
import { SchemaField } from './SchemaField';

const duration: JsonSchema = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  description: 'e.g. 30s, 5m, 1h30m, or milliseconds',
};

/** The settings as a JSON Schema, so they use the same generated form as block inputs. */
export const STEP_SETTINGS_SCHEMA: Record<string, JsonSchema> = {
  if: {
    type: 'string',
    description: 'Run only when this expression is true (${{ }} optional); otherwise SKIPPED.',
  },
  foreach: { type: 'string', description: 'Run once per item of this array expression.' },
  concurrency: { type: 'integer', description: 'With foreach: items in flight at once.', default: 1 },
  join: {
    enum: ['all', 'any', 'always'],
    default: 'all',
    description: 'When to run, given the steps it needs.',
  },
  onError: {
    enum: ['fail', 'continue'],
    default: 'fail',
    description: 'continue: the step fails without failing the run.',
  },
  timeout: { ...duration, description: 'Per attempt; exceeded ⇒ TIMEOUT (retried).' },
  retry: {
    type: 'object',
    description: 'attempts counts the first try.',
    properties: {
      attempts: { type: 'integer', description: 'Tries in all, the first included.' },
      backoff: { enum: ['fixed', 'linear', 'exponential'], default: 'exponential' },
      delay: duration,
      maxDelay: duration,
      jitter: { type: 'boolean', default: false },
    },
  },
  repeat: {
    type: 'object',
    description: 'Run again until `until` is true, at most `max` times.',
    properties: { until: { type: 'string' }, max: { type: 'integer' }, delay: duration },
  },
};

export function StepSettings({
  stepId,
  raw,
  onSet,
}: {
  stepId: string;
  raw: Record<string, unknown>;
  onSet: (path: FieldPath, value: unknown) => void;
}) {
  return (
    <section className="inspector-section" aria-label="Step settings">
      <h3>Settings</h3>
      {Object.entries(STEP_SETTINGS_SCHEMA).map(([key, schema]) => (
        <SchemaField
          key={key}
          name={key}
          schema={schema}
          path={[key]}
          value={raw[key]}
          required={false}
          stepId={stepId}
          onSet={onSet}
        />
      ))}
    </section>
  );
}
