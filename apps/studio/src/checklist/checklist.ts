/**
 * The checklist a workflow made from a template shows in the editor: what the person still has to
 * fill before it runs. Pure: derived from the document's `x-gallery` card, its permissions and
 * inputs, the secret names the server has, and the runs seen — so it ticks as those change.
 */
import { galleryMeta } from '@weft/dsl';

export type ChecklistItem =
  | { kind: 'secret'; key: string; name: string; done: boolean }
  | { kind: 'host'; key: string; host: string; done: boolean; source: 'template' | 'input' }
  | { kind: 'save'; key: string; done: boolean }
  | { kind: 'run'; key: string; done: boolean; samples: string[] };

export interface ChecklistFacts {
  /** The document's `x-gallery` value as written (undefined: not made from a template). */
  gallery: unknown;
  /** `permissions.network` of the document. */
  allowedHosts: readonly string[];
  /** The document's inputs: their defaults (a URL default is a host the workflow calls). */
  inputs: Readonly<Record<string, { default?: unknown; required?: boolean }>>;
  /** Secret names the server has; null while unknown (then no secret is ticked). */
  secrets: ReadonlySet<string> | null;
  /** True when the editor has no unsaved change. */
  saved: boolean;
  /** True once a run of the workflow has succeeded. */
  succeeded: boolean;
}

/**
 * A hint, not the policy: the server's sandbox decides (packages/sandbox/src/net/policy.ts); here an
 * entry covers a host when it is the host or a `*.` entry whose suffix it ends with.
 */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowed.some((raw) => {
    const e = raw.toLowerCase().replace(/:\d+$/, '');
    return e === h || (e.startsWith('*.') && h.endsWith(e.slice(1)));
  });
}

/** The host of an http(s) URL written out in full, else undefined. */
function urlHost(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^https?:\/\//.test(v) || v.includes('${{')) return undefined;
  try {
    return new URL(v).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export function templateChecklist(f: ChecklistFacts): ChecklistItem[] | null {
  if (f.gallery === undefined || f.gallery === null) return null;
  const card = galleryMeta({ 'x-gallery': f.gallery });
  const items: ChecklistItem[] = card.secrets.map((name) => ({
    kind: 'secret',
    key: `secret:${name}`,
    name,
    done: f.secrets?.has(name) ?? false,
  }));
  const hosts = new Map<string, 'template' | 'input'>(card.hosts.map((h) => [h, 'template']));
  // An input whose default is a URL is where the workflow calls: pointed elsewhere, that host is needed.
  for (const spec of Object.values(f.inputs)) {
    const h = urlHost(spec.default);
    if (h && !hosts.has(h)) hosts.set(h, 'input');
  }
  for (const [host, source] of hosts)
    items.push({ kind: 'host', key: `host:${host}`, host, source, done: hostAllowed(host, f.allowedHosts) });
  items.push({ kind: 'save', key: 'save', done: f.saved });
  const samples = Object.entries(f.inputs)
    .filter(([name, spec]) => spec.default === undefined && name in card.inputs)
    .map(([name]) => name);
  items.push({ kind: 'run', key: 'run', done: f.succeeded, samples });
  return items;
}

/** The sample inputs of the card, as the Run form's text fields take them (strings bare, the rest JSON). */
export function sampleInputTexts(gallery: unknown, names: readonly string[]): Record<string, string> {
  const samples = galleryMeta({ 'x-gallery': gallery }).inputs;
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = samples[n];
    if (v !== undefined) out[n] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}
