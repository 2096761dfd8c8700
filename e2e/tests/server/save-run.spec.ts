import { readFileSync } from 'node:fs';
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

test.describe.configure({ mode: 'serial' });

test('save, run, and watch the nodes turn SUCCESS', async ({ studio, page }) => {
  await page.addInitScript(draftScript(COMMENTED));
  await studio.open('#/local');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('first version');
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page).toHaveURL(/#\/workflows\/nightly-report$/);
  await studio.open('#/workflows/nightly-report');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('textbox', { name: 'who', exact: true }).fill('studio');
  await studio.screenshot('run-form');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(studio.node('greet')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(studio.node('check')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(page.getByTestId('run-status')).toContainText('SUCCESS');
  await studio.node('greet').click();
  await expect(page.getByRole('region', { name: 'Step run' })).toContainText('Hello studio');
  await studio.screenshot('run-live');
});

test('history lists versions and shows a diff; runs list and run page', async ({ studio, page }) => {
  await studio.open('#/workflows/nightly-report');
  await studio
    .node('greet')
    .dragTo(studio.canvas.locator('.react-flow__pane'), { targetPosition: { x: 300, y: 520 } });
  await expect.poll(() => studio.yamlText()).toContain('layout:');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('moved a step');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByRole('button', { name: 'History' }).click();
  const dialog = page.getByRole('dialog', { name: 'History' });
  await expect(dialog).toContainText('moved a step');
  await dialog.getByRole('button', { name: 'v1', exact: true }).click();
  await dialog.getByRole('button', { name: 'v2', exact: true }).click();
  await expect(dialog.locator('.diff-add').first()).toContainText('layout:');
  await studio.screenshot('history');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.goto('/#/workflows/nightly-report/runs');
  await expect(page.getByRole('main', { name: 'Runs' })).toContainText('SUCCESS');
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('FAILED');
  await expect(page.getByRole('main', { name: 'Runs' })).toContainText('No run matches');
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('');
  await studio.screenshot('runs');
  await page.locator('table.runs a').first().click();
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(studio.node('greet')).toHaveAttribute('data-status', 'SUCCESS');
  await studio.screenshot('run');
});

test('export, re-import on the workflows page, same YAML', async ({ studio, page }) => {
  await studio.open('#/workflows/nightly-report');
  const text = await studio.yamlText();
  await page.getByRole('button', { name: 'Export YAML' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'With layout' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8');
  expect(exported).toBe(text);

  await page.goto('/#/');
  await expect(page.getByRole('main', { name: 'Workflows' })).toContainText('nightly-report');
  await studio.screenshot('workflows');
  await page.getByRole('button', { name: 'Import YAML' }).click();
  await page
    .getByRole('textbox', { name: 'YAML text' })
    .fill(exported.replace('id: nightly-report', 'id: nightly-copy'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/#\/workflows\/nightly-copy$/);
  await studio.open('#/workflows/nightly-copy');
  await expect.poll(() => studio.yamlText()).toBe(text.replace('id: nightly-report', 'id: nightly-copy'));
});
