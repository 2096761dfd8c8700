/**
 * Issue 12 item 10: every page of the studio passes axe-core with no serious or critical violation,
 * in the light and the dark theme. The pages are read from the `Route` union of
 * apps/studio/src/app/route.ts, so a page added there without a sample here fails this spec.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutate, runEnded } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: a11y-flow
name: Accessible flow
inputs:
  who: { type: string, default: team }
triggers:
  - cron: "0 8 * * 1-5"
    timezone: UTC
steps:
  - id: greet
    uses: transform
    with:
      expression: "'hello ' & inputs.who"
  - id: shout
    uses: transform
    needs: [greet]
    with:
      expression: "$uppercase(steps.greet.output)"
`;

/** The page names of the router's `Route` union, as the router declares them. */
function routerPages(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = readFileSync(join(here, '../../../apps/studio/src/app/route.ts'), 'utf8');
  const union = /export type Route =([^;]*);/.exec(source)?.[1] ?? '';
  const pages = [...union.matchAll(/page: '([^']+)'/g)].map((m) => m[1] ?? '');
  if (pages.length === 0) throw new Error('no `export type Route = …` union found in route.ts');
  return pages;
}

let runId = '';

interface Sample {
  name: string;
  hash: () => string;
  ready: (page: Page) => Promise<void>;
}

const heading = (p: Page) => expect(p.getByRole('heading', { level: 1 })).toBeVisible();

/** One or more samples per page of the router; the key is the route's `page`. */
const SAMPLES: Record<string, Sample[]> = {
  workflows: [
    {
      name: 'workflows home',
      hash: () => '#/',
      ready: (p) => expect(p.getByRole('link', { name: 'a11y-flow' }).first()).toBeVisible(),
    },
  ],
  editor: [
    {
      name: 'editor with a workflow',
      hash: () => '#/workflows/a11y-flow',
      ready: (p) => expect(p.getByTestId('step-shout')).toBeVisible(),
    },
    {
      name: 'local editor',
      hash: () => '#/local',
      ready: (p) => expect(p.locator('.react-flow__node').first()).toBeVisible(),
    },
  ],
  runs: [
    {
      name: 'runs of a workflow',
      hash: () => '#/workflows/a11y-flow/runs',
      ready: (p) => expect(p.getByRole('link', { name: runId })).toBeVisible(),
    },
  ],
  run: [
    {
      name: 'run page',
      hash: () => `#/runs/${runId}`,
      ready: (p) => expect(p.getByTestId('run-status')).toHaveText('SUCCESS'),
    },
  ],
  secrets: [{ name: 'secrets', hash: () => '#/secrets', ready: heading }],
  templates: [
    {
      name: 'templates gallery',
      hash: () => '#/templates',
      ready: (p) => expect(p.getByRole('searchbox', { name: 'Search templates' })).toBeVisible(),
    },
  ],
  template: [
    {
      name: 'a template',
      hash: () => '#/templates/expense-approval',
      ready: (p) => expect(p.getByRole('img', { name: /^Steps of / })).toBeVisible(),
    },
  ],
  learn: [{ name: 'lessons', hash: () => '#/learn', ready: heading }],
  lesson: [
    {
      name: 'a lesson',
      hash: () => '#/learn/first-workflow',
      ready: (p) => expect(p.getByRole('complementary', { name: 'Blocks' })).toBeVisible(),
    },
  ],
  dashboard: [{ name: 'dashboard', hash: () => '#/dashboard', ready: heading }],
  schedules: [{ name: 'schedules', hash: () => '#/schedules', ready: heading }],
  explorer: [{ name: 'runs explorer', hash: () => '#/runs', ready: heading }],
  'admin-blocks': [{ name: 'admin blocks', hash: () => '#/admin/blocks', ready: heading }],
  'admin-settings': [
    {
      name: 'admin settings',
      hash: () => '#/admin/settings',
      ready: (p) => expect(p.getByTestId('retention-policy')).toBeVisible(),
    },
  ],
  audit: [
    {
      name: 'audit log',
      hash: () => '#/audit',
      ready: (p) => expect(p.locator('tr[data-action="workflows.save"]').first()).toBeVisible(),
    },
  ],
  'not-found': [{ name: 'not found', hash: () => '#/no/such/page', ready: heading }],
};

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: FLOW, message: 'for axe' });
  ({ runId } = (await mutate(baseURL as string, 'runs.start', { workflowId: 'a11y-flow' })) as {
    runId: string;
  });
  expect(await runEnded(baseURL as string, runId)).toBe('SUCCESS');
});

/** Serious and critical violations, each with its rule, what it means and where (with colours for contrast). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const where = v.nodes.map((n) => {
        const data = n.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | null;
        const colours = data?.fgColor ? ` [${data.fgColor} on ${data.bgColor}, ${data.contrastRatio}:1]` : '';
        return `${n.target.join(' ')}${colours}`;
      });
      return `${v.id} (${v.impact}): ${v.help} — ${where.join(', ')}`;
    });
}

test('every page of the router has a sample here', () => {
  const missing = routerPages().filter((p) => !SAMPLES[p]?.length);
  expect(missing, 'pages of route.ts with no sample in SAMPLES (add one)').toEqual([]);
});

// One page load per sample: audited in the light theme, then in the dark one after the system's
// scheme changes (the studio follows it live; no CSS transitions, so the colours are final at once).
for (const { name, hash, ready } of Object.values(SAMPLES).flat())
  test(`${name} has no serious or critical axe violation, light or dark`, async ({ page }) => {
    test.slow(); // an axe audit of the editor takes tens of seconds on a loaded machine
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`/${hash()}`);
    await ready(page);
    for (const scheme of ['light', 'dark'] as const)
      await test.step(scheme, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        expect(await seriousViolations(page), `${name} (${scheme})`).toEqual([]);
      });
  });
