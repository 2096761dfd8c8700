import type { Step, Workflow } from './model';
import type { WorkflowDocument } from './document';
import { buildStep, buildWorkflow } from './internal/build-model';

/** A step of a draft: what could be read of it, and where it is in the file's `steps` list. */
export interface DraftStep extends Step {
  /** Index of the step in the file's `steps` list (the path of its node is `['steps', index]`). */
  index: number;
}

/**
 * The model of a workflow that may not validate, for drawing it: the same shape as `Workflow`
 * (so it can stand in for one), read leniently. Steps without a string `id`, and later steps that
 * repeat an id, are left out; `uses` is `''` when it is not a string; a `join` or `onError` that is
 * not one of its values gets its default; `layout` keeps only entries of two finite numbers;
 * `apiVersion`, `kind` and `id` are whatever could be read (`id` is `''` when missing).
 */
export interface DraftWorkflow extends Workflow {
  steps: DraftStep[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A best-effort model of the document even when it has validation errors (a step still missing an
 * input, a need being typed): what the canvas draws while the diagnostics point at the problems.
 * Never throws; a document whose YAML cannot be read at all gives a draft with no steps.
 *
 * @example
 * const r = validateDocument(doc, { catalog });
 * const drawn = r.workflow ?? draftWorkflow(doc); // draw the draft, mark r.diagnostics on it
 */
export function draftWorkflow(document: WorkflowDocument): DraftWorkflow {
  return draftFromValue(plainValue(document));
}

/**
 * `draftWorkflow` of a document whose plain value is `value`, without the document: the studio's
 * worker draws a file it read with `plainYamlValue` from it. Never throws.
 */
export function draftFromValue(value: unknown): DraftWorkflow {
  try {
    return draftFrom(value);
  } catch {
    return draftFrom(undefined);
  }
}

function plainValue(document: WorkflowDocument): unknown {
  const loaded = document.loaded;
  if (loaded.value !== undefined) return loaded.value;
  try {
    // A file with syntax errors (or an edit batch in progress): read what yaml could make of it.
    return document.yaml.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

function draftFrom(value: unknown): DraftWorkflow {
  const root = isObj(value) ? value : {};
  const rawSteps = Array.isArray(root['steps']) ? (root['steps'] as unknown[]) : [];
  const seen = new Set<string>();
  const steps: DraftStep[] = [];
  rawSteps.forEach((raw, index) => {
    if (!isObj(raw) || typeof raw['id'] !== 'string' || seen.has(raw['id'])) return;
    seen.add(raw['id']);
    steps.push(draftStep(raw, index));
  });
  const wf = buildWorkflow({
    ...root,
    steps: [],
    triggers: Array.isArray(root['triggers']) ? root['triggers'].filter(isObj) : [],
  });
  const layout: Record<string, readonly [number, number]> = {};
  for (const [id, p] of Object.entries(wf.layout))
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) layout[id] = p;
  const draft: DraftWorkflow = { ...wf, id: typeof root['id'] === 'string' ? root['id'] : '', steps, layout };
  return draft;
}

function draftStep(raw: Obj, index: number): DraftStep {
  const s = buildStep({ ...raw, with: isObj(raw['with']) ? raw['with'] : {} });
  const step: DraftStep = { ...s, uses: typeof raw['uses'] === 'string' ? raw['uses'] : '', index };
  if (step.join !== 'all' && step.join !== 'any' && step.join !== 'always') step.join = 'all';
  if (step.onError !== 'fail' && step.onError !== 'continue') step.onError = 'fail';
  if (step.concurrency !== undefined && !Number.isFinite(step.concurrency)) delete step.concurrency;
  // An expression that is a map or a list cannot be drawn as one.
  if (isObj(raw['if']) || Array.isArray(raw['if'])) delete step.if;
  if (isObj(raw['foreach']) || Array.isArray(raw['foreach'])) delete step.foreach;
  return step;
}
