/**
 * Issue 13: a first page that helps. A fresh server (its own, since the suite's server is shared)
 * shows highlighted templates instead of an empty table; once there is a workflow and a run, the
 * home page lists them with the run's status.
 */
import { startServer, type ExtraServer } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

let server: ExtraServer;

test.beforeAll(async () => {
  server = await startServer([]);
});

test.afterAll(async () => {
  await server.stop();
});

test('a fresh server’s home page shows templates, then the workflows and recent runs', async ({
  page,
  studio,
}) => {
  await page.goto(`${server.url}/#/`);
  const home = page.getByRole('main', { name: 'Workflows' });
  const start = home.getByRole('group', { name: 'Start' });
  await expect(start.getByRole('link', { name: /Start from a template/ })).toBeVisible();
  await expect(start.getByRole('link', { name: /New workflow/ })).toBeVisible();
  await expect(start.getByRole('button', { name: /Import YAML/ })).toBeVisible();
  const featured = home.getByRole('region', { name: 'Featured templates' });
  const cards = featured.getByRole('article');
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(3);
  await expect(home.getByRole('table')).toHaveCount(0);
  await expect(home).not.toContainText('No workflow yet. Create one');
  await studio.screenshot('home-fresh');

  // Use the code-stats template from its card, run it, and come back home.
  await featured.getByRole('button', { name: 'Use Statistics in a code step' }).click();
  await expect(page).toHaveURL(/#\/workflows\/code-stats$/);
  await expect(studio.canvas.locator('.react-flow__node').first()).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Start a run' });
  await expect(form.getByRole('textbox', { name: 'values', exact: true })).toHaveValue(
    '[120,95,101,240,99,130,87,110]',
  );
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('SUCCESS');

  await page.getByRole('link', { name: 'Weft', exact: true }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(home.getByRole('region', { name: 'Featured templates' })).toHaveCount(0);
  await expect(home.getByRole('region', { name: 'Your workflows' })).toContainText('code-stats');
  const runs = home.getByRole('region', { name: 'Recent runs' });
  await expect(runs.getByRole('listitem')).toHaveCount(1);
  await expect(runs.getByRole('listitem').first()).toContainText('SUCCESS');
  await expect(runs.getByRole('listitem').first()).toContainText('code-stats');
  await studio.screenshot('home');
  await runs.getByRole('link', { name: 'code-stats' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
});
