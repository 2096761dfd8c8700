/**
 * Issue 11 "Must show": two browser tabs on the same paused run see the same state; a conditional
 * breakpoint pauses only on the foreach item where it holds; its editor completes `item` and `index`.
 */
import { mutate, query } from '../../fixtures/server';
import { ORDERS } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { StudioPage, expect, test } from '../../fixtures/studio';

const WF = ORDERS.replace('id: debug-orders', 'id: debug-tabs');

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: WF, message: 'tabs' });
});

async function debugRun(url: string, debug: unknown): Promise<string> {
  return ((await mutate(url, 'runs.start', { workflowId: 'debug-tabs', debug })) as { runId: string }).runId;
}

test('two tabs on the same paused run see the same state; what one does, the other shows', async ({
  studio,
  page,
  baseURL,
}) => {
  const runId = await debugRun(baseURL as string, { stepMode: true });
  const a = new DebuggerPage(page, studio);
  await a.open(`#/runs/${runId}`);
  await a.pausedAt('load');
  const tab = await page.context().newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  const b = new DebuggerPage(tab, new StudioPage(tab));
  await b.open(`#/runs/${runId}`);
  await b.pausedAt('load');
  await expect(b.panel.getByTestId('pause-reason')).toHaveText(
    (await a.panel.getByTestId('pause-reason').textContent()) ?? '',
  );

  // Step in tab B: tab A follows, without a reload.
  await b.panel.getByRole('button', { name: /^Step/ }).click();
  await b.pausedAt('price');
  await a.pausedAt('price');
  await expect(a.studio.node('load')).toHaveAttribute('data-status', 'SUCCESS');
  // Step in tab A: tab B follows.
  await a.panel.getByRole('button', { name: /^Step/ }).click();
  await a.pausedAt('total');
  await b.pausedAt('total');
  await expect(b.input('total')).toHaveValue(await a.input('total').inputValue());
  // Abort in tab B: both tabs show the cancelled run, with no debugger left.
  await b.panel.getByRole('button', { name: 'Abort' }).click();
  for (const p of [page, tab]) {
    await expect(p.getByTestId('run-status')).toHaveText('CANCELLED');
    await expect(p.getByRole('region', { name: 'Debugger' })).toHaveCount(0);
  }
  await tab.close();
  expect(errors).toEqual([]);
});

test('a conditional breakpoint pauses only on the item where it holds, once', async ({
  studio,
  page,
  baseURL,
}) => {
  const url = baseURL as string;
  const runId = await debugRun(url, { breakpoints: [{ stepId: 'price', condition: 'item = 3' }] });
  const d = new DebuggerPage(page, studio);
  await d.open(`#/runs/${runId}`);
  await d.pausedAt('price');
  await expect(d.panel.getByTestId('pause-reason')).toContainText('on item 3 (3)');
  await expect(d.input('price')).toHaveValue(/"input": 3/);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await expect(page.getByTestId('run-outputs')).toContainText('60');
  // One pause in the whole run, on item index 2; items 1 and 2 never paused.
  const events = (await query(url, 'runs.events', { runId })) as {
    type: string;
    stepId?: string;
    data: { reason?: string; index?: number };
  }[];
  const pauses = events.filter((e) => e.type === 'step.waiting' && e.data.reason === 'breakpoint');
  expect(pauses.map((e) => [e.stepId, e.data.index])).toEqual([['price', 2]]);
});

test('the condition editor completes item and index on a foreach step, and the step input names', async ({
  studio,
  page,
}) => {
  await new DebuggerPage(page, studio).open('#/workflows/debug-tabs');
  await studio.node('price').click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Step price' })
    .getByRole('menuitem', { name: /conditional/ })
    .click();
  const condition = page.getByRole('dialog', { name: 'Step price' }).getByRole('combobox');
  await condition.pressSequentially('it');
  const list = page.getByRole('listbox', { name: 'Completions for Condition for price' });
  await expect(list.getByRole('option', { name: /^item/ })).toBeVisible();
  await condition.press('ArrowDown');
  await condition.press('Enter');
  await expect(condition).toHaveValue('item');
  await condition.pressSequentially(' = 2 and ind');
  await expect(list.getByRole('option', { name: /^index/ })).toBeVisible();
  // The step's resolved inputs are names in the condition too.
  await condition.press('ControlOrMeta+A');
  await condition.pressSequentially('inp');
  await expect(list.getByRole('option', { name: /^input\b/ })).toBeVisible();
});

test('the run page lays out a workflow without layout readably: ranked left to right, no overlap', async ({
  studio,
  page,
  baseURL,
}) => {
  const runId = (
    (await mutate(baseURL as string, 'runs.start', { workflowId: 'debug-tabs' })) as { runId: string }
  ).runId;
  await new DebuggerPage(page, studio).open(`#/runs/${runId}`);
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  await studio.viewportSettled();
  const boxes = [];
  for (const id of ['load', 'price', 'total']) {
    await expect(studio.node(id)).toBeInViewport();
    const box = await studio.node(id).boundingBox();
    if (!box) throw new Error(`no box for ${id}`);
    boxes.push(box);
  }
  const [load, price, total] = boxes as [(typeof boxes)[0], (typeof boxes)[0], (typeof boxes)[0]];
  // Each rank starts right of where the one before it ends.
  expect(load.x + load.width).toBeLessThan(price.x);
  expect(price.x + price.width).toBeLessThan(total.x);
});
