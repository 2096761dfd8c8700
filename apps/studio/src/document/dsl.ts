/**
 * The studio's only door to packages/dsl's parser. Kept in one file so that the rest of the studio
 * sees one shape: a DSL document to edit, the model to draw, and the diagnostics. Validating is in
 * validate.ts, loaded only when first needed (validator.ts): ajv and jsonata are not in the main chunk.
 */
import { draftWorkflow, WorkflowDocument, type Diagnostic, type Step, type Workflow } from '@weft/dsl';

export interface ParsedText {
  /** The document the edit API works on; null when the text is not YAML it can safely edit. */
  doc: WorkflowDocument | null;
  /** The model to draw: the DSL's typed model, or its lenient draft when the file has validation errors. */
  workflow: Workflow | null;
  diagnostics: readonly Diagnostic[];
}

/**
 * The YAML of `text`, not yet validated: what needs no block catalog. The editor parses a file it
 * opens while the block list (which validating needs) is still on its way.
 */
export function parseYamlText(text: string): WorkflowDocument {
  return WorkflowDocument.parse(text);
}

/**
 * The model to draw for a document before it is validated, or null when its YAML itself is broken
 * (then validate.ts's `readDocument` decides what can be drawn). A file that validates gives the same model as
 * validation does (its steps also carry their file index), so the canvas draws a change at once
 * and the diagnostics follow (`validateLater` in document-slice.ts).
 */
export function modelToDraw(document: WorkflowDocument): Workflow | null {
  const loaded = document.loaded;
  // Every problem the load itself finds is a YAML one (E_YAML): leave those files to `readDocument`.
  if (loaded.fatal || loaded.diags.list.length > 0) return null;
  return draftWorkflow(document);
}

/**
 * Where a drawn step is in the file's `steps` list (diagnostic paths are `['steps', index, …]`):
 * a draft leaves out steps it cannot draw, so its steps carry their file index.
 */
export function fileIndexOf(step: Step, position: number): number {
  const index = (step as Step & { index?: unknown }).index;
  return typeof index === 'number' ? index : position;
}
