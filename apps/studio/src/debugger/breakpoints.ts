/**
 * Breakpoints are the person's, not the workflow's: kept per workflow in the browser (localStorage),
 * never in the YAML and never in an exported file. Pure functions over an immutable map so the
 * editor, the run page and the tests share one set of rules.
 */

export interface Breakpoint {
  stepId: string;
  enabled: boolean;
  /** JSONata over the step's resolved inputs and the run context; pause only when it is truthy. */
  condition?: string;
  /** How many times a debug run paused here (counted once per pause event). */
  hits: number;
  /** The last pause events counted (`runId:seq`), so watching a run again does not count them twice. */
  counted?: readonly string[];
}

export type Breakpoints = Readonly<Record<string, Breakpoint>>;

/** What a canvas node shows of its breakpoint. */
export type BreakpointMark = 'on' | 'conditional' | 'disabled';

export const NO_BREAKPOINTS: Breakpoints = Object.freeze({});

export function markOf(bp: Breakpoint | undefined): BreakpointMark | undefined {
  if (!bp) return undefined;
  if (!bp.enabled) return 'disabled';
  return bp.condition ? 'conditional' : 'on';
}

/** Adds an enabled breakpoint on the step, or removes the one it has (F9, the gutter dot). */
export function toggleBreakpoint(bps: Breakpoints, stepId: string): Breakpoints {
  if (bps[stepId]) return removeBreakpoint(bps, stepId);
  return { ...bps, [stepId]: { stepId, enabled: true, hits: 0 } };
}

export function removeBreakpoint(bps: Breakpoints, stepId: string): Breakpoints {
  if (!bps[stepId]) return bps;
  const next = { ...bps };
  delete next[stepId];
  return next;
}

export function setBreakpointEnabled(bps: Breakpoints, stepId: string, enabled: boolean): Breakpoints {
  const bp = bps[stepId];
  if (!bp || bp.enabled === enabled) return bps;
  return { ...bps, [stepId]: { ...bp, enabled } };
}

export function setAllEnabled(bps: Breakpoints, enabled: boolean): Breakpoints {
  const next: Record<string, Breakpoint> = {};
  for (const [id, bp] of Object.entries(bps)) next[id] = bp.enabled === enabled ? bp : { ...bp, enabled };
  return next;
}

/** Sets (or, with an empty text, clears) the condition; adds the breakpoint when the step has none. */
export function setCondition(bps: Breakpoints, stepId: string, condition: string): Breakpoints {
  const prev = bps[stepId] ?? { stepId, enabled: true, hits: 0 };
  const text = condition.trim();
  const next: Breakpoint = { stepId, enabled: prev.enabled, hits: prev.hits };
  if (prev.counted) next.counted = prev.counted;
  if (text) next.condition = text;
  return { ...bps, [stepId]: next };
}

const COUNTED_KEEP = 32;

/** Counts one pause at the step (the pause event `runId:seq`); a pause already counted changes nothing. */
export function countHit(bps: Breakpoints, stepId: string, pause: string): Breakpoints {
  const bp = bps[stepId];
  if (!bp || bp.counted?.includes(pause)) return bps;
  const counted = [...(bp.counted ?? []), pause].slice(-COUNTED_KEEP);
  return { ...bps, [stepId]: { ...bp, hits: bp.hits + 1, counted } };
}

/** Keeps the breakpoints when a step is renamed. */
export function renameBreakpoint(bps: Breakpoints, from: string, to: string): Breakpoints {
  const bp = bps[from];
  if (!bp || from === to) return bps;
  const next = removeBreakpoint(bps, from);
  return { ...next, [to]: { ...bp, stepId: to } };
}

export interface DebugRequest {
  stepMode: boolean;
  breakpoints: { stepId: string; condition?: string }[];
}

/** What `runs.start` gets: the enabled breakpoints on steps the workflow still has. */
export function debugRequest(bps: Breakpoints, stepIds: readonly string[], stepMode: boolean): DebugRequest {
  const breakpoints = stepIds
    .map((id) => bps[id])
    .filter((bp): bp is Breakpoint => bp !== undefined && bp.enabled)
    .map((bp) => (bp.condition ? { stepId: bp.stepId, condition: bp.condition } : { stepId: bp.stepId }));
  return { stepMode, breakpoints };
}

/** The localStorage key of a workflow's breakpoints (`null`: the local draft). */
export function storageKey(workflowId: string | null): string {
  return `weft.studio.breakpoints.${workflowId ?? '#local'}`;
}

/** Reads stored breakpoints, dropping anything malformed (the storage is the person's to edit). */
export function parseBreakpoints(text: string | null): Breakpoints {
  if (!text) return NO_BREAKPOINTS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return NO_BREAKPOINTS;
  }
  if (!Array.isArray(raw)) return NO_BREAKPOINTS;
  const out: Record<string, Breakpoint> = {};
  for (const r of raw as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    if (typeof o.stepId !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.stepId)) continue;
    const bp: Breakpoint = {
      stepId: o.stepId,
      enabled: o.enabled !== false,
      hits: typeof o.hits === 'number' && Number.isInteger(o.hits) && o.hits >= 0 ? o.hits : 0,
    };
    if (typeof o.condition === 'string' && o.condition.trim()) bp.condition = o.condition;
    if (Array.isArray(o.counted)) bp.counted = o.counted.filter((k): k is string => typeof k === 'string');
    out[bp.stepId] = bp;
  }
  return out;
}

export function serializeBreakpoints(bps: Breakpoints): string {
  return JSON.stringify(Object.values(bps));
}

/** Minimal storage port (localStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function loadBreakpoints(storage: KeyValueStorage, workflowId: string | null): Breakpoints {
  try {
    return parseBreakpoints(storage.getItem(storageKey(workflowId)));
  } catch {
    return NO_BREAKPOINTS; // storage disabled
  }
}

export function saveBreakpoints(storage: KeyValueStorage, workflowId: string | null, bps: Breakpoints): void {
  try {
    if (Object.keys(bps).length === 0) storage.removeItem(storageKey(workflowId));
    else storage.setItem(storageKey(workflowId), serializeBreakpoints(bps));
  } catch {
    // storage full or disabled: the breakpoints stay for this page only
  }
}
