import type { Diagnostic } from './model';
import { err, ok, type Result } from './result';
import { sortDiagnostics } from './internal/diag';
import { loadYaml } from './internal/load';
import { CANONICAL, padFlowCollections } from './internal/yaml-text';

/**
 * Format a workflow file canonically: 2-space indent, lists indented under their key, no line
 * folding, `[a, b]` / `{ a: 1 }` flow spacing, one space before `#` comments, at most one blank
 * line in a row, LF line endings and one final newline. Comments, the author's key order, flow or
 * block style and the quoting of every scalar are kept. Idempotent: formatting twice equals once.
 *
 * Fails (with E_YAML diagnostics) only when the text is not a single well-formed YAML document.
 */
export function formatWorkflow(text: string): Result<string, Diagnostic[]> {
  let current = text;
  // yaml's printer is idempotent on nearly everything; re-printing until stable covers the rest
  // (a comment in an unusual place may move once).
  for (let i = 0; i < 4; i++) {
    const loaded = loadYaml(current);
    const problems = loaded.diags.list.filter((d) => d.code === 'E_YAML');
    if (loaded.fatal || problems.length) return err(sortDiagnostics(problems));
    padFlowCollections(loaded.doc.contents);
    const next = loaded.doc.toString(CANONICAL);
    if (next === current) return ok(next);
    current = next;
  }
  return ok(current);
}
