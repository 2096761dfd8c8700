/** The `inputs` a template declares, read from its YAML for the detail page's table. */
import { parse } from 'yaml';

export interface TemplateInput {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description?: string;
  /** The card's sample value (`x-gallery.inputs`), what a first run can use. */
  sample?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function templateInputs(yaml: string, samples: Record<string, unknown>): TemplateInput[] {
  let doc: unknown;
  try {
    doc = parse(yaml);
  } catch {
    return [];
  }
  const inputs = isRecord(doc) && isRecord(doc.inputs) ? doc.inputs : {};
  return Object.entries(inputs).map(([name, raw]) => {
    const spec = isRecord(raw) ? raw : {};
    return {
      name,
      type: typeof spec.type === 'string' ? spec.type : 'any',
      required: spec.required === true,
      ...('default' in spec ? { default: spec.default } : {}),
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      ...(name in samples ? { sample: samples[name] } : {}),
    };
  });
}

/** A value as one short line: strings bare, the rest as JSON. */
export function shortValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
