/**
 * Validating, in a chunk of its own: ajv, jsonata and fast-uri (~210 kB) are not in the main chunk,
 * which a file opens with (it is drawn from its YAML, then validated). Loaded through validator.ts
 * only; never imported statically (a static import would put it back into the main chunk).
 */
import {
  checkBlockInput,
  draftWorkflow,
  validateDocument,
  type BlockCatalog,
  type Diagnostic,
} from '@weft/dsl';
import type { WorkflowDocument } from '@weft/dsl';
import type { ParsedText } from './dsl';

export { checkBlockInput };

/** Validates a document (just parsed, or just edited through the edit API, which re-reads it itself). */
export function readDocument(document: WorkflowDocument, catalog: BlockCatalog): ParsedText {
  const result = validateDocument(document, { catalog });
  if (result.workflow) return { doc: document, workflow: result.workflow, diagnostics: result.diagnostics };
  // YAML syntax errors: nothing safe to edit or draw; the canvas keeps the last model that was.
  if (result.diagnostics.some((d) => d.code === 'E_YAML'))
    return { doc: null, workflow: null, diagnostics: result.diagnostics };
  return { doc: document, workflow: draftWorkflow(document), diagnostics: result.diagnostics };
}

/** The diagnostics of a document, and whether they make it unsafe to edit (`readDocument`'s `doc: null`). */
export function diagnose(
  document: WorkflowDocument,
  catalog: BlockCatalog,
): { diagnostics: readonly Diagnostic[]; broken: boolean } {
  const { diagnostics } = validateDocument(document, { catalog });
  return { diagnostics, broken: diagnostics.some((d) => d.code === 'E_YAML') };
}
