/**
 * Issue 12 item 10: every page of the studio passes axe-core with no serious or critical violation,
 * in the light and the dark theme. The routes are those of apps/studio/src/app/router.ts.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { mutate } from '../../fixtures/server';
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
      expression: "'hello ' + inputs.who"
  - id: shout
    uses: transform
    needs: [greet]
    with:
      expression: "steps.greet.output"
`;

let runId = '';

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: FLOW, message: 'for axe' });
  ({ runId } = (await mutate(baseURL as string, 'runs.start', { workflowId: 'a11y-flow' })) as {
    runId: string;
  });
});

/** Serious and critical violations, each with its rule, what it means and where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PAGES: { name: string; hash: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'workflows home', hash: '#/', ready: (p) => expect(p.getByText('a11y-flow')).toBeVisible() },
  {
    name: 'editor with a workflow',
    hash: '#/workflows/a11y-flow',
    ready: (p) => expect(p.getByTestId('step-shout')).toBeVisible(),
  },
  {
    name: 'local editor',
    hash: '#/local',
    ready: (p) => expect(p.locator('.react-flow__node').first()).toBeVisible(),
  },
  {
    name: 'runs of a workflow',
    hash: '#/workflows/a11y-flow/runs',
    ready: (p) => expect(p.getByRole('link', { name: /SUCCESS|RUNNING|PENDING/ }).first()).toBeVisible(),
  },
  { name: 'run page', hash: '', ready: (p) => expect(p.getByTestId('run-status')).toHaveText('SUCCESS') },
  {
    name: 'secrets',
    hash: '#/secrets',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    name: 'templates gallery',
    hash: '#/templates',
    ready: (p) => expect(p.getByRole('searchbox', { name: 'Search templates' })).toBeVisible(),
  },
  {
    name: 'a template',
    hash: '#/templates/expense-approval',
    ready: (p) => expect(p.locator('.react-flow__node').first()).toBeVisible(),
  },
  {
    name: 'lessons',
    hash: '#/learn',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    name: 'a lesson',
    hash: '#/learn/first-workflow',
    ready: (p) => expect(p.getByRole('heading').first()).toBeVisible(),
  },
  {
    name: 'dashboard',
    hash: '#/dashboard',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    name: 'admin blocks',
    hash: '#/admin/blocks',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
  {
    name: 'not found',
    hash: '#/no/such/page',
    ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible(),
  },
];

for (const scheme of ['light', 'dark'] as const)
  for (const { name, hash, ready } of PAGES)
    test(`${name} (${scheme}) has no serious or critical axe violation`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/${hash || `#/runs/${runId}`}`);
      await ready(page);
      expect(await seriousViolations(page)).toEqual([]);
    });
