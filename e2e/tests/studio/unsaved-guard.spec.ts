/** Issue 12 item 2: leaving an editor with unsaved changes asks first; Ctrl/Cmd+S saves. */
import type { Page } from '@playwright/test';
import { mutate } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: studio-guard
name: Guarded
steps:
  - id: hello
    uses: transform
    with:
      expression: "'hi'"
`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: FLOW, message: 'first' });
});

async function rename(page: Page, name: string) {
  const field = page.getByRole('textbox', { name: 'Workflow name' });
  await field.fill(name);
  await field.press('Enter');
}

test('the brand link and the back button ask before unsaved edits are lost', async ({ studio, page }) => {
  await page.goto('/#/');
  await studio.open('#/workflows/studio-guard');
  await rename(page, 'Guarded, edited');
  await expect(page.getByRole('toolbar', { name: 'Editor' })).toContainText('unsaved');

  const ask = page.getByRole('dialog', { name: 'Unsaved changes' });
  await page.evaluate(() => history.back());
  await expect(ask).toBeVisible();
  await expect(page).toHaveURL(/#\/workflows\/studio-guard$/);
  await ask.getByRole('button', { name: 'Stay' }).click();
  await expect(ask).toBeHidden();
  await page.getByRole('link', { name: 'Weft' }).click();
  await expect(ask).toBeVisible();
  await expect(page).toHaveURL(/#\/workflows\/studio-guard$/);
  await expect.poll(() => studio.yamlText()).toContain('name: Guarded, edited');
  await ask.getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByRole('main', { name: 'Workflows' })).toBeVisible();
});

test('closing the tab with unsaved edits asks the browser’s question', async ({ studio, page }) => {
  await studio.open('#/workflows/studio-guard');
  await rename(page, 'About to close');
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => (resolve(d.type()), void d.accept())),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('Ctrl/Cmd+S saves, and a saved editor leaves without asking', async ({ studio, page }) => {
  await studio.open('#/workflows/studio-guard');
  await rename(page, 'Saved with the keyboard');
  await studio.yaml.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+S');
  const save = page.getByRole('dialog', { name: 'Save a version' });
  await expect(save).toBeVisible();
  await page.keyboard.type('renamed');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved studio-guard v2' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Editor' })).not.toContainText('unsaved');
  await page.getByRole('link', { name: 'Weft' }).click();
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.getByRole('dialog', { name: 'Unsaved changes' })).toHaveCount(0);
});
