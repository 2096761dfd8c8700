/** Issue 12 item 8: a 1024 px window keeps half for the canvas, phones get a read-only studio, dark mode. */
import { mutate } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';
import { APPROVAL, COMMENTED, draftScript } from '../../fixtures/workflows';

test('at 1024 px the canvas has at least half the width; a wider window gets the panes back', async ({
  studio,
  page,
}) => {
  await page.addInitScript(draftScript(COMMENTED));
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/#/local');
  await expect(studio.node('greet')).toBeVisible();
  const canvas = await studio.canvas.boundingBox();
  expect(canvas?.width ?? 0).toBeGreaterThanOrEqual(512);
  await expect(page.getByRole('button', { name: 'Show YAML' })).toBeVisible();
  await expect(studio.yaml).toHaveCount(0);
  await page.setViewportSize({ width: 1600, height: 900 });
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible();
  const yaml = await page.locator('.yaml-col').boundingBox();
  expect(Math.round(yaml?.width ?? 0)).toBe(340);
});

test('below 768 px: runs and approvals work, the editor is read-only', async ({ studio, page, baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', {
    yaml: APPROVAL.replace('id: release-gate', 'id: phone-gate'),
    message: 'phone',
  });
  const { runId } = (await mutate(baseURL as string, 'runs.start', { workflowId: 'phone-gate' })) as {
    runId: string;
  };
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(`/#/runs/${runId}`);
  const approval = page.getByRole('group', { name: 'Approval gate' });
  await expect(approval).toContainText('Ship it?');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await page.goto('/#/workflows/phone-gate');
  await expect(page.getByRole('note')).toContainText('Editing needs a wider screen');
  await expect(page.getByRole('link', { name: 'Runs of this workflow' })).toBeVisible();
  void studio;
});

test('dark mode follows the system, and the toggle overrides it', async ({ studio, page }) => {
  await page.addInitScript(draftScript(COMMENTED));
  await page.emulateMedia({ colorScheme: 'dark' });
  await studio.open('#/local');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe('rgb(21, 24, 29)');
  await studio.screenshot('dark-mode');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
