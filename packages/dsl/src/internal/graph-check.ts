import type { BlockCatalog, BlockInfo } from '../catalog';
import { hasDynamicPorts, portsOf } from '../builtins';
import type { Diagnostics } from './diag';
import type { StepEntry } from './steps-index';

/** The step graph as declared by `needs`, for the upstream rule. */
export interface StepGraph {
  ids: Set<string>;
  /** True when `candidate` is an ancestor of step `id` (through needs). */
  isUpstream(id: string, candidate: string): boolean;
}

/** E_DUPLICATE_ID, E_UNKNOWN_NEED, E_UNKNOWN_PORT, E_CYCLE. Returns the graph for later passes. */
export function checkGraph(
  steps: readonly StepEntry[],
  blocks: ReadonlyMap<StepEntry, BlockInfo>,
  diags: Diagnostics,
  lineOf: (node: unknown) => number,
): StepGraph {
  const byId = new Map<string, StepEntry>();
  for (const s of steps) {
    if (s.id === undefined || s.id.includes('${{')) continue;
    const first = byId.get(s.id);
    if (first)
      diags.at(
        'E_DUPLICATE_ID',
        `step id '${s.id}' is already used by the step on line ${lineOf(first.idNode)}`,
        s.idNode,
        ['steps', s.index, 'id'],
      );
    else byId.set(s.id, s);
  }

  const edges = new Map<string, string[]>();
  for (const s of steps) {
    if (s.id === undefined || byId.get(s.id) !== s) continue;
    const seen = new Set<string>();
    const out: string[] = [];
    for (const need of s.needs) {
      if (need.text.includes('${{')) continue;
      if (seen.has(need.text)) {
        diags.at('E_SCHEMA', `step '${s.id}' lists need '${need.text}' twice`, need.node, need.path);
        continue;
      }
      seen.add(need.text);
      const target = byId.get(need.step);
      if (!target) {
        diags.at(
          'E_UNKNOWN_NEED',
          `step '${s.id}' needs '${need.step}', which is not a step of this workflow${suggest(need.step, byId.keys())}`,
          need.node,
          need.path,
        );
        continue;
      }
      out.push(need.step);
      if (need.port !== undefined)
        checkPort(s.id, need.port, need.step, target, blocks.get(target), {
          diags,
          node: need.node,
          path: need.path,
        });
    }
    edges.set(s.id, out);
  }

  reportCycles(byId, edges, diags);

  return { ids: new Set(byId.keys()), isUpstream: upstreamOf(edges) };
}

/**
 * Ancestor sets as bit rows, each computed once (on first ask) from its needs' rows: a 500-step
 * chain costs 500 row unions of 16 words, not 125,000 set insertions. Iterative, so long chains
 * cannot blow the stack; inside a cycle (already reported) a row may miss some ancestors.
 */
function upstreamOf(edges: ReadonlyMap<string, string[]>): (id: string, candidate: string) => boolean {
  const index = new Map<string, number>();
  for (const id of edges.keys()) index.set(id, index.size);
  const n = index.size;
  const words = Math.max(1, Math.ceil(n / 32));
  const parents = [...edges.values()].map((ps) =>
    ps.flatMap((p) => (index.has(p) ? [index.get(p) as number] : [])),
  );
  const bits = new Uint32Array(n * words);
  const state = new Uint8Array(n);
  const compute = (root: number): void => {
    const stack = [root];
    while (stack.length) {
      const v = stack[stack.length - 1] as number;
      if (state[v] === 0) {
        state[v] = 1;
        for (const p of parents[v] ?? []) if (state[p] === 0) stack.push(p);
        continue;
      }
      stack.pop();
      if (state[v] === 2) continue;
      const row = v * words;
      for (const p of parents[v] ?? []) {
        bits[row + (p >>> 5)] = (bits[row + (p >>> 5)] as number) | (1 << (p & 31));
        const prow = p * words;
        for (let w = 0; w < words; w++)
          bits[row + w] = (bits[row + w] as number) | (bits[prow + w] as number);
      }
      state[v] = 2;
    }
  };
  return (id, candidate) => {
    const v = index.get(id);
    const c = index.get(candidate);
    if (v === undefined || c === undefined) return false;
    if (state[v] !== 2) compute(v);
    return ((bits[v * words + (c >>> 5)] as number) & (1 << (c & 31))) !== 0;
  };
}

function checkPort(
  stepId: string,
  port: string,
  needId: string,
  target: StepEntry,
  block: BlockInfo | undefined,
  at: { diags: Diagnostics; node: unknown; path: (string | number)[] },
): void {
  if (!block || hasDynamicPorts(block, target.with)) return;
  const ports = portsOf(block, target.with);
  if (!ports || ports.length === 0) {
    at.diags.at(
      'E_UNKNOWN_PORT',
      `step '${stepId}' needs port '${port}' of '${needId}', but ${target.uses ?? 'its block'} has no ports; write '${needId}'`,
      at.node,
      at.path,
    );
  } else if (!ports.includes(port)) {
    at.diags.at(
      'E_UNKNOWN_PORT',
      `step '${stepId}' needs port '${port}' of '${needId}', which ${target.uses ?? 'its block'} does not have; its ports are ${ports.join(', ')}`,
      at.node,
      at.path,
    );
  }
}

/** Tarjan's strongly connected components, iteratively; each cycle is reported once. */
function reportCycles(
  byId: ReadonlyMap<string, StepEntry>,
  edges: ReadonlyMap<string, string[]>,
  diags: Diagnostics,
): void {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1] as { v: string; i: number };
      const succ = edges.get(top.v) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v) as number, low.get(top.v) as number));
      if (low.get(top.v) === index.get(top.v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          scc.push(w);
        } while (w !== top.v);
        const selfLoop = scc.length === 1 && (edges.get(top.v) ?? []).includes(top.v);
        if (scc.length > 1 || selfLoop) reportCycle(new Set(scc), byId, edges, diags);
      }
    }
  }
}

function reportCycle(
  scc: ReadonlySet<string>,
  byId: ReadonlyMap<string, StepEntry>,
  edges: ReadonlyMap<string, string[]>,
  diags: Diagnostics,
): void {
  // Start at the step that comes first in the file and follow needs inside the component.
  const start = [...scc].sort((a, b) => (byId.get(a)?.index ?? 0) - (byId.get(b)?.index ?? 0))[0] as string;
  const path = [start];
  const visited = new Set([start]);
  let cur = start;
  for (;;) {
    const next = (edges.get(cur) ?? []).find((n) => scc.has(n) && (n === start || !visited.has(n)));
    if (!next || next === start) break;
    path.push(next);
    visited.add(next);
    cur = next;
  }
  const closing = byId.get(path[path.length - 1] as string);
  const first = byId.get(start);
  const need =
    path.length === 1
      ? first?.needs.find((n) => n.step === start)
      : first?.needs.find((n) => n.step === path[1]);
  const text =
    path.length === 1 ? `step '${start}' needs itself` : `steps ${[...path, start].join(' → ')} form a cycle`;
  diags.at(
    'E_CYCLE',
    text,
    need?.node ?? first?.idNode ?? closing?.idNode,
    need?.path ?? ['steps', first?.index ?? 0],
  );
}

/** ", did you mean 'fetch'?" when a known name is one or two edits away. */
export function suggest(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k, bestD);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ? `; did you mean '${best}'?` : '';
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Resolve each step's block; E_UNKNOWN_BLOCK for the ones that do not resolve. */
export function resolveBlocks(
  steps: readonly StepEntry[],
  catalog: BlockCatalog,
  diags: Diagnostics,
  parse: (uses: string) => { ok: boolean; message?: string },
): Map<StepEntry, BlockInfo> {
  const out = new Map<StepEntry, BlockInfo>();
  for (const s of steps) {
    if (s.uses === undefined || s.uses.includes('${{')) continue;
    const who = s.id ? `step '${s.id}'` : `steps[${s.index}]`;
    const p = parse(s.uses);
    if (!p.ok) {
      diags.at('E_UNKNOWN_BLOCK', `${who}: ${p.message ?? `unknown block '${s.uses}'`}`, s.usesNode, [
        'steps',
        s.index,
        'uses',
      ]);
      continue;
    }
    const block = catalog.resolve(s.uses);
    if (!block) {
      const at = s.uses.indexOf('@');
      const version = at < 0 ? '' : s.uses.slice(at);
      const names = catalog.list().map((b) => (b.builtin ? b.name : `${b.name}${version}`));
      diags.at(
        'E_UNKNOWN_BLOCK',
        `${who} uses '${s.uses}', which is not in the block catalog${suggest(s.uses, names)}`,
        s.usesNode,
        ['steps', s.index, 'uses'],
      );
      continue;
    }
    out.set(s, block);
  }
  return out;
}
