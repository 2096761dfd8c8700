/**
 * Steps that will be refused the network at run time (`PERMISSION_DENIED`): their block may reach the
 * network, but neither the workflow nor the step permits any host. Found before the run, so the
 * person can grant the host in the editor instead of reading the error afterwards.
 */
import { hasTemplate, type BlockCatalog, type Workflow } from '@weft/dsl';

export interface NetworkWarning {
  stepId: string;
  /** The host of the step's `url` when it is written out (no `${{ }}`), to offer "allow this host". */
  host?: string;
  message: string;
}

/** The host of a literal URL, or undefined (an expression, or not a URL). */
export function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || hasTemplate(url)) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.replace(/^\[|\]$/g, '') : undefined;
  } catch {
    return undefined;
  }
}

export function networkWarnings(workflow: Workflow, catalog: BlockCatalog): NetworkWarning[] {
  const out: NetworkWarning[] = [];
  for (const step of workflow.steps) {
    if (!catalog.resolve(step.uses)?.capabilities?.network) continue;
    const allowed = step.permissions?.network ?? workflow.permissions.network;
    if (allowed.length > 0) continue;
    const host = hostOf(step.with.url);
    out.push({
      stepId: step.id,
      ...(host ? { host } : {}),
      message: `${step.id} uses the network, but the workflow allows no host: the run will fail with PERMISSION_DENIED. Add ${host ?? 'the host'} to the workflow's permissions.network.`,
    });
  }
  return out;
}
