/** Issue 12 item 3: expression completion never corrupts what the person typed. */
import { expect, test } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: completion-case
steps:
  - id: hello
    uses: transform
    with:
      expression: "200"
  - id: check
    uses: if
    needs: [hello]
    with:
      condition: "true"
`;

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(FLOW));
});

test('typing a comparison and Enter keeps exactly what was typed', async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.node('check').click();
  const inputs = studio.inspector.getByRole('region', { name: 'Inputs' });
  const condition = inputs.getByRole('combobox', { name: 'condition' });
  await condition.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await condition.pressSequentially('steps.he');
  const list = page.getByRole('listbox', { name: 'Completions for condition' });
  await expect(list.getByRole('option', { name: /steps\.hello\.output/ })).toBeVisible();
  // Nothing is chosen until the person picks: ArrowDown chooses the first suggestion, Enter inserts it.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(condition).toHaveValue('steps.hello.output');
  await expect(list).toBeHidden();
  await condition.pressSequentially(' = 200');
  await expect(list).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(condition).toHaveValue('steps.hello.output = 200');
  await expect.poll(() => studio.yamlText()).toMatch(/condition: "?steps\.hello\.output = 200"?\n/);
  expect(await studio.yamlText()).not.toContain('200steps');
});

test('Enter after a typed word with the list open commits the text, not a suggestion', async ({
  studio,
  page,
}) => {
  await studio.open('#/local');
  await studio.node('check').click();
  const settings = studio.inspector.getByRole('region', { name: 'Step settings' });
  const field = settings.getByRole('combobox', { name: 'if' });
  await field.click();
  await field.pressSequentially('steps');
  await expect(page.getByRole('listbox', { name: 'Completions for if' })).toBeVisible();
  await field.pressSequentially(".hello.status = 'SUCC");
  await expect(page.getByRole('listbox', { name: 'Completions for if' })).toBeHidden();
  await field.pressSequentially("ESS'");
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue("steps.hello.status = 'SUCCESS'");
  await expect.poll(() => studio.yamlText()).toContain("steps.hello.status = 'SUCCESS'");
});
