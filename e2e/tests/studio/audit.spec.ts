/**
 * Issue 15 item 7: the audit page (`#/audit`, admins) shows one entry per write made through the API
 * (save a workflow, set a secret, start a run) with who, what and the target, never the secret's
 * value; filters by action; pages on with "Load more"; exports JSON lines as `weft audit --json`
 * does. Item 6: the settings page shows the effective retention policy and the last prune.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { mutate, query, runEnded, startServer, type ExtraServer } from '../../fixtures/server';
import { expect, test, type StudioPage } from '../../fixtures/studio';

const ADMIN = 'weft_e2e_audit_admin_token_0123456789';
const SECRET_VALUE = 'never-shown-e2e-value-7c1f';
const FLOW = `apiVersion: weft/v1
kind: Workflow
id: audit-flow
name: Audited flow
steps:
  - id: hello
    uses: transform
    with:
      expression: "'hello'"
`;

interface Entry {
  id: number;
  actor: string;
  action: string;
  target?: string;
  detail: Record<string, unknown>;
}

let server: ExtraServer;
test.beforeAll(async () => {
  server = await startServer([
    '--auth',
    'true',
    '--admin-token',
    ADMIN,
    '--retention-max-age',
    '30d',
    '--retention-keep-per-workflow',
    '1000',
  ]);
});
test.afterAll(async () => {
  await server?.stop();
});

/** Opens a page of the studio signed in with `token`. */
async function openAs(page: Page, token: string, hash: string): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('weft.studio.token', t), token);
  await page.goto(`${server.url}/${hash}`);
}

const rows = (page: Page, action?: string) =>
  page.locator(action ? `tr[data-action="${action}"]` : 'tr[data-action]');

test('the audit page lists each write once, filters, pages on and exports JSON lines', async ({
  page,
  studio,
}: {
  page: Page;
  studio: StudioPage;
}) => {
  test.slow();
  const { url } = server;
  await mutate(url, 'workflows.save', { yaml: FLOW, message: 'audited' }, ADMIN);
  await mutate(url, 'secrets.set', { name: 'AUDIT_KEY', value: SECRET_VALUE }, ADMIN);
  const { runId } = (await mutate(url, 'runs.start', { workflowId: 'audit-flow' }, ADMIN)) as {
    runId: string;
  };
  expect(await runEnded(url, runId, 60_000, ADMIN)).toBe('SUCCESS');
  // Enough further writes for a second page (the page shows 50 at a time).
  for (let i = 0; i < 60; i++)
    await mutate(url, 'workflows.setEnabled', { id: 'audit-flow', enabled: i % 2 === 1 }, ADMIN);
  const viewer = (await mutate(url, 'tokens.create', { name: 'e2e-viewer', role: 'viewer' }, ADMIN)) as {
    token: string;
  };

  await openAs(page, ADMIN, '#/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();

  // One entry per write, by the bootstrap admin, with its target; the newest first.
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText('tokens.create');
  await expect(page.getByRole('button', { name: 'Load more' })).toBeVisible();
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  for (const action of ['workflows.save', 'secrets.set', 'runs.start']) {
    await expect(rows(page, action)).toHaveCount(1);
    await expect(rows(page, action)).toContainText('bootstrap-admin');
  }
  await expect(rows(page, 'workflows.setEnabled')).toHaveCount(60);
  await expect(rows(page, 'secrets.set')).toContainText('AUDIT_KEY');
  await expect(rows(page, 'runs.start')).toContainText(runId);
  await expect(page.locator('main')).not.toContainText(SECRET_VALUE);

  // Filter by action: only that action's entries remain.
  await page.getByRole('combobox', { name: 'Action', exact: true }).fill('secrets.set');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page, 'secrets.set')).toHaveCount(1);
  await studio.screenshot('audit');

  // Export what the filter matches: the same lines `weft audit --json` prints (entry + ISO time).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON lines' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^weft-audit-\d{8}T\d{6}Z\.jsonl$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).not.toContain(SECRET_VALUE);
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Entry & { at: number; time: string });
  const api = (await query(url, 'audit.list', { action: 'secrets.set', order: 'asc' }, ADMIN)) as {
    entries: Entry[];
  };
  expect(lines.map((l) => l.id)).toEqual(api.entries.map((e) => e.id));
  expect(lines[0]).toMatchObject({ action: 'secrets.set', actor: 'bootstrap-admin', target: 'AUDIT_KEY' });
  expect(lines[0]?.time).toBe(new Date(lines[0]?.at ?? 0).toISOString());
  await expect(page.getByText(/^Exported 1 entry to weft-audit-/)).toBeVisible();

  // Settings: the effective retention policy and the last prune (none yet, then one by hand).
  await page.goto(`${url}/#/admin/settings`);
  await expect(page.getByTestId('retention-policy')).toHaveText(
    'On: prunes ended runs that finished more than 30 days ago, and ended runs beyond the newest 1,000 of each workflow, every 1 hour.',
  );
  await expect(page.getByTestId('retention-last')).toHaveText('No prune yet.');
  await mutate(url, 'retention.prune', { olderThanMs: 86_400_000 }, ADMIN);
  await page.reload();
  await expect(page.getByTestId('retention-last')).toContainText('By hand: deleted 0 runs and 0 events');
  await studio.screenshot('settings-retention');

  // A viewer's studio has no Audit or Settings in its sections.
  const viewerPage = await page.context().newPage();
  await viewerPage.addInitScript((t) => localStorage.setItem('weft.studio.token', t), viewer.token);
  await viewerPage.goto(`${url}/#/learn`);
  const viewerNav = viewerPage.getByRole('navigation', { name: 'Sections' });
  await expect(viewerNav.getByRole('link', { name: 'Learn' })).toBeVisible();
  await expect(viewerNav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(viewerNav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
});
