/**
 * Workflow-level values exactly as written (`interval: 5m`, not milliseconds; `${{ }}` kept), read
 * from the DSL document's plain value (or, where it has none, its tree) without a second parse.
 */
import type { WorkflowDocument } from '@weft/dsl';

export function rawField(doc: WorkflowDocument | null, key: string): unknown {
  if (!doc) return undefined;
  // The file's plain value when it has one: a document opened from the worker's parse
  // (`parseLater`) has it without being parsed on this thread, which its tree would need.
  const value = doc.value;
  if (value && typeof value === 'object' && !Array.isArray(value))
    return (value as Record<string, unknown>)[key];
  const node: unknown = doc.yaml.get(key, true);
  if (node === undefined || node === null) return undefined;
  try {
    if (typeof node === 'object' && 'toJS' in node)
      return (node as { toJS: (d: unknown, o: unknown) => unknown }).toJS(doc.yaml, { maxAliasCount: 100 });
    return node;
  } catch {
    return undefined;
  }
}

/** `'5m'` → `'5m'`, `300000` → `'300000'`: a value as the person would type it again. */
export function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
