import { isNode, isPair, type Document, type LineCounter, type Node } from 'yaml';
import type { Diagnostic, DiagnosticCode } from '../model';

/** Collects diagnostics with positions computed from yaml nodes or raw offsets. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  constructor(readonly lineCounter: LineCounter) {}

  /** Report at a source range given as character offsets. */
  atOffset(
    code: DiagnosticCode,
    message: string,
    range: { start: number; end: number },
    path: readonly (string | number)[] = [],
  ): void {
    const s = this.lineCounter.linePos(range.start);
    const e = this.lineCounter.linePos(Math.max(range.start, range.end));
    this.list.push({
      code,
      severity: 'error',
      message,
      line: s.line,
      column: s.col,
      endLine: e.line,
      endColumn: e.col,
      path,
    });
  }

  /** Report at a yaml node (falls back to 1:1 when the node has no range). */
  at(code: DiagnosticCode, message: string, node: unknown, path: readonly (string | number)[] = []): void {
    this.atOffset(code, message, rangeOf(node), path);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
}

/** Start/end offsets of a yaml node or pair (the pair's key start to value end). */
export function rangeOf(node: unknown): { start: number; end: number } {
  if (isPair(node)) {
    const k = rangeOf(node.key);
    const v = node.value ? rangeOf(node.value) : k;
    return { start: k.start, end: Math.max(k.end, v.end) };
  }
  if (isNode(node) && node.range) return { start: node.range[0], end: node.range[1] };
  return { start: 0, end: 0 };
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

export type YamlDoc = Document.Parsed | Document;
export type { Node };
