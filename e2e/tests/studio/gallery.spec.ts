/** Issue 13: the template gallery — filter, preview, use → the editor on a new workflow, never overwriting one. */
import { mutate } from '../../fixtures/server';
import { storedWorkflow } from '../../fixtures/gallery';
import { expect, test } from '../../fixtures/studio';

test('open the gallery, filter, preview, use → the editor on a new id; a second use leaves the first untouched', async ({
  page,
  studio,
  baseURL,
}) => {
  const url = baseURL as string;
  await page.goto('/#/');
  await page.getByRole('link', { name: 'Templates', exact: true }).first().click();
  await expect(page).toHaveURL(/#\/templates$/);
  const cards = page.getByRole('list', { name: 'Template cards' }).getByRole('article');
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(24);
  // Every card draws its workflow.
  await expect(
    cards
      .first()
      .getByRole('img', { name: /^Steps of / })
      .locator('.mini-node')
      .first(),
  ).toBeVisible();
  await studio.screenshot('gallery');

  // Category filter.
  const categories = page.getByRole('group', { name: 'Categories' });
  await categories.getByRole('button', { name: /^Human in the loop/ }).click();
  await expect(categories.getByRole('button', { name: /^Human in the loop/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: 'Expense approval' })).toHaveCount(1);
  // Tag filter narrows within the category.
  await page.getByLabel('Tag').selectOption('moderation');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('moderat');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(24);
  // Search.
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('rollback');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('deploy');
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('no such template anywhere');
  await expect(cards).toHaveCount(0);
  await expect(page.getByText('No template matches')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('expense');
  await expect(cards).toHaveCount(1);

  // Preview: the detail page shows the YAML, the inputs, the secrets and hosts.
  await page.getByRole('link', { name: 'Preview Expense approval' }).click();
  await expect(page).toHaveURL(/#\/templates\/expense-approval$/);
  const detail = page.getByRole('main', { name: 'Template Expense approval' });
  await expect(detail.getByRole('region', { name: 'YAML' })).toContainText('id: expense-approval');
  const inputs = detail.getByRole('region', { name: 'Inputs' });
  await expect(inputs).toContainText('amount');
  await expect(inputs).toContainText('Sample: 100');
  await expect(detail.getByRole('region', { name: 'Secrets' })).toContainText('None.');
  await expect(detail.getByRole('region', { name: 'Hosts' })).toContainText('needs no network');
  await expect(
    detail.getByRole('img', { name: 'Steps of Expense approval' }).locator('.mini-node'),
  ).toHaveCount(3);
  await studio.screenshot('gallery-template');
  // Back to the list: the filters are as they were left.
  await page.goBack();
  await expect(page.getByRole('searchbox', { name: 'Search templates' })).toHaveValue('expense');
  await expect(cards).toHaveCount(1);
  await page.getByRole('link', { name: 'Preview Expense approval' }).click();

  // Use: a new workflow, opened in the editor.
  await detail.getByRole('button', { name: 'Use this template' }).click();
  await expect(page).toHaveURL(/#\/workflows\/expense-approval(-\d+)?$/);
  const firstId = decodeURIComponent(page.url().split('#/workflows/')[1] ?? '');
  await expect(studio.canvas.locator('.react-flow__node').first()).toBeVisible();
  expect(await studio.stepIds()).toEqual(['large', 'review', 'decision']);
  const first = await storedWorkflow(url, firstId);
  expect(first?.yaml).toContain(`id: ${firstId}`);

  // The first copy is changed and saved by its owner …
  const edited = (first?.yaml ?? '').replace('name: Expense approval', 'name: Our expenses');
  await mutate(url, 'workflows.save', { yaml: edited, message: 'ours now' });
  const before = await storedWorkflow(url, firstId);
  expect(before?.yaml).toContain('name: Our expenses');

  // … then the same template is used again, from its card.
  await page.goto('/#/templates');
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('expense');
  await expect(cards).toHaveCount(1);
  await page.getByRole('button', { name: 'Use Expense approval' }).click();
  await expect(page).not.toHaveURL(new RegExp(`#/workflows/${firstId}$`));
  await expect(page).toHaveURL(/#\/workflows\/expense-approval-\d+$/);
  const secondId = decodeURIComponent(page.url().split('#/workflows/')[1] ?? '');
  expect(secondId).not.toBe(firstId);
  await expect(studio.canvas.locator('.react-flow__node').first()).toBeVisible();
  expect((await storedWorkflow(url, secondId))?.yaml).toContain('name: Expense approval');
  // The first is as its owner left it.
  expect(await storedWorkflow(url, firstId)).toEqual(before);
});
