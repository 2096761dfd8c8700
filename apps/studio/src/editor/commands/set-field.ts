/**
 * Sets or removes one field of a step (`with.url`, `retry.attempts`, `if`, …). `undefined` removes
 * the field. Used by the inspector.
 */
import type { DocumentStore } from '../../document/store';
import { runEdit, type CommandResult } from './edit';

export type FieldPath = readonly (string | number)[];

export function setStepField(
  store: DocumentStore,
  stepId: string,
  path: FieldPath,
  value: unknown,
): CommandResult {
  return runEdit(store, (doc) =>
    value === undefined ? doc.unsetStepField(stepId, path) : doc.setStepField(stepId, path, value),
  );
}
