/**
 * Issue 15 item 3: a step's log lines appear on the run page as they are written, while the step
 * still runs — not when it ends — each with its own time, with a level filter, search and follow.
 */
import { mutate, query, runEnded } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

// `gate` holds the run until the test, with the page open, approves it; `fetch` then logs two lines
// and sleeps far longer than the test needs, so the lines can only be seen while it runs.
const LIVE = `apiVersion: weft/v1
kind: Workflow
id: live-logs
steps:
  - id: gate
    uses: approval
    with:
      message: start fetching?
  - id: fetch
    uses: code
    needs: [gate.approved]
    with:
      source: |
        export default async () => {
          console.log("fetching page 1 of the orders");
          console.warn("the orders API answers slowly");
          await new Promise((r) => setTimeout(r, 25000));
          console.log("done");
          return 1;
        };
`;

test('a log line shows on the run page before its step ends, with level filter, search and follow', async ({
  page,
  studio,
  baseURL,
}) => {
  const url = baseURL as string;
  await mutate(url, 'workflows.save', { yaml: LIVE, message: 'live logs' });
  const { runId } = (await mutate(url, 'runs.start', { workflowId: 'live-logs' })) as { runId: string };

  await page.goto(`/#/runs/${runId}`);
  const panel = page.getByRole('region', { name: 'Run panel' });
  await expect(panel.getByRole('navigation', { name: 'Run steps' })).toContainText('WAITING');
  await panel.getByRole('navigation', { name: 'Run steps' }).getByRole('button', { name: /fetch/ }).click();
  const log = panel.getByRole('region', { name: 'Log' });
  await expect(log).toContainText('No log lines yet.');

  // The page is open and listening; now the step starts and writes.
  await mutate(url, 'runs.approve', { runId, stepId: 'gate' });
  const lines = log.getByTestId('log-line');
  await expect(lines).toHaveCount(2);
  // Seen while the step still runs: the store agrees, and the run has not ended.
  const now = (await query(url, 'runs.get', { runId })) as {
    run: { status: string };
    steps: { stepId: string; status: string }[];
  };
  expect(now.run.status).toBe('RUNNING');
  expect(now.steps.find((s) => s.stepId === 'fetch')?.status).toBe('RUNNING');
  await expect(panel.getByRole('navigation', { name: 'Run steps' })).toContainText(/fetch\s*RUNNING/);

  await expect(lines.nth(0).locator('.log-level')).toHaveText('info');
  await expect(lines.nth(0)).toContainText('fetching page 1 of the orders');
  await expect(lines.nth(1).locator('.log-level')).toHaveText('warn');
  // Each line keeps its own time, to the millisecond.
  await expect(lines.nth(0).locator('time')).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await expect(lines.nth(0).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);

  // Level filter and search.
  await log.getByLabel('Lowest level').selectOption('warn');
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText('answers slowly');
  await log.getByLabel('Lowest level').selectOption('debug');
  await log.getByLabel('Search the log').fill('PAGE 1');
  await expect(lines).toHaveCount(1);
  await expect(lines.first().locator('mark')).toHaveText('page 1');
  await expect(log).toContainText('1 of 2 lines');
  await log.getByLabel('Search the log').fill('');
  await expect(log.getByLabel('Follow')).toBeChecked();
  await studio.screenshot('live-logs');

  await mutate(url, 'runs.cancel', { runId });
  expect(await runEnded(url, runId)).toBe('CANCELLED');
});
