/** Issue 12 item 4: after a failed run the error is where the eye is; the run page follows the run live. */
import { mutate } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const FAILING = `apiVersion: weft/v1
kind: Workflow
id: studio-fails
name: Fails on purpose
steps:
  - id: prepare
    uses: transform
    with:
      expression: "{ 'order': 42 }"
  - id: charge
    uses: fail
    needs: [prepare]
    with:
      message: card declined for order 42
      code: HTTP_ERROR
`;

const GATED = `apiVersion: weft/v1
kind: Workflow
id: studio-gated
name: Gated
steps:
  - id: build
    uses: transform
    with:
      expression: "'v9'"
  - id: gate
    uses: approval
    needs: [build]
    with:
      message: Ship v9?
  - id: ship
    uses: transform
    needs: [gate.approved]
    with:
      expression: "'shipped ' & steps.build.output"
outputs:
  shipped: \${{ steps.ship.output }}
`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: FAILING, message: 'fails' });
  await mutate(baseURL as string, 'workflows.save', { yaml: GATED, message: 'gated' });
});

test('a failed run opens its panel on the failed step, error first, in view', async ({ studio, page }) => {
  await studio.open('#/workflows/studio-fails');
  // The person had another step selected while editing.
  await studio.node('prepare').click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('FAILED');

  const panel = page.getByRole('region', { name: 'Run panel' });
  const step = panel.getByRole('region', { name: 'Step run' });
  await expect(step.getByRole('heading', { level: 3 })).toContainText('charge');
  const error = step.getByLabel('Step error');
  await expect(error).toContainText('HTTP_ERROR');
  await expect(error).toContainText('card declined for order 42');
  await expect(error).toBeInViewport();
  // Error first: above the step's output and input.
  const errorBox = await error.boundingBox();
  const outputBox = await step.getByRole('heading', { name: 'Output' }).boundingBox();
  expect(errorBox && outputBox && errorBox.y < outputBox.y).toBe(true);
  await expect(studio.node('charge')).toHaveClass(/selected/);
  await studio.screenshot('run-panel');

  // Any other step is one click away in the panel's list.
  await panel
    .getByRole('navigation', { name: 'Run steps' })
    .getByRole('button', { name: /prepare/ })
    .click();
  await expect(step).toContainText('42');
  await expect(step.getByLabel('Step error')).toHaveCount(0);
});

test('the run page shows outputs as the run goes on, with no reload', async ({ studio, page, baseURL }) => {
  const { runId } = (await mutate(baseURL as string, 'runs.start', { workflowId: 'studio-gated' })) as {
    runId: string;
  };
  await page.goto(`/#/runs/${runId}`);
  await expect(studio.node('gate')).toHaveAttribute('data-status', 'WAITING');
  const outputs = page.getByTestId('run-outputs');
  await expect(outputs).toContainText('null');
  const approval = page.getByRole('group', { name: 'Approval gate' });
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(outputs).toContainText('shipped v9');
  await studio.node('ship').click();
  await expect(page.getByRole('region', { name: 'Step run' })).toContainText('shipped v9');
});
