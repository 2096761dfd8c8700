/** Issue 12 item 1: saving a new document never replaces a saved workflow; unchanged text stores nothing. */
import type { Page } from '@playwright/test';
import { mutate } from '../../fixtures/server';
import { expect, test, type StudioPage } from '../../fixtures/studio';

const KEPT = `# the original — must survive
apiVersion: weft/v1
kind: Workflow
id: studio-keep
name: Kept
steps:
  - id: original
    uses: transform
    with:
      expression: "'original'"
`;

const UNRELATED = KEPT.replace('# the original — must survive', '# an unrelated new workflow')
  .replace('name: Kept', 'name: Unrelated')
  .replace('id: original', 'id: unrelated');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: KEPT, message: 'original' });
});

async function newWorkflowWith(studio: StudioPage, page: Page, text: string) {
  await page.goto('/#/');
  // A draft left from earlier must not come back: "New workflow" starts a new document.
  await page.evaluate(() => localStorage.setItem('weft.studio.draft', 'id: stale-draft # old work\n'));
  await page.getByRole('link', { name: 'New workflow' }).click();
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible();
  await expect.poll(() => studio.yamlText()).toContain('# A new workflow.');
  expect(await studio.yamlText()).not.toContain('stale-draft');
  await studio.replaceYaml(text);
  await expect.poll(() => studio.stepIds()).toEqual(['unrelated']);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('new one');
  await page.getByRole('button', { name: 'Save version' }).click();
}

test('a new workflow with a taken id asks, then saves under a new id; the old one is intact', async ({
  studio,
  page,
}) => {
  await newWorkflowWith(studio, page, UNRELATED);
  const dialog = page.getByRole('dialog', { name: 'This id is taken' });
  await expect(dialog).toContainText('A workflow with the id studio-keep already exists');
  await expect(dialog.getByRole('textbox', { name: 'New id' })).toHaveValue('studio-keep-2');
  await dialog.getByRole('button', { name: 'Save under the new id' }).click();
  await expect(page).toHaveURL(/#\/workflows\/studio-keep-2$/);
  await studio.open('#/workflows/studio-keep-2');
  await expect.poll(() => studio.yamlText()).toContain('# an unrelated new workflow');
  expect(await studio.yamlText()).toContain('id: studio-keep-2');

  await studio.open('#/workflows/studio-keep');
  await expect.poll(() => studio.yamlText()).toBe(KEPT);
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History' });
  await expect(history.getByRole('button', { name: 'v1', exact: true })).toBeVisible();
  await expect(history.getByRole('button', { name: 'v2', exact: true })).toHaveCount(0);
});

test('“Open the existing one” opens the saved workflow instead of replacing it', async ({ studio, page }) => {
  await newWorkflowWith(studio, page, UNRELATED);
  const dialog = page.getByRole('dialog', { name: 'This id is taken' });
  await dialog.getByRole('button', { name: 'Open the existing one' }).click();
  // The new document was never saved: leaving it asks first.
  await page
    .getByRole('dialog', { name: 'Unsaved changes' })
    .getByRole('button', { name: 'Leave without saving' })
    .click();
  await expect(page).toHaveURL(/#\/workflows\/studio-keep$/);
  await expect.poll(() => studio.yamlText()).toBe(KEPT);
});

test('saving unchanged text creates no version', async ({ studio, page }) => {
  await studio.open('#/workflows/studio-keep');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No changes since version 1' })).toBeVisible();
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History' });
  await expect(history.getByRole('button', { name: 'v1', exact: true })).toBeVisible();
  await expect(history.getByRole('button', { name: 'v2', exact: true })).toHaveCount(0);
});

test('importing a file whose id is taken asks; the first workflow is untouched', async ({ studio, page }) => {
  const importFile = async () => {
    await page.goto('/#/');
    await page.getByRole('button', { name: 'Import YAML' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import YAML' });
    await dialog.getByLabel('YAML file').setInputFiles({
      name: 'studio-keep.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(UNRELATED),
    });
    await expect(dialog.getByRole('textbox', { name: 'YAML text' })).toHaveValue(UNRELATED);
    await dialog.getByRole('button', { name: 'Import' }).click();
    const taken = page.getByRole('dialog', { name: 'This id is taken' });
    await expect(taken).toContainText('A workflow with the id studio-keep already exists');
    return taken;
  };

  // "Open the existing one" opens it, unchanged.
  await (await importFile()).getByRole('button', { name: 'Open the existing one' }).click();
  await expect(page).toHaveURL(/#\/workflows\/studio-keep$/);
  await expect.poll(() => studio.yamlText()).toBe(KEPT);

  // Importing under a new id keeps the file as written, with only the id changed.
  const taken = await importFile();
  const newId = taken.getByRole('textbox', { name: 'New id' });
  await expect(newId).toHaveValue('studio-keep-2');
  await newId.fill('studio-keep-imported');
  await taken.getByRole('button', { name: 'Save under the new id' }).click();
  await expect(page).toHaveURL(/#\/workflows\/studio-keep-imported$/);
  await expect
    .poll(() => studio.yamlText())
    .toBe(UNRELATED.replace('id: studio-keep', 'id: studio-keep-imported'));

  // The first workflow is untouched: same text, still one version.
  await studio.open('#/workflows/studio-keep');
  await expect.poll(() => studio.yamlText()).toBe(KEPT);
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('dialog', { name: 'History' });
  await expect(history.getByRole('button', { name: 'v1', exact: true })).toBeVisible();
  await expect(history.getByRole('button', { name: 'v2', exact: true })).toHaveCount(0);
});
