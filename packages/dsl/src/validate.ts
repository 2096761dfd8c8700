import type { BlockCatalog } from './catalog';
import type { Diagnostic, Workflow } from './model';
import { builtinCatalog, parseUses } from './builtins';
import { WorkflowDocument } from './document';
import { buildWorkflow } from './internal/build-model';
import { Diagnostics, sortDiagnostics } from './internal/diag';
import { checkExpressions } from './internal/expr-check';
import { checkGraph, resolveBlocks } from './internal/graph-check';
import { checkConflicts, checkInputs } from './internal/input-check';
import type { LoadLimits } from './internal/load';
import { indexSteps, makeLabel } from './internal/steps-index';
import { workflowShape } from './internal/workflow-shape';

export interface ParseOptions {
  /** Blocks that `uses` may name. Default: the built-ins only (`name@N` blocks are then unknown). */
  catalog?: BlockCatalog;
  /** Size, depth and alias limits for hostile input. */
  limits?: Partial<LoadLimits>;
}

export interface ParseResult {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  /** The typed model, present when there is no error. */
  workflow?: Workflow;
  /** Every problem of the file, sorted by position. */
  diagnostics: Diagnostic[];
  /** The document, for positions and edits (present even when the YAML is broken). */
  document: WorkflowDocument;
}

/**
 * Parse and validate a weft/v1 file. Never throws: every problem is a diagnostic with a position.
 *
 * @example
 * const r = parseWorkflow(text, { catalog: combineCatalogs(builtinCatalog(), myBlocks) });
 * if (!r.ok) for (const d of r.diagnostics) console.log(`${d.line}:${d.column} ${d.code} ${d.message}`);
 */
export function parseWorkflow(text: string, options: ParseOptions = {}): ParseResult {
  return validateDocument(WorkflowDocument.parse(text, options.limits), options);
}

/** Validate a document that is already parsed (e.g. after an edit in the studio). */
export function validateDocument(document: WorkflowDocument, options: ParseOptions = {}): ParseResult {
  const loaded = document.loaded;
  const diags = new Diagnostics(loaded.lineCounter);
  diags.list.push(...loaded.diags.list);
  if (loaded.fatal) return { ok: false, diagnostics: sortDiagnostics(diags.list), document };
  try {
    runChecks(document, diags, options.catalog ?? builtinCatalog());
  } catch (e) {
    // A bug here must not take the studio or the CLI down: report it like any other problem.
    const message =
      e instanceof RangeError
        ? 'the document is too deeply nested to validate'
        : `internal validator error: ${e instanceof Error ? e.message : String(e)}`;
    diags.atOffset('E_YAML', message, { start: 0, end: 0 });
  }
  const diagnostics = sortDiagnostics(diags.list);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (!ok) return { ok, diagnostics, document };
  // Inside an edit batch the plain value waits for the batch's end; read it from the tree meanwhile.
  return { ok, workflow: buildWorkflow(loaded.value ?? document.yaml.toJS()), diagnostics, document };
}

function runChecks(document: WorkflowDocument, diags: Diagnostics, catalog: BlockCatalog): void {
  const { doc, lineCounter } = document.loaded;
  const steps = indexSteps(doc);
  const label = makeLabel(steps);
  if (doc.contents === null) {
    diags.atOffset('E_SCHEMA', 'the file is empty; a workflow needs apiVersion, kind, id and steps', {
      start: 0,
      end: 0,
    });
    return;
  }
  workflowShape.check(doc.contents, [], { doc, diags, label });
  const blocks = resolveBlocks(steps, catalog, diags, parseUses);
  const lineOf = (node: unknown): number => {
    const r = (node as { range?: [number, number] } | undefined)?.range;
    return r ? lineCounter.linePos(r[0]).line : 0;
  };
  const graph = checkGraph(steps, blocks, diags, lineOf);
  const listAt = (key: string): string[] | undefined => {
    const v = (doc.getIn(['permissions', key]) as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    return Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : undefined;
  };
  const workflowPermissions = { network: listAt('network'), sql: listAt('sql') };
  for (const s of steps) {
    const block = blocks.get(s);
    if (block) checkInputs(s, block, { doc, diags });
    checkConflicts(s, workflowPermissions, diags);
  }
  checkExpressions({ doc, text: document.text, diags, graph, steps, label });
}
