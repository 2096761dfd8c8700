/** Reading the run form: the fields' text into a run's inputs, by the one rule of @weft/dsl. */
import { resolveRunInputs, type InputSpec, type Result } from '@weft/dsl';

/**
 * The run form's texts as a run's inputs: each text read as its input's declared type and checked by
 * `resolveRunInputs` (@weft/dsl), the rule the CLI and the engine use, so a problem reads the same
 * everywhere (one message per problem). An empty field is not given: its default applies, or it is
 * reported as required.
 *
 * @example readRunForm({ limit: { type: 'integer', required: false } }, { limit: '3' }) // ok({ limit: 3 })
 */
export function readRunForm(
  specs: Readonly<Record<string, InputSpec>>,
  texts: Readonly<Record<string, string>>,
): Result<Record<string, unknown>, string[]> {
  const given = Object.fromEntries(
    Object.entries(texts).filter(([name, text]) => text !== '' && Object.hasOwn(specs, name)),
  );
  const r = resolveRunInputs(specs, given, { coerce: true });
  return r.ok ? r : { ok: false, error: r.error.map((p) => p.message) };
}
