import { resolveRunInputs, type InputSpec } from '@weft/dsl';
import { usageError } from './exit-codes';
import { readTextFile } from './io';

/**
 * A run's inputs from `--input-file f.json` and `--input k=v` flags (flags win), checked against
 * the workflow's `inputs`. Text values of `--input` are read as the declared type (numbers,
 * booleans, JSON for objects and arrays). Any problem is a usage error naming the input.
 */
export function runInputsFromFlags(
  specs: Readonly<Record<string, InputSpec>>,
  pairs: readonly string[],
  inputFile: string | undefined,
): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  if (inputFile !== undefined) {
    const read = readTextFile(inputFile);
    if (!read.ok) throw usageError(`weft run: --input-file: ${read.message}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.text);
    } catch (e) {
      throw usageError(`weft run: --input-file ${inputFile} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw usageError(
        `weft run: --input-file ${inputFile} must hold a JSON object of inputs, like {"repo": "owner/name"}`,
      );
    }
    Object.assign(given, parsed);
  }
  const fromFlags = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`weft run: --input "${pair}" must look like name=value`);
    const name = pair.slice(0, eq);
    given[name] = pair.slice(eq + 1);
    fromFlags.add(name);
  }
  // Only flag values are text to be read as their type; values from the JSON file keep theirs.
  const flagSpecs = Object.fromEntries(
    [...fromFlags]
      .filter((n) => Object.hasOwn(specs, n))
      .map((n) => [n, { ...(specs[n] as InputSpec), required: false }]),
  );
  const coerced = resolveRunInputs(
    flagSpecs,
    Object.fromEntries(Object.keys(flagSpecs).map((n) => [n, given[n]])),
    { coerce: true },
  );
  const merged = { ...given, ...(coerced.ok ? coerced.value : {}) };
  const checked = resolveRunInputs(specs, merged);
  if (!checked.ok) {
    const lines = checked.error.map((p) => `  ${p.message}`);
    throw usageError(`weft run: bad input, no run was created:\n${lines.join('\n')}`);
  }
  return checked.value;
}
