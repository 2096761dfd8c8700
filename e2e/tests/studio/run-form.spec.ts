/**
 * Issue 10: the run form checks inputs by the one rule of @weft/dsl (`resolveRunInputs`), so the
 * studio names each problem with the same text as `weft run` and the engine, all at once.
 */
import { mutate } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';

const TYPED = `apiVersion: weft/v1
kind: Workflow
id: studio-typed-inputs
name: Typed inputs
inputs:
  repo: { type: string, required: true }
  limit: { type: integer, default: 10 }
  dry: { type: boolean }
steps:
  - id: echo
    uses: transform
    with:
      expression: "inputs.repo & ' ' & inputs.limit"
outputs:
  line: \${{ steps.echo.output }}
`;

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: TYPED, message: 'typed inputs' });
});

test('the run form names every bad input with the CLI and engine text, then starts the run', async ({
  studio,
  page,
}) => {
  await studio.open('#/workflows/studio-typed-inputs');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Start a run' });
  await form.getByRole('textbox', { name: 'limit', exact: true }).fill('1.5');
  await form.getByRole('textbox', { name: 'dry', exact: true }).fill('yes');
  await form.getByRole('button', { name: 'Start run' }).click();
  const alert = form.getByRole('alert');
  await expect(alert.getByRole('paragraph')).toHaveText([
    "input 'repo' is required",
    'input \'limit\' must be an integer, not "1.5"',
    'input \'dry\' must be a boolean, not "yes"',
  ]);
  await studio.screenshot('run-form-errors');

  await form.getByRole('textbox', { name: 'repo', exact: true }).fill('a/b');
  await form.getByRole('textbox', { name: 'limit', exact: true }).fill('');
  await form.getByRole('textbox', { name: 'dry', exact: true }).fill('true');
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('SUCCESS');
  await studio.node('echo').click();
  await expect(page.getByRole('region', { name: 'Step run' })).toContainText('a/b 10');
});
