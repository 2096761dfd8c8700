/**
 * Moving steps writes `layout`. A file without `layout` is drawn with the automatic layout; the
 * first move writes every step's current position so that nothing jumps afterwards.
 */
import type { EditResult, WorkflowDocument } from '@weft/dsl';
import type { DocumentState, DocumentStore } from '../../document/store';
import { runEdit, type CommandResult } from './edit';

export type Position = readonly [number, number];

/**
 * The position each step is drawn at: its `layout` entry; in a file without `layout`, the automatic
 * layout; a step missing from an existing layout (just typed in the YAML) goes right of the first
 * step it needs, or below the others.
 */
export function drawnPositions(state: Pick<DocumentState, 'workflow' | 'autoLayout'>): Map<string, Position> {
  const out = new Map<string, Position>();
  const wf = state.workflow;
  if (!wf) return out;
  const hasLayout = Object.keys(wf.layout).length > 0;
  let bottom = 0;
  for (const p of Object.values(wf.layout)) bottom = Math.max(bottom, p[1]);
  let extra = 0;
  wf.steps.forEach((step, i) => {
    const own = wf.layout[step.id] ?? (hasLayout ? undefined : state.autoLayout.get(step.id));
    if (own) return out.set(step.id, own);
    if (!hasLayout) return out.set(step.id, [i * 40, i * 40] as const);
    const need = step.needs.map((n) => out.get(n.step) ?? wf.layout[n.step]).find((p) => p !== undefined);
    out.set(step.id, need ? [need[0] + 260, need[1] + 30] : [0, bottom + 120 * ++extra]);
  });
  return out;
}

const round = (p: Position): [number, number] => [Math.round(p[0]), Math.round(p[1])];

/** The layout writes a move needs: the moved steps, plus every other step when `layout` is missing. */
export function layoutWrites(
  state: Pick<DocumentState, 'workflow' | 'autoLayout'>,
  moved: ReadonlyMap<string, Position>,
): Map<string, [number, number]> {
  const writes = new Map<string, [number, number]>();
  const wf = state.workflow;
  if (!wf) return writes;
  const drawn = drawnPositions(state);
  for (const step of wf.steps) {
    const target = moved.get(step.id);
    if (target) {
      const current = wf.layout[step.id];
      const next = round(target);
      if (!current || current[0] !== next[0] || current[1] !== next[1]) writes.set(step.id, next);
    } else if (!wf.layout[step.id]) {
      const p = drawn.get(step.id);
      if (p) writes.set(step.id, round(p));
    }
  }
  return writes;
}

/**
 * Writes positions into `layout`. Many positions at once (the first move in a file without layout,
 * auto-layout) are written as one `layout` block; a few are written one entry each, so the other
 * lines of an existing layout stay as they are.
 */
export function writeLayout(
  doc: WorkflowDocument,
  current: Readonly<Record<string, Position>>,
  writes: ReadonlyMap<string, [number, number]>,
): EditResult {
  if (writes.size > 8) {
    const next: Record<string, [number, number]> = {};
    for (const [id, p] of Object.entries(current)) next[id] = [p[0], p[1]];
    for (const [id, p] of writes) next[id] = p;
    return doc.setWorkflowField(['layout'], next);
  }
  for (const [id, pos] of writes) {
    const r = doc.setLayout(id, pos);
    if (!r.ok) return r;
  }
  return { ok: true, value: undefined };
}

export function moveSteps(store: DocumentStore, moved: ReadonlyMap<string, Position>): CommandResult {
  const state = store.getState();
  const writes = layoutWrites(state, moved);
  if (writes.size === 0) return { ok: true };
  const current = state.workflow?.layout ?? {};
  return runEdit(store, (doc) => writeLayout(doc, current, writes));
}
