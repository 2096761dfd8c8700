/** Issue 12 item 10 (part): the palette, canvas nodes and dialogs work from the keyboard. */
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

test('the palette, canvas nodes and dialogs work from the keyboard', async ({ studio, page }) => {
  await page.addInitScript(draftScript(COMMENTED));
  await studio.open('#/local');
  // Palette: focus a block and press Enter to add it.
  const wait = studio.palette.getByRole('button', { name: /^Wait \(/ });
  await wait.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => studio.stepIds()).toContain('wait_1');
  // Canvas nodes: Tab reaches them, Enter selects, Delete removes.
  await studio.node('wait_1').locator('xpath=..').focus();
  await page.keyboard.press('Enter');
  await expect(studio.inspector.getByRole('heading', { name: 'Wait' })).toBeVisible();
  await page.keyboard.press('Delete');
  await expect.poll(() => studio.stepIds()).not.toContain('wait_1');
  // Dialogs: open with the keyboard, Escape closes and focus comes back.
  await page.getByRole('button', { name: 'Save', exact: true }).focus();
  await page.keyboard.press('Enter');
  const save = page.getByRole('dialog', { name: 'Save a version' });
  await expect(save.getByRole('textbox', { name: 'Version message' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(save).toHaveCount(0);
});
