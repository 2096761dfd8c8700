/**
 * Issue 15 item 2: the runs explorer (`#/runs`) lists every run across workflows, filters them by
 * workflow, status, trigger, time and error text (all kept in the address), and retries or cancels
 * the selected runs in bulk, showing what happened to each.
 */
import { mutate, query, runEnded, startServer } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const OK = `apiVersion: weft/v1
kind: Workflow
id: explore-ok
steps:
  - id: add
    uses: transform
    with:
      expression: "1 + 1"
`;

const PAY = `apiVersion: weft/v1
kind: Workflow
id: explore-pay
steps:
  - id: load
    uses: transform
    with:
      expression: "42"
  - id: charge
    uses: fail
    needs: [load]
    with:
      message: card declined for explorer order 7
      code: HTTP_ERROR
`;

const NAP = `apiVersion: weft/v1
kind: Workflow
id: explore-nap
steps:
  - id: nap
    uses: wait
    with:
      duration: 1h
`;

async function start(url: string, workflowId: string): Promise<string> {
  return ((await mutate(url, 'runs.start', { workflowId })) as { runId: string }).runId;
}

test('the explorer filters runs across workflows and retries and cancels them in bulk', async ({
  page,
  studio,
  baseURL,
}) => {
  const url = baseURL as string;
  for (const yaml of [OK, PAY, NAP]) await mutate(url, 'workflows.save', { yaml, message: 'explorer' });
  const ok = await start(url, 'explore-ok');
  const failed = [
    await start(url, 'explore-pay'),
    await start(url, 'explore-pay'),
    await start(url, 'explore-pay'),
  ];
  const napping = await start(url, 'explore-nap');
  expect(await runEnded(url, ok)).toBe('SUCCESS');
  for (const id of failed) expect(await runEnded(url, id)).toBe('FAILED');

  // Reached from the sections bar of any page.
  await page.goto('/#/dashboard');
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Runs', exact: true })
    .click();
  await expect(page).toHaveURL(/#\/runs$/);
  const table = page.locator('table.explorer-table');
  const rows = table.locator('tbody tr');
  await expect(table.getByRole('link', { name: 'explore-nap' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'explore-ok' })).toBeVisible();

  // Workflow and status: kept in the address, applied by the server.
  const filters = page.getByRole('region', { name: 'Filters' });
  await filters.getByRole('combobox', { name: /^Workflow/ }).selectOption('explore-pay');
  await expect(page).toHaveURL(/#\/runs\?workflow=explore-pay$/);
  await expect(rows).toHaveCount(3);
  // The box shows the click at once: the page follows the address in the same event, so a loaded
  // machine's late hashchange cannot leave it unchecked meanwhile.
  const failedBox = filters.getByRole('group', { name: 'Status' }).getByLabel('failed');
  expect(
    await failedBox.evaluate((box: HTMLInputElement) => {
      box.click();
      return box.checked;
    }),
  ).toBe(true);
  await expect(page).toHaveURL(/workflow=explore-pay&status=FAILED/);
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('HTTP_ERROR');
  await expect(rows.first()).toContainText('api');
  await expect(rows.first()).toContainText('v1');

  // Error text, across every workflow.
  await filters.getByRole('combobox', { name: /^Workflow/ }).selectOption('');
  await filters.getByRole('searchbox', { name: 'Error' }).fill('EXPLORER ORDER 7');
  await filters.getByRole('searchbox', { name: 'Error' }).press('Enter');
  await expect(page).toHaveURL(/status=FAILED&error=EXPLORER\+ORDER\+7/);
  await expect(rows).toHaveCount(3);
  for (const id of failed)
    await expect(table.getByRole('link', { name: `${id.slice(0, 13)}…` })).toBeVisible();
  await filters.getByRole('searchbox', { name: 'Error' }).fill('no run says this');
  await filters.getByRole('searchbox', { name: 'Error' }).press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveText('No run matches these filters.');

  // A shared link shows the same view: trigger and time range too.
  await page.goto('/#/runs?workflow=explore-pay&trigger=cron');
  await expect(rows.first()).toHaveText('No run matches these filters.');
  await page.goto('/#/runs?workflow=explore-pay&trigger=api&range=1h');
  await expect(rows).toHaveCount(3);
  await expect(filters.getByRole('combobox', { name: /^Time/ })).toHaveValue('1h');
  await expect(filters.getByRole('group', { name: 'Trigger' }).getByLabel('api')).toBeChecked();
  await page.goto('/#/runs?status=LOST');
  await expect(page.getByRole('alert')).toContainText('unknown status "LOST"');

  // Bulk retry: select the failed runs, confirm, see each one's new run.
  await page.goto('/#/runs?workflow=explore-pay&status=FAILED');
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Select every run on this page').check();
  const bar = page.getByRole('toolbar', { name: 'Selected runs' });
  await expect(bar).toContainText('3 selected');
  await studio.screenshot('runs-explorer');
  await bar.getByRole('button', { name: 'Retry runs…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Retry 3 runs?' });
  await expect(confirm).toContainText('from its first failed step');
  await confirm.getByRole('button', { name: 'Retry 3 runs' }).click();
  const results = page.getByRole('status', { name: 'Bulk results' });
  await expect(results.getByRole('heading')).toHaveText('Retry: 3 done, 0 refused');
  await expect(results.getByRole('listitem')).toHaveCount(3);
  for (const id of failed) {
    const item = results.getByRole('listitem').filter({ hasText: id.slice(0, 13) });
    await expect(item).toContainText('retried from step charge → new run');
  }
  const retries = (await query(url, 'runs.list', { workflowId: 'explore-pay', trigger: 'retry' })) as {
    runs: { trigger: { runId: string; fromStepId: string } }[];
  };
  expect(retries.runs.map((r) => r.trigger.runId).sort()).toEqual([...failed].sort());
  expect(retries.runs.every((r) => r.trigger.fromStepId === 'charge')).toBe(true);
  // The new runs are in the list, as retries.
  await page.getByRole('group', { name: 'Trigger' }).getByLabel('retry').check();
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByTestId('trigger')).toContainText('retry');

  // Bulk cancel of a waiting run.
  await page.goto('/#/runs?workflow=explore-nap');
  await page.getByLabel(`Select run ${napping}`).check();
  await page
    .getByRole('toolbar', { name: 'Selected runs' })
    .getByRole('button', { name: 'Cancel runs…' })
    .click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel 1 run' }).click();
  await expect(page.getByRole('status', { name: 'Bulk results' }).getByRole('heading')).toHaveText(
    'Cancel: 1 done, 0 refused',
  );
  expect(await runEnded(url, napping)).toBe('CANCELLED');
  await expect(rows.first()).toContainText('CANCELLED');
});

test('a server with runs lands on the dashboard, which links to the runs it counts', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/#\/dashboard$/);
  await page.getByRole('link', { name: 'Every run of this window in the runs explorer →' }).click();
  await expect(page).toHaveURL(/#\/runs\?range=24h$/);
  await expect(page.locator('table.explorer-table tbody tr').first()).toContainText(/explore-/);
  // `#/` (the Workflows link) stays the home page.
  await page.goto('/#/');
  await expect(page.getByRole('main', { name: 'Workflows' })).toBeVisible();
  await expect(page).toHaveURL(/#\/$/);
});

test('a server without runs lands on the home page', async ({ page }) => {
  const server = await startServer([]);
  try {
    await page.goto(`${server.url}/`);
    await expect(page.getByRole('main', { name: 'Workflows' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('');
  } finally {
    await server.stop();
  }
});
