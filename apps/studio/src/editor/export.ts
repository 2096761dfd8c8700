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
