import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import { deref, type Path } from './shape';

export interface NeedEntry {
  text: string;
  step: string;
  port?: string;
  node: unknown;
  path: Path;
}

/** What validation needs to know about one step, read defensively from the yaml tree. */
export interface StepEntry {
  index: number;
  node: YAMLMap;
  id?: string;
  idNode?: unknown;
  uses?: string;
  usesNode?: unknown;
  with?: Record<string, unknown>;
  withNode?: unknown;
  needs: NeedEntry[];
}

export function splitNeed(text: string): { step: string; port?: string } {
  const dot = text.indexOf('.');
  return dot < 0 ? { step: text } : { step: text.slice(0, dot), port: text.slice(dot + 1) };
}

function stringAt(map: YAMLMap, key: string, doc: Document.Parsed): { value?: string; node?: unknown } {
  const node = deref(map.get(key, true), { doc });
  if (isScalar(node) && typeof node.value === 'string') return { value: node.value, node };
  return { node };
}

export function indexSteps(doc: Document.Parsed): StepEntry[] {
  const steps = deref(doc.getIn(['steps'], true), { doc });
  if (!isSeq(steps)) return [];
  const out: StepEntry[] = [];
  steps.items.forEach((item, index) => {
    const node = deref(item, { doc });
    if (!isMap(node)) return;
    const id = stringAt(node, 'id', doc);
    const uses = stringAt(node, 'uses', doc);
    const withNode = deref(node.get('with', true), { doc });
    const entry: StepEntry = { index, node, idNode: id.node, usesNode: uses.node, withNode, needs: [] };
    if (id.value !== undefined) entry.id = id.value;
    if (uses.value !== undefined) entry.uses = uses.value;
    if (isMap(withNode)) entry.with = withNode.toJSON() as Record<string, unknown>;
    const needsNode = deref(node.get('needs', true), { doc });
    const base: Path = ['steps', index, 'needs'];
    const add = (n: unknown, path: Path): void => {
      const s = deref(n, { doc });
      if (isScalar(s) && typeof s.value === 'string' && s.value !== '')
        entry.needs.push({ text: s.value, ...splitNeed(s.value), node: s, path });
    };
    if (isSeq(needsNode)) needsNode.items.forEach((n, i) => add(n, [...base, i]));
    else add(needsNode, base);
    out.push(entry);
  });
  return out;
}

/** Label paths with step ids: `step 'fetch': retry.delay`. */
export function makeLabel(steps: readonly StepEntry[]): (path: Path) => string {
  const ids = new Map(steps.map((s) => [s.index, s.id]));
  return (path) => {
    if (path.length === 0) return 'the workflow';
    const fmt = (p: Path): string =>
      p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const id = ids.get(path[1]);
      const head = id ? `step '${id}'` : `steps[${path[1]}]`;
      const rest = path.slice(2);
      return rest.length ? `${head}: ${fmt(rest)}` : head;
    }
    return fmt(path);
  };
}
