/**
 * Reading a template's `x-gallery` card (docs/templates.md). The validator checks the shape
 * (`internal/gallery-shape.ts`); this turns the plain parsed value into a typed card with defaults,
 * for the API, the CLI and the studio alike.
 */
import { GALLERY_CATEGORIES, GALLERY_DIFFICULTIES } from './internal/gallery-shape';

export { GALLERY_CATEGORIES, GALLERY_DIFFICULTIES };
export type GalleryCategory = (typeof GALLERY_CATEGORIES)[number];
export type GalleryDifficulty = (typeof GALLERY_DIFFICULTIES)[number];

export interface GalleryMeta {
  title: string;
  description: string;
  category: string;
  tags: string[];
  difficulty: GalleryDifficulty;
  /** Secret names the workflow reads. */
  secrets: string[];
  /** Network hosts it calls (its `permissions.network`). */
  hosts: string[];
  /** Sample run inputs. */
  inputs: Record<string, unknown>;
  featured: boolean;
}

/**
 * The card of a parsed workflow file (a plain object, as `yaml.parse` gives it), with defaults
 * taken from the workflow itself where `x-gallery` is silent.
 *
 * @example galleryMeta(parse(text))?.title
 */
export function galleryMeta(doc: unknown): GalleryMeta {
  const d = isRecord(doc) ? doc : {};
  const g = isRecord(d['x-gallery']) ? d['x-gallery'] : {};
  const perms = isRecord(d.permissions) ? d.permissions : {};
  const difficulty = GALLERY_DIFFICULTIES.find((x) => x === g.difficulty) ?? 'beginner';
  return {
    title: text(g.title) ?? text(d.name) ?? text(d.id) ?? 'Untitled',
    description: text(g.description) ?? text(d.description) ?? '',
    category: text(g.category) ?? 'Code',
    tags: strings(g.tags ?? d.tags),
    difficulty,
    secrets: strings(g.secrets),
    hosts: strings(g.hosts ?? perms.network),
    inputs: isRecord(g.inputs) ? g.inputs : {},
    featured: g.featured === true,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
