/** Sign-in against a second server with auth on (its own port and data), stopped after the specs. */
import { expect, test } from '../../fixtures/studio';
import { mutate, startServer, type ExtraServer } from '../../fixtures/server';
import { COMMENTED } from '../../fixtures/workflows';

const ADMIN = 'e2e-admin-token-0123456789abcdef';
let server: ExtraServer;
let viewerToken = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startServer(['--auth', '--admin-token', ADMIN]);
  await mutate(server.url, 'workflows.save', { yaml: COMMENTED, message: 'seed' }, ADMIN);
  const viewer = (await mutate(server.url, 'tokens.create', { name: 'reader', role: 'viewer' }, ADMIN)) as {
    token: string;
  };
  viewerToken = viewer.token;
});

test.afterAll(async () => {
  await server?.stop();
});

test('the sign-in form comes first, refuses a wrong token, and the right one opens the workflows', async ({
  studio,
  page,
}) => {
  await page.goto(`${server.url}/#/`);
  const form = page.getByRole('main', { name: 'Sign in' });
  await expect(form).toBeVisible();
  await expect(page.getByRole('main', { name: 'Workflows' })).toHaveCount(0);
  await page.getByLabel('API token').fill('not-a-real-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toContainText('unknown or revoked');
  await studio.screenshot('sign-in');

  await page.getByLabel('API token').fill(ADMIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const list = page.getByRole('main', { name: 'Workflows' });
  await expect(list).toContainText('nightly-report');
  expect(await page.evaluate(() => localStorage.getItem('weft.studio.token'))).toBe(ADMIN);

  // The token is kept: a reload opens the studio without the form; the SSE subscription sends it too.
  await page.goto(`${server.url}/#/workflows/nightly-report`);
  await expect(studio.node('greet')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(studio.node('check')).toHaveAttribute('data-status', 'SUCCESS');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(form).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('weft.studio.token'))).toBeNull();
});

test('a viewer token gets a read-only studio that says why', async ({ studio, page }) => {
  await page.goto(`${server.url}/#/workflows/nightly-report`);
  await page.getByLabel('API token').fill(viewerToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(studio.node('greet')).toBeVisible();
  for (const name of ['Save', 'Run']) {
    const button = page.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', /Read-only: token “reader” has the viewer role/);
  }
  await expect(page.getByText('reader · viewer')).toBeVisible();
  await studio.screenshot('read-only');
});
