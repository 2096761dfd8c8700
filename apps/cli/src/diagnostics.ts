import type { Diagnostic } from '@weft/dsl';

/** `file:line:col: error CODE message` (DESIGN.md), one line per diagnostic. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message.replace(/\n/g, ' ')}`;
}
