/**
 * The gallery: `templates/*.yaml`, each a workflow whose `x-gallery` key holds its card (docs/templates.md).
 * Read on each call through the `TemplateFiles` port (the server reads a folder): the folder is small
 * and editable. The card is read by `galleryMeta` (@weft/dsl), the one reader the CLI and the studio share.
 */
import { parse } from 'yaml';
import { galleryMeta, type GalleryMeta } from '@weft/dsl';
import { notFound } from '../errors';
import type { TemplateFiles } from '../ports';

/** A step as the gallery's mini-canvas draws it. */
export interface TemplateStep {
  id: string;
  uses: string;
  needs: string[];
}

export interface TemplateInfo extends GalleryMeta {
  /** File name without extension; what `weft templates use <id>` takes. */
  id: string;
  /** The workflow id inside the file. */
  workflowId: string;
  /** Trigger kinds: `cron`, `interval`, `webhook`. */
  triggers: string[];
  steps: TemplateStep[];
}

export interface Template extends TemplateInfo {
  yaml: string;
}

export interface TemplateFilter {
  category?: string;
  tag?: string;
  /** Words matched against title, description, tags and id. */
  search?: string;
}

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Every readable template that passes `filter`, by file name; none when there is no gallery. */
export async function listTemplates(
  files: TemplateFiles,
  filter: TemplateFilter = {},
): Promise<TemplateInfo[]> {
  const names = (await files.names()).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out: TemplateInfo[] = [];
  for (const f of names) {
    const t = await readTemplate(files, f).catch(() => undefined);
    if (t && matches(t, filter)) out.push(info(t));
  }
  return out;
}

export async function getTemplate(files: TemplateFiles, id: string): Promise<Template> {
  if (!TEMPLATE_ID.test(id)) throw notFound(`template "${id}"`);
  for (const ext of ['.yaml', '.yml']) {
    const t = await readTemplate(files, id + ext).catch(() => undefined);
    if (t) return t;
  }
  throw notFound(`template "${id}"`);
}

/** Category compare ignores case; tags must match one tag exactly; every search word must appear. */
export function matches(t: TemplateInfo, filter: TemplateFilter): boolean {
  if (filter.category && t.category.toLowerCase() !== filter.category.toLowerCase()) return false;
  if (filter.tag && !t.tags.includes(filter.tag)) return false;
  if (filter.search) {
    const hay = [t.id, t.title, t.description, t.category, ...t.tags].join(' ').toLowerCase();
    return filter.search
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((w) => hay.includes(w));
  }
  return true;
}

function info(t: Template): TemplateInfo {
  const { yaml: _yaml, ...rest } = t;
  return rest;
}

async function readTemplate(files: TemplateFiles, file: string): Promise<Template | undefined> {
  const yaml = await files.read(file);
  if (yaml === undefined) return undefined;
  const doc = (parse(yaml) ?? {}) as Record<string, unknown>;
  const steps = Array.isArray(doc.steps) ? (doc.steps as unknown[]) : [];
  const triggers = Array.isArray(doc.triggers) ? (doc.triggers as unknown[]) : [];
  return {
    id: file.replace(/\.ya?ml$/, ''),
    workflowId: typeof doc.id === 'string' ? doc.id : '',
    ...galleryMeta(doc),
    triggers: triggers.flatMap((t) =>
      t && typeof t === 'object' ? Object.keys(t).filter((k) => !k.startsWith('x-') && k !== 'timezone') : [],
    ),
    steps: steps.flatMap((s) => {
      if (!s || typeof s !== 'object') return [];
      const r = s as Record<string, unknown>;
      if (typeof r.id !== 'string') return [];
      const needs = Array.isArray(r.needs) ? r.needs.filter((n): n is string => typeof n === 'string') : [];
      return [{ id: r.id, uses: typeof r.uses === 'string' ? r.uses : '', needs }];
    }),
    yaml,
  };
}
