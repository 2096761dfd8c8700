/** Issue 15 item 1: the dashboard shows the runs a test just made, and keeps up as more arrive. */
import { mutate, query, runEnded } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const OK = `apiVersion: weft/v1
kind: Workflow
id: dash-ok
name: Dashboard succeeds
steps:
  - id: add
    uses: transform
    with:
      expression: "1 + 1"
`;

const FAILS = `apiVersion: weft/v1
kind: Workflow
id: dash-fails
name: Dashboard fails
steps:
  - id: charge
    uses: fail
    with:
      message: card declined for order 42
      code: HTTP_ERROR
`;

async function run(url: string, workflowId: string): Promise<string> {
  const { runId } = (await mutate(url, 'runs.start', { workflowId })) as { runId: string };
  return runEnded(url, runId);
}

test('the dashboard shows the runs just made, their failure and durations, and updates live', async ({
  page,
  studio,
  baseURL,
}) => {
  const url = baseURL as string;
  await mutate(url, 'workflows.save', { yaml: OK, message: 'dashboard' });
  await mutate(url, 'workflows.save', { yaml: FAILS, message: 'dashboard' });
  const before = (await query(url, 'dashboard.summary', { range: '24h' })) as {
    perBucket: { count: number }[];
  };
  const createdBefore = before.perBucket.reduce((n, b) => n + b.count, 0);
  expect(await run(url, 'dash-ok')).toBe('SUCCESS');
  expect(await run(url, 'dash-ok')).toBe('SUCCESS');
  expect(await run(url, 'dash-fails')).toBe('FAILED');

  await page.goto('/#/');
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page).toHaveURL(/#\/dashboard$/);

  const durations = page.getByRole('region', { name: 'Durations' });
  await expect(durations.getByRole('row', { name: /dash-ok/ })).toContainText(/dash-ok\s*2/);
  const failing = page.getByRole('region', { name: 'Failing workflows' });
  const failRow = failing.getByRole('row', { name: /dash-fails/ });
  await expect(failRow).toContainText('card declined for order 42');
  await expect(failRow).toContainText('HTTP_ERROR');
  // Every run made so far in the window is in the chart (other specs' runs included).
  await expect(page.getByTestId('runs-chart')).toHaveAttribute('data-total', String(createdBefore + 3));
  await expect(page.getByTestId('success-rate')).not.toHaveText('—');
  await expect(page.getByTestId('db-size')).toContainText(/KiB|MiB/);
  await studio.screenshot('dashboard');

  // Live: a run made while the page is open shows without touching the page.
  expect(await run(url, 'dash-ok')).toBe('SUCCESS');
  await expect(durations.getByRole('row', { name: /dash-ok/ })).toContainText(/dash-ok\s*3/);
  await expect(page.getByTestId('runs-chart')).toHaveAttribute('data-total', String(createdBefore + 4));

  // The last failure links to its run.
  await failRow.getByRole('link', { name: /ago|just now/ }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  await expect(page.getByTestId('run-status')).toHaveText('FAILED');
});
