/** Acting on runs from their view: approve a waiting approval, retry from a step, cancel. */
import { expect, test } from '../../fixtures/studio';
import { mutate } from '../../fixtures/server';
import { APPROVAL } from '../../fixtures/workflows';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: APPROVAL, message: 'gate' });
});

test('run a workflow with an approval, see it WAITING, approve it in the UI, see SUCCESS', async ({
  studio,
  page,
}) => {
  await page.goto('/#/workflows/release-gate');
  await expect(studio.node('gate')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(studio.node('gate')).toHaveAttribute('data-status', 'WAITING');
  await page.getByTestId('run-status').click();

  await expect(page).toHaveURL(/#\/runs\//);
  await expect(studio.node('gate')).toHaveAttribute('data-status', 'WAITING');
  const approval = page.getByRole('group', { name: 'Approval gate' });
  await expect(approval).toContainText('Ship it?');
  await approval.getByRole('textbox', { name: 'Comment for gate' }).fill('looks good');
  await studio.screenshot('run-approval');
  await approval.getByRole('button', { name: 'Approve' }).click();

  await expect(studio.node('gate')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(studio.node('ship')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(approval).toHaveCount(0);
  await studio.node('gate').click();
  await expect(page.getByRole('region', { name: 'Step run' })).toContainText('looks good');
});

test('retry a finished run from a step opens the new run', async ({ studio, page }) => {
  await page.goto('/#/workflows/release-gate/runs');
  await page.locator('table.runs a').first().click();
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  const oldUrl = page.url();
  const actions = page.getByRole('region', { name: 'Run actions' });
  await expect(actions.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await actions.getByRole('combobox', { name: 'Retry from step' }).selectOption('ship');
  await actions.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => page.url()).not.toBe(oldUrl);
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(studio.node('ship')).toHaveAttribute('data-status', 'SUCCESS');
});

test('cancel a run that waits for its approval', async ({ studio, page, baseURL }) => {
  const { runId } = (await mutate(baseURL as string, 'runs.start', { workflowId: 'release-gate' })) as {
    runId: string;
  };
  await page.goto(`/#/runs/${runId}`);
  await expect(studio.node('gate')).toHaveAttribute('data-status', 'WAITING');
  const actions = page.getByRole('region', { name: 'Run actions' });
  await actions.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('CANCELLED');
  await expect(actions.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Approval gate' })).toHaveCount(0);
});
