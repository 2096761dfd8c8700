/**
 * Every template in templates/ validates, keeps its gallery card honest, and runs: a happy path and
 * a failure path each, with the embedded engine (as `weft run` does) against local stand-ins.
 * A template without both cases, or whose outputs or step statuses change, fails this suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryMeta, parseWorkflow, resolveRunInputs, type GalleryMeta } from '@weft/dsl';
import { loadRegistry } from '../catalog';
import { weft } from '../testing/helpers';
import {
  copyTemplatesForStandIn,
  runTemplate,
  TEMPLATES_DIR,
  templateFiles,
  type TemplateCase,
} from '../testing/templates/harness';
import { allCases } from '../testing/templates/cases';

const files = templateFiles();
const ids = files.map((f) => f.replace(/\.ya?ml$/, ''));
const { catalog } = loadRegistry(undefined);

function load(id: string) {
  const text = readFileSync(join(TEMPLATES_DIR, `${id}.yaml`), 'utf8');
  const parsed = parseWorkflow(text, { catalog });
  if (!parsed.workflow) throw new Error(`${id}: ${JSON.stringify(parsed.diagnostics)}`);
  const meta: GalleryMeta = galleryMeta(parsed.document.yaml.toJS());
  return { text, workflow: parsed.workflow, meta };
}

describe('templates/', () => {
  it('holds at least 24 templates and `weft validate` passes for all of them', async () => {
    expect(files.length).toBeGreaterThanOrEqual(24);
    const r = await weft(['validate', ...files.map((f) => join(TEMPLATES_DIR, f))]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(ids)('%s: its card names the secrets, hosts and inputs the workflow really uses', (id) => {
    const { text, workflow, meta } = load(id);
    expect(text).toMatch(/^x-gallery:/m);
    expect(meta.title.length).toBeGreaterThan(0);
    const used = [...new Set([...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
    expect([...meta.secrets].sort()).toEqual(used.sort());
    expect([...meta.hosts].sort()).toEqual([...(workflow.permissions.network ?? [])].sort());
    const sample = resolveRunInputs(workflow.inputs, meta.inputs);
    expect(sample.ok ? [] : sample.error).toEqual([]);
  });

  it.each(ids)('%s: has a happy path and a failure path under test', (id) => {
    const mine = allCases.filter((c) => c.template === id);
    expect(mine.some((c) => c.path === 'happy')).toBe(true);
    expect(mine.some((c) => c.path === 'failure')).toBe(true);
  });

  it('has no case for a template that does not exist', () => {
    expect(allCases.map((c) => c.template).filter((t) => !ids.includes(t))).toEqual([]);
  });
});

describe.concurrent('templates run against local stand-ins', () => {
  const dir = copyTemplatesForStandIn();
  const byName = (c: TemplateCase) => `${c.template}: ${c.path} — ${c.name}`;
  it.each(allCases.map((c) => [byName(c), c] as const))('%s', { timeout: 90_000 }, async (_name, c) => {
    const sample = ids.includes(c.template) ? load(c.template).meta.inputs : {};
    const r = await runTemplate(dir, c, sample);
    const steps = Object.fromEntries(
      Object.entries(r.steps).map(([id, s]) => [
        id,
        { status: s.status, code: s.error?.code, attempts: s.attempts },
      ]),
    );
    const want = Object.fromEntries(
      Object.entries(c.expect.steps).map(([id, s]) => [id, typeof s === 'string' ? { status: s } : s]),
    );
    expect({ status: r.status, steps }, r.stderr).toMatchObject({ status: c.expect.status, steps: want });
    expect(Object.keys(r.steps).sort()).toEqual(Object.keys(c.expect.steps).sort());
    if (c.expect.outputs !== undefined) expect(r.outputs).toEqual(c.expect.outputs);
    c.expect.requests?.(r.requests);
  });
});
