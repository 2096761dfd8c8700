/**
 * "Use this template": a new workflow from a template, under a fresh id that no stored workflow
 * has (the template's own id, else `-2`, `-3`…), so using a template never overwrites anything.
 * Like an imported n8n template, a template with triggers is stored switched off (the workflow's
 * enabled flag, as `workflows.setEnabled` sets it): nothing fires before the person has filled its
 * checklist and turned it on. Manual runs work at once.
 */
import type { ApiDeps } from '../ports';
import { ApiError } from '../errors';
import { getTemplate } from './templates';
import { saveWorkflow } from './workflows';

export interface UsedTemplate {
  templateId: string;
  workflowId: string;
  version: number;
  /** True when the stored copy was switched off because the template has triggers. */
  disabled: boolean;
}

const MAX_TRIES = 500;

export async function freshWorkflowId(deps: ApiDeps, base: string): Promise<string> {
  const repo = deps.store.repos.workflows;
  for (let n = 1; n <= MAX_TRIES; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const id = `${base.slice(0, 63 - suffix.length)}${suffix}`;
    if (!(await repo.get(id))) return id;
  }
  throw new ApiError('CONFLICT', `no free workflow id left for "${base}" (tried ${MAX_TRIES})`);
}

/** The template's text with its top-level `id` replaced; every other byte stays as it was. */
export function retarget(yaml: string, id: string): string {
  const line = /^id:[^\n]*$/m;
  if (!line.test(yaml)) throw new ApiError('BAD_REQUEST', 'the template has no top-level id line');
  return yaml.replace(line, `id: ${id}`);
}

/** Uses in this process run one at a time, so two clicks cannot pick the same fresh id. */
let queue: Promise<unknown> = Promise.resolve();

export function createFromTemplate(
  deps: ApiDeps,
  templateId: string,
  author: string | undefined,
): Promise<UsedTemplate> {
  const next = queue.then(async () => {
    const t = await getTemplate(deps.templates, templateId);
    const disable = t.triggers.length > 0;
    const id = await freshWorkflowId(deps, t.workflowId || t.id);
    await saveWorkflow(deps, {
      yaml: retarget(t.yaml, id),
      message: `from template ${t.id}`,
      ...(author !== undefined ? { author } : {}),
    });
    if (disable) {
      await deps.store.repos.workflows.setEnabled(id, false, deps.now());
      deps.hooks.workflowChanged({ workflowId: id, triggersChanged: true });
    }
    return { templateId: t.id, workflowId: id, version: 1, disabled: disable };
  });
  queue = next.catch(() => undefined);
  return next;
}
