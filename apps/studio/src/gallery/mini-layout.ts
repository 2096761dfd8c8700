/**
 * The gallery's mini-canvas layout: steps in columns by the length of their longest `needs` chain
 * (a step sits one column right of its furthest need), rows in file order. Pure and synchronous, so
 * a page of cards lays out without elkjs; the editor keeps elkjs for real documents.
 */

/** A step as the mini-canvas sees it: its id, block and the steps it needs (`a` or `a.port`). */
export interface MiniStep {
  id: string;
  uses: string;
  needs: readonly string[];
}

export interface MiniNode {
  id: string;
  uses: string;
  col: number;
  row: number;
}

export interface MiniEdge {
  from: string;
  to: string;
}

export interface MiniLayout {
  nodes: MiniNode[];
  edges: MiniEdge[];
  cols: number;
  rows: number;
}

/** `a.port` → `a`: the mini-canvas draws one edge per pair of steps, whatever the port. */
const stepOf = (need: string): string => need.split('.')[0] ?? need;

export function miniLayout(steps: readonly MiniStep[]): MiniLayout {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const col = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = col.get(id);
    if (known !== undefined) return known;
    // A cycle is invalid anyway (the validator says so); draw it flat rather than loop forever.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const needs = (byId.get(id)?.needs ?? []).map(stepOf).filter((n) => byId.has(n));
    const d = needs.length === 0 ? 0 : Math.max(...needs.map(depth)) + 1;
    visiting.delete(id);
    col.set(id, d);
    return d;
  };
  const perCol: number[] = [];
  const nodes = steps.map((s) => {
    const c = depth(s.id);
    const row = perCol[c] ?? 0;
    perCol[c] = row + 1;
    return { id: s.id, uses: s.uses, col: c, row };
  });
  const edges: MiniEdge[] = [];
  const seen = new Set<string>();
  for (const s of steps)
    for (const n of s.needs.map(stepOf)) {
      const key = `${n}→${s.id}`;
      if (byId.has(n) && !seen.has(key)) {
        seen.add(key);
        edges.push({ from: n, to: s.id });
      }
    }
  return {
    nodes,
    edges,
    cols: perCol.length,
    rows: perCol.length === 0 ? 0 : Math.max(...perCol),
  };
}
