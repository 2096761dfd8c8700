/** Issue 11 item 3: a paused run in the studio — why, the inputs to edit, Continue (F8), Step (F10), reload. */
import { mutate } from '../../fixtures/server';
import { GREET, ORDERS } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test } from '../../fixtures/studio';

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: GREET, message: 'greet' });
  await mutate(baseURL as string, 'workflows.save', { yaml: ORDERS, message: 'orders' });
});

async function debugRun(url: string, workflowId: string, debug: unknown): Promise<string> {
  const { runId } = (await mutate(url, 'runs.start', { workflowId, debug })) as { runId: string };
  return runId;
}

test('edit the input, continue, and the output reflects the edit; a reload re-attaches', async ({
  studio,
  page,
  baseURL,
}) => {
  const d = new DebuggerPage(page, studio);
  const runId = await debugRun(baseURL as string, 'debug-greet', { breakpoints: [{ stepId: 'greet' }] });
  await d.open(`#/runs/${runId}`);
  await d.pausedAt('greet');
  await expect(d.panel.getByTestId('pause-reason')).toContainText('Breakpoint');
  await expect(d.input('greet')).toHaveValue(/"input": "Ada"/);

  // A reload finds the run still paused: the state is the server's.
  await page.reload();
  await d.pausedAt('greet');

  // Not JSON, or not what the block takes: refused with the reason, nothing sent.
  await d.input('greet').fill('{ "input": ');
  await expect(d.panel.getByRole('list', { name: 'Input problems' })).toContainText('not JSON');
  await expect(d.panel.getByRole('button', { name: /Continue with edited input/ })).toBeDisabled();
  await d.input('greet').fill('{ "input": "Grace", "expression": 42 }');
  await expect(d.panel.getByRole('list', { name: 'Input problems' })).toContainText('expression');
  await d.input('greet').fill('{ "input": "Grace", "expression": "\'Hello \' & input" }');
  await expect(d.panel.getByRole('list', { name: 'Input problems' })).toHaveCount(0);
  await d.panel.getByRole('button', { name: /Continue with edited input/ }).click();

  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(d.panel).toHaveCount(0);
  await expect(page.getByTestId('run-outputs')).toContainText('Hello Grace');
});

test('step mode through three steps with F10', async ({ studio, page, baseURL }) => {
  const d = new DebuggerPage(page, studio);
  const runId = await debugRun(baseURL as string, 'debug-orders', { stepMode: true });
  await d.open(`#/runs/${runId}`);
  for (const id of ['load', 'price', 'total']) {
    await d.pausedAt(id);
    await expect(d.panel.getByTestId('pause-reason')).toContainText('Step mode');
    await page.keyboard.press('F10');
    await expect(studio.node(id)).not.toHaveClass(/paused/);
  }
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(page.getByTestId('run-outputs')).toContainText('60');
});

test('a conditional breakpoint pauses only on the item where it holds; skip with an output', async ({
  studio,
  page,
  baseURL,
}) => {
  const d = new DebuggerPage(page, studio);
  const runId = await debugRun(baseURL as string, 'debug-orders', {
    breakpoints: [{ stepId: 'price', condition: 'item = 2' }],
  });
  await d.open(`#/runs/${runId}`);
  await d.pausedAt('price');
  await expect(d.panel.getByTestId('pause-reason')).toContainText('on item 2 (2)');
  await expect(d.input('price')).toHaveValue(/"input": 2/);
  // Skip the step with a typed output: the step ends with it (the other items never paused) and the
  // total is computed from it.
  await d.panel.getByRole('button', { name: 'Skip…' }).click();
  await d.panel.getByRole('textbox', { name: /instead of running it/ }).fill('99');
  await d.panel.getByRole('button', { name: 'Skip with this output' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(page.getByTestId('run-outputs')).toContainText('total: 99');
});
