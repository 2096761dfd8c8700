/**
 * Workflow-level values exactly as written (`interval: 5m`, not milliseconds; `${{ }}` kept), read
 * from the DSL document's tree without a second parse.
 */
import type { WorkflowDocument } from '@weft/dsl';

export function rawField(doc: WorkflowDocument | null, key: string): unknown {
  const node: unknown = doc?.yaml.get(key, true);
  if (!doc || node === undefined || node === null) return undefined;
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
