/**
 * A model to draw when the file has validation errors. `parseWorkflow` gives its typed model only
 * for a valid file, but a half-finished workflow (a new step without its required inputs, a need
 * still being typed) must stay on the canvas with its problems marked. This reads the plain YAML
 * value leniently, keeping only what the canvas and inspector show; it never edits anything.
 */
import type { Need, Step, Workflow } from '@weft/dsl';
import { unwrapExpression } from '@weft/dsl';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function need(n: string): Need {
  const dot = n.indexOf('.');
  return dot < 0 ? { step: n } : { step: n.slice(0, dot), port: n.slice(dot + 1) };
}

function step(v: Obj): Step {
  const rawNeeds = Array.isArray(v.needs) ? v.needs : typeof v.needs === 'string' ? [v.needs] : [];
  const s: Step = {
    id: String(v.id),
    uses: str(v.uses) ?? '',
    with: obj(v.with),
    needs: rawNeeds.filter((n): n is string => typeof n === 'string').map(need),
    join: v.join === 'any' || v.join === 'always' ? v.join : 'all',
    onError: v.onError === 'continue' ? 'continue' : 'fail',
  };
  const name = str(v.name);
  if (name !== undefined) s.name = name;
  if (v.if !== undefined && v.if !== null) s.if = unwrapExpression(String(v.if)).trim();
  if (v.foreach !== undefined && v.foreach !== null) s.foreach = unwrapExpression(String(v.foreach)).trim();
  if (typeof v.concurrency === 'number') s.concurrency = v.concurrency;
  if (v.repeat !== undefined) {
    const r = obj(v.repeat);
    s.repeat = { until: str(r.until) ?? 'true', max: typeof r.max === 'number' ? r.max : 1 };
  }
  if (v.retry !== undefined) {
    const r = obj(v.retry);
    s.retry = { attempts: typeof r.attempts === 'number' ? r.attempts : 1, backoff: 'exponential', delayMs: 1000, jitter: false };
  }
  return s;
}

/** The drawable part of a workflow from its plain YAML value, or null when there are no steps to draw. */
export function drawableWorkflow(value: unknown): Workflow | null {
  const root = obj(value);
  if (!Array.isArray(root.steps)) return null;
  const seen = new Set<string>();
  const steps: Step[] = [];
  for (const raw of root.steps) {
    const v = obj(raw);
    if (typeof v.id !== 'string' || seen.has(v.id)) continue;
    seen.add(v.id);
    steps.push(step(v));
  }
  const layout: Record<string, readonly [number, number]> = {};
  for (const [id, p] of Object.entries(obj(root.layout))) {
    if (Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number') layout[id] = [p[0], p[1]];
  }
  const inputs: Workflow['inputs'] = {};
  for (const [name, spec] of Object.entries(obj(root.inputs))) {
    const t = str(obj(spec).type);
    inputs[name] = { type: (t ?? 'string') as Workflow['inputs'][string]['type'], required: obj(spec).required === true };
  }
  const wf: Workflow = {
    apiVersion: 'weft/v1',
    kind: 'Workflow',
    id: str(root.id) ?? '',
    tags: [],
    enabled: root.enabled !== false,
    inputs,
    vars: obj(root.vars),
    permissions: { network: [] },
    triggers: [],
    defaults: {},
    failFast: root.failFast !== false,
    steps,
    outputs: obj(root.outputs),
    layout,
  };
  const name = str(root.name);
  if (name !== undefined) wf.name = name;
  return wf;
}
