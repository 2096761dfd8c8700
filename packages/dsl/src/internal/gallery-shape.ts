/**
 * `x-gallery`: the documented extension that turns a workflow file into a gallery template
 * (docs/templates.md). Like every `x-` key the engine ignores it; unlike the others the validator
 * checks its shape, so a template with a broken card fails `weft validate`.
 */
import { anyValue, boolean, list, object, record, string, type Shape } from './shape';

/** The gallery's categories, in the order the studio shows them. */
export const GALLERY_CATEGORIES = [
  'API and webhooks',
  'Data and ETL',
  'Schedules',
  'AI pipelines',
  'Human in the loop',
  'Reliability',
  'Sub-workflows',
  'Operations',
  'Code',
] as const;

export const GALLERY_DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

const SECRET_NAME = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';

export const galleryShape: Shape = object(
  {
    title: string({ minLength: 1, description: 'Card title.' }),
    description: string({ minLength: 1, description: 'One or two sentences: what it does, for whom.' }),
    category: string({ enum: GALLERY_CATEGORIES, description: 'Gallery category.' }),
    tags: list(string({ minLength: 1 }), { description: 'Search and filter tags.' }),
    difficulty: string({ enum: GALLERY_DIFFICULTIES }),
    secrets: list(string({ pattern: SECRET_NAME, hint: 'a secret name: letters, digits and _' }), {
      description: 'Secrets the workflow reads (secrets.NAME); the studio checks they exist.',
    }),
    hosts: list(string({ minLength: 1 }), {
      description: 'Network hosts it calls; the same as permissions.network.',
    }),
    inputs: record(anyValue(), { description: 'Sample run inputs that make a first run work.' }),
    featured: boolean({ description: 'Shown on the home page of an empty server.' }),
  },
  { required: ['title', 'description', 'category', 'difficulty'] },
);
