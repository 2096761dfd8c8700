/**
 * The single place the API calls @weft/dsl's parser, so save, validate, webhooks and the workflow
 * resolver agree on what a valid workflow is.
 */
import { parseWorkflow, type BlockCatalog, type Diagnostic, type Workflow } from '@weft/dsl';

export interface Validation {
  /** Present when there is no error-severity diagnostic. */
  workflow?: Workflow;
  diagnostics: readonly Diagnostic[];
}

export function validateYaml(yaml: string, catalog: BlockCatalog): Validation {
  const r = parseWorkflow(yaml, { catalog });
  const diagnostics = r.diagnostics;
  const hasError = diagnostics.some((d) => d.severity === 'error');
  return hasError || !r.workflow ? { diagnostics } : { workflow: r.workflow, diagnostics };
}
