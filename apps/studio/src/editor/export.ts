/** Export: the YAML as saved in git, with or without the studio's `layout`. */
import { WorkflowDocument } from '@weft/dsl';

/**
 * The text without its top-level `layout`, removed by the DSL's edit API on a copy: every other
 * line of the file stays byte-identical. A file that does not parse is exported as it is.
 */
export function withoutLayout(text: string): string {
  const doc = WorkflowDocument.parse(text);
  const r = doc.unsetWorkflowField(['layout']);
  return r.ok ? doc.toString() : text;
}

export function exportFileName(workflowId: string | undefined): string {
  return `${workflowId && /^[a-z0-9][a-z0-9-]*$/.test(workflowId) ? workflowId : 'workflow'}.yaml`;
}

/**
 * The text with its workflow `id` replaced (Import YAML under a new id), through the DSL's edit API:
 * comments and every other line stay as they were. A file that does not parse cannot be renamed.
 */
export function withWorkflowId(
  text: string,
  id: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const doc = WorkflowDocument.parse(text);
  const r = doc.setWorkflowField(['id'], id);
  return r.ok ? { ok: true, text: doc.toString() } : { ok: false, error: r.error.message };
}
