/**
 * The gallery: `templates/*.yaml`, each a workflow whose `x-gallery` key holds its card
 * (`title`, `description`, `category`, `tags`). Read on each call: the folder is small and editable.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { notFound } from '../errors';

export interface TemplateInfo {
  /** File name without extension; what `weft templates use <id>` takes. */
  id: string;
  /** The workflow id inside the file. */
  workflowId: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
}

export interface Template extends TemplateInfo {
  yaml: string;
}

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function listTemplates(dir: string): Promise<TemplateInfo[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return [];
  }
  const out: TemplateInfo[] = [];
  for (const f of files) {
    const t = await readTemplate(dir, f).catch(() => undefined);
    if (t) out.push(info(t));
  }
  return out;
}

export async function getTemplate(dir: string, id: string): Promise<Template> {
  if (!TEMPLATE_ID.test(id)) throw notFound(`template "${id}"`);
  for (const ext of ['.yaml', '.yml']) {
    const t = await readTemplate(dir, id + ext).catch(() => undefined);
    if (t) return t;
  }
  throw notFound(`template "${id}"`);
}

function info(t: Template): TemplateInfo {
  const { yaml: _yaml, ...rest } = t;
  return rest;
}

async function readTemplate(dir: string, file: string): Promise<Template> {
  const yaml = await readFile(join(dir, file), 'utf8');
  const doc = (parse(yaml) ?? {}) as Record<string, unknown>;
  const g = (
    typeof doc['x-gallery'] === 'object' && doc['x-gallery'] !== null ? doc['x-gallery'] : {}
  ) as Record<string, unknown>;
  const text = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  return {
    id: file.replace(/\.ya?ml$/, ''),
    workflowId: text(doc.id, ''),
    title: text(g.title, text(doc.name, file)),
    description: text(g.description, text(doc.description, '')),
    category: text(g.category, 'General'),
    tags: Array.isArray(g.tags)
      ? g.tags.filter((x): x is string => typeof x === 'string')
      : Array.isArray(doc.tags)
        ? doc.tags.filter((x): x is string => typeof x === 'string')
        : [],
    yaml,
  };
}
