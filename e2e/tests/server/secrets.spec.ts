/** The Secrets page, and `secrets.<NAME>` in the inspector's expression completion. */
import { expect, test } from '../../fixtures/studio';
import { mutate } from '../../fixtures/server';
import { APPROVAL } from '../../fixtures/workflows';

test('add, replace and delete a secret; completion offers its name', async ({ studio, page, baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: APPROVAL, message: 'for completion' });
  await page.goto('/#/');
  await page.getByRole('link', { name: 'Secrets' }).click();
  const main = page.getByRole('main', { name: 'Secrets' });
  const form = main.getByRole('form', { name: 'Set a secret' });
  await form.getByLabel('Name').fill('1BAD');
  await form.getByLabel('Value').fill('x');
  await form.getByRole('button', { name: 'Add secret' }).click();
  await expect(main.getByRole('alert')).toContainText('A secret name is letters, digits and _');

  await form.getByLabel('Name').fill('DEPLOY_KEY');
  await form.getByLabel('Value').fill('s3cret-value');
  await form.getByRole('button', { name: 'Add secret' }).click();
  await expect(main.getByRole('status')).toHaveText('Added DEPLOY_KEY.');
  await expect(main.getByRole('table')).toContainText('DEPLOY_KEY');
  await expect(main).not.toContainText('s3cret-value');

  await main
    .getByRole('row', { name: /DEPLOY_KEY/ })
    .getByRole('button', { name: 'Replace' })
    .click();
  await expect(form.getByLabel('Name')).toHaveValue('DEPLOY_KEY');
  await form.getByLabel('Value').fill('rotated');
  await form.getByRole('button', { name: 'Replace value' }).click();
  await expect(main.getByRole('status')).toHaveText('Replaced DEPLOY_KEY.');
  await studio.screenshot('secrets');

  // The inspector offers the secret's name inside ${{ }}.
  await page.goto('/#/workflows/release-gate');
  await studio.node('gate').click();
  const message = studio.inspector.getByRole('combobox', { name: 'message' });
  await message.fill('Ship with ${{ secrets.DE');
  await expect(studio.inspector.getByRole('option', { name: /secrets\.DEPLOY_KEY/ })).toBeVisible();

  await page.goto('/#/secrets');
  await main.getByRole('button', { name: 'Delete DEPLOY_KEY' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete secret DEPLOY_KEY?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(main.getByRole('status')).toHaveText('Deleted DEPLOY_KEY.');
  await expect(main.getByRole('table')).not.toContainText('DEPLOY_KEY');
});
