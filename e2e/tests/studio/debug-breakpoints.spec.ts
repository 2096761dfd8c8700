/** Issue 11 items 1–2: breakpoints are the person's (kept in the browser, never in the YAML) and Debug sends them. */
import { readFileSync } from 'node:fs';
import { mutate } from '../../fixtures/server';
import { ORDERS } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test } from '../../fixtures/studio';

const WF = ORDERS.replace('id: debug-orders', 'id: debug-bp');

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: WF, message: 'breakpoints' });
});

test('breakpoints survive a reload and are absent from Export YAML', async ({ studio, page }) => {
  const debug = new DebuggerPage(page, studio);
  await debug.open('#/workflows/debug-bp');
  // The gutter dot of one node, F9 on another, a condition from the node's context menu.
  await studio.node('load').getByRole('button', { name: 'Breakpoint on load' }).click();
  await studio.node('total').click();
  await page.keyboard.press('F9');
  await studio.node('price').click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Step price' })
    .getByRole('menuitem', { name: /conditional/ })
    .click();
  const condition = page.getByRole('dialog', { name: 'Step price' }).getByRole('combobox');
  await condition.fill('item = 2');
  await condition.press('Enter');

  await expect(studio.node('load')).toHaveAttribute('data-breakpoint', 'on');
  await expect(studio.node('total')).toHaveAttribute('data-breakpoint', 'on');
  await expect(studio.node('price')).toHaveAttribute('data-breakpoint', 'conditional');
  // Disabled from the panel: kept, but not sent.
  const panel = debug.breakpoints;
  await panel.getByRole('checkbox', { name: 'Enable breakpoint on total' }).uncheck();
  await expect(studio.node('total')).toHaveAttribute('data-breakpoint', 'disabled');
  // The document did not change: nothing to save.
  await expect(page.getByRole('heading', { level: 1 })).not.toContainText('unsaved');

  await page.reload();
  await expect(studio.node('load')).toHaveAttribute('data-breakpoint', 'on');
  await expect(studio.node('price')).toHaveAttribute('data-breakpoint', 'conditional');
  await expect(studio.node('total')).toHaveAttribute('data-breakpoint', 'disabled');
  await expect(panel.getByRole('combobox', { name: 'Condition for price' })).toHaveValue('item = 2');

  for (const option of ['With layout', 'Without layout']) {
    await page.getByRole('button', { name: 'Export YAML' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: option }).click();
    const exported = readFileSync((await (await download).path()) as string, 'utf8');
    expect(exported).toContain('id: price');
    expect(exported).not.toMatch(/breakpoint/i);
    expect(exported).not.toContain('item = 2');
  }
  expect(await page.evaluate(() => window.weftStudio?.text() ?? '')).not.toMatch(/breakpoint|item = 2/i);

  // F9 again removes; Remove all empties the panel, and that survives a reload too.
  await studio.node('load').click();
  await page.keyboard.press('F9');
  await expect(studio.node('load')).toHaveAttribute('data-breakpoint', '');
  await panel.getByRole('button', { name: 'Remove all' }).click();
  await page.reload();
  await expect(studio.node('price')).toHaveAttribute('data-breakpoint', '');
  await expect(page.getByText('Breakpoints (0)')).toBeVisible();
});

test('Debug (F5) starts a run that pauses at the enabled breakpoint', async ({ studio, page }) => {
  await new DebuggerPage(page, studio).open('#/workflows/debug-bp');
  await studio.node('total').click();
  await page.keyboard.press('F9');
  await page.keyboard.press('F5');
  const dialog = page.getByRole('dialog', { name: 'Start a debug run' });
  await expect(dialog.getByRole('radio', { name: /At my breakpoints \(1 enabled\)/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Start debugging' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  await expect(studio.node('total')).toHaveAttribute('data-status', 'WAITING');
  await expect(studio.node('price')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(page.getByTestId('run-status')).toHaveText('WAITING');
});
