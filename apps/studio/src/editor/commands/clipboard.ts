/** Copy, paste and duplicate: steps travel as their YAML values, with fresh ids on paste. */
import type { DocumentStore } from '../../document/store';
import { runEdit, fail, type CommandResult } from './edit';
import { freshStepId } from './ids';
import { drawnPositions, layoutWrites, writeLayout } from './move';
import { rawSteps } from '../../inspector/raw-step';

export function copySteps(store: DocumentStore, ids: Iterable<string>): number {
  const s = store.getState();
  const raw = rawSteps(s.doc, new Set(ids));
  const drawn = drawnPositions(s);
  s.setClipboard(raw.map((r) => ({ ...r, 'x-position': drawn.get(r.id) ?? [0, 0] })));
  return raw.length;
}

/** Pastes the clipboard with fresh ids, offset from where the copies were; needs inside the copy follow, others are dropped. */
export function pasteSteps(
  store: DocumentStore,
  offset: readonly [number, number] = [40, 40],
): CommandResult & { ids?: string[] } {
  const s = store.getState();
  if (!s.workflow) return fail('the workflow does not parse');
  if (s.clipboard.length === 0) return fail('nothing to paste');
  const taken = new Set(s.workflow.steps.map((st) => st.id));
  const renames = new Map<string, string>();
  for (const raw of s.clipboard) {
    const id = freshStepId(String(raw.id), taken);
    taken.add(id);
    renames.set(String(raw.id), id);
  }
  const writes = layoutWrites(s, new Map());
  const result = runEdit(store, (doc) => {
    for (const raw of s.clipboard) {
      const { ['x-position']: pos, ...rest } = raw;
      const id = renames.get(String(raw.id)) as string;
      const step: Record<string, unknown> = { ...rest, id };
      if (Array.isArray(rest.needs)) {
        step.needs = rest.needs
          .map((n) => {
            const [stepId, port] = String(n).split('.');
            // Only needs inside the copy follow it: a need outside the selection is dropped, so the
            // copy never depends on a step it was not copied with.
            const mapped = renames.get(stepId ?? '');
            return mapped === undefined ? undefined : port ? `${mapped}.${port}` : mapped;
          })
          .filter((n): n is string => n !== undefined);
        if ((step.needs as string[]).length === 0) delete step.needs;
      }
      const r = doc.addStep(step as { id: string; uses: string });
      if (!r.ok) return r;
      const p: readonly [number, number] =
        Array.isArray(pos) && pos.length === 2 ? [Number(pos[0]), Number(pos[1])] : [0, 0];
      writes.set(id, [Math.round(p[0] + offset[0]), Math.round(p[1] + offset[1])]);
    }
    return writeLayout(doc, s.workflow?.layout ?? {}, writes);
  });
  if (!result.ok) return result;
  const ids = [...renames.values()];
  store.getState().select(ids);
  return { ok: true, ids };
}

export function duplicateSteps(
  store: DocumentStore,
  ids: Iterable<string>,
): CommandResult & { ids?: string[] } {
  const before = store.getState().clipboard;
  if (copySteps(store, ids) === 0) return fail('select steps to duplicate');
  const result = pasteSteps(store);
  store.getState().setClipboard(before);
  return result;
}
