/**
 * A run's inputs, checked when it starts. The rule and its messages live in ONE place,
 * `resolveRunInputs` (@weft/dsl), which the CLI and the studio use too; this adds only the engine's
 * shape check of what an API caller sent.
 */
import { resolveRunInputs, type InputSpec } from '@weft/dsl';

export type InputCheck = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** Check run inputs against a workflow's `inputs` (dsl-v1 §3) and apply defaults; every problem named. */
export function checkInputs(specs: Record<string, InputSpec>, given: unknown): InputCheck {
  if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    return { ok: false, error: 'run inputs must be an object of name → value' };
  }
  const r = resolveRunInputs(specs, (given ?? {}) as Record<string, unknown>);
  return r.ok ? r : { ok: false, error: r.error.map((p) => p.message).join('; ') };
}
