/**
 * Steps' values exactly as written (durations as typed, `${{ }}` kept), for the inspector's fields
 * and the clipboard. Read from the DSL document's own tree (never changed, never printed), so no
 * second parse of a large file.
 */
import type { WorkflowDocument } from '@weft/dsl';
import { isMap, isSeq } from 'yaml';

export type RawStep = Record<string, unknown> & { id: string };

/** The written values of the steps whose ids are in `ids`, in file order; [] when the text has no usable document. */
export function rawSteps(doc: WorkflowDocument | null, ids: ReadonlySet<string>): RawStep[] {
  const steps = doc?.yaml.get('steps', true);
  if (!doc || !isSeq(steps)) return [];
  const out: RawStep[] = [];
  for (const item of steps.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id !== 'string' || !ids.has(id)) continue;
    try {
      const value: unknown = item.toJS(doc.yaml, { maxAliasCount: 100 });
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push(value as RawStep);
    } catch {
      // An alias that cannot be resolved: leave the step out, the model's values stand in for it.
    }
  }
  return out;
}

export function rawStep(doc: WorkflowDocument | null, id: string): RawStep | undefined {
  return rawSteps(doc, new Set([id]))[0];
}
