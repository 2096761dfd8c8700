/** Adds a step for a block, e.g. dropped from the palette at a canvas position. */
import type { DocumentStore } from '../../document/store';
import { runEdit, fail, type CommandResult } from './edit';
import { freshStepId, isValidStepId } from './ids';
import { layoutWrites, writeLayout, type Position } from './move';

export interface AddStepArgs {
  uses: string;
  /** Defaults to a fresh id from the block name (`http_1`). */
  id?: string;
  position?: Position;
  /** Step ids (or `id.port`) the new step needs. */
  needs?: readonly string[];
  with?: Record<string, unknown>;
}

export type AddStepResult = CommandResult & { id?: string };

export function addStep(store: DocumentStore, args: AddStepArgs): AddStepResult {
  const state = store.getState();
  const taken = new Set(state.workflow?.steps.map((s) => s.id) ?? []);
  const id = args.id ?? freshStepId(args.uses, taken);
  if (!isValidStepId(id))
    return fail(`"${id}" is not a valid step id: use letters, digits and _, starting with a letter or _`);
  if (taken.has(id)) return fail(`a step "${id}" already exists`);
  const writes = args.position ? layoutWrites(state, new Map()) : new Map<string, [number, number]>();
  if (args.position) writes.set(id, [Math.round(args.position[0]), Math.round(args.position[1])]);
  const result = runEdit(store, (doc) => {
    const step: { id: string; uses: string; needs?: string[]; with?: Record<string, unknown> } = {
      id,
      uses: args.uses,
    };
    if (args.needs && args.needs.length > 0) step.needs = [...args.needs];
    if (args.with && Object.keys(args.with).length > 0) step.with = args.with;
    const r = doc.addStep(step);
    if (!r.ok) return r;
    if (writes.size > 0) return writeLayout(doc, state.workflow?.layout ?? {}, writes);
  });
  return result.ok ? { ok: true, id } : result;
}
