/** Issue 12 item 10 (part): the palette, canvas nodes and dialogs work from the keyboard. */
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

/** The `layout` entry the YAML holds for a step, or null. */
function layoutOf(yaml: string, stepId: string): [number, number] | null {
  const m = new RegExp(`^  ${stepId}: \\[(-?\\d+), (-?\\d+)\\]`, 'm').exec(yaml);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

test('the palette, canvas nodes and dialogs work from the keyboard', async ({ studio, page }) => {
  test.slow();
  await page.addInitScript(draftScript(COMMENTED));
  await studio.open('#/local');

  // Palette: type in its search box, Tab to the block, Enter adds it.
  await studio.palette.getByRole('searchbox', { name: 'Search blocks' }).focus();
  await page.keyboard.type('wait');
  // Tab through the blocks the search left (a description may mention waiting) to the Wait block.
  const waitBlock = studio.palette.getByRole('button', { name: /^Wait wait$/ });
  for (let i = 0; i < 8 && !(await waitBlock.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(waitBlock).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => studio.stepIds()).toContain('wait_1');

  // Canvas nodes: a node takes focus, Enter selects it, the arrow keys move it (the layout in the
  // YAML follows), Delete removes it.
  const node = studio.node('wait_1').locator('xpath=..');
  await node.focus();
  await expect(node).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(studio.inspector.getByRole('heading', { name: 'Wait' })).toBeVisible();
  // The file has no `layout`: the first move writes every step's position, the next moves this one.
  expect(layoutOf(await studio.yamlText(), 'wait_1')).toBeNull();
  await page.keyboard.press('Shift+ArrowRight'); // 20 px
  await expect.poll(async () => layoutOf(await studio.yamlText(), 'wait_1')).not.toBeNull();
  const before = layoutOf(await studio.yamlText(), 'wait_1') ?? [0, 0];
  await page.keyboard.press('ArrowDown'); // 5 px
  await expect
    .poll(async () => layoutOf(await studio.yamlText(), 'wait_1'))
    .toEqual([before[0], before[1] + 5]);
  await page.keyboard.press('Delete');
  await expect.poll(() => studio.stepIds()).not.toContain('wait_1');
  await expect.poll(async () => layoutOf(await studio.yamlText(), 'wait_1')).toBeNull();

  // Dialogs: open with the keyboard, focus goes into the dialog, Escape closes it and focus comes back.
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });
  await saveButton.focus();
  await page.keyboard.press('Enter');
  const save = page.getByRole('dialog', { name: 'Save a version' });
  await expect(save.getByRole('textbox', { name: 'Version message' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(save).toHaveCount(0);
  await expect(saveButton).toBeFocused();
});
