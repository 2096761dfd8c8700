/**
 * Issue 11 items 6–7: the per-iteration view of a foreach step, and "Test step" — one step run again
 * with an edited input, from the step panel of any run, that starts nothing else.
 */
import { mutate, query, runEnded } from '../../fixtures/server';
import { EACH, GREET } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test } from '../../fixtures/studio';

const WF = GREET.replace('id: debug-greet', 'id: debug-test-step');

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: WF, message: 'test step' });
  await mutate(baseURL as string, 'workflows.save', { yaml: EACH, message: 'each' });
});

interface Listed {
  runs: { id: string }[];
}
interface Ev {
  type: string;
  stepId?: string;
}

test('the foreach view lists each item, failed first; picking one shows its input, output, error and attempts', async ({
  studio,
  page,
  baseURL,
}) => {
  const url = baseURL as string;
  const { runId } = (await mutate(url, 'runs.start', { workflowId: 'debug-each' })) as { runId: string };
  expect(await runEnded(url, runId)).toBe('FAILED');
  await new DebuggerPage(page, studio).open(`#/runs/${runId}`);
  // The run failed at price: its panel opens on it, with the items.
  const items = page.getByRole('list', { name: 'Items of price' });
  await expect(items.getByRole('button')).toHaveText([
    /#2\s*2\s*FAILED/,
    /#1\s*1\s*SUCCESS/,
    /#3\s*3\s*SUCCESS/,
  ]);
  const shown = page.getByRole('group', { name: /^Item \d$/ });
  await expect(shown).toContainText('Item #2');
  await expect(shown.getByLabel('Item error')).toContainText('two is out of stock');
  await expect(shown).toContainText('1 attempt');
  await expect(shown).toContainText('None: it failed.');

  await items.getByRole('button', { name: 'Item 3: SUCCESS' }).click();
  await expect(shown).toContainText('Item #3');
  await expect(shown.getByLabel('Item error')).toHaveCount(0);
  // That iteration's resolved input and its output.
  await expect(shown).toContainText('input: 3');
  await expect(shown).toContainText('Output30');
  await studio.screenshot('debugger-foreach');
});

test('Test step re-runs only that step with the edited input, shows the result, and starts nothing else', async ({
  studio,
  page,
  baseURL,
}) => {
  const url = baseURL as string;
  const { runId } = (await mutate(url, 'runs.start', { workflowId: 'debug-test-step' })) as { runId: string };
  expect(await runEnded(url, runId)).toBe('SUCCESS');
  const before = (await query(url, 'runs.list', { kind: 'all', limit: 200 })) as Listed;

  await new DebuggerPage(page, studio).open(`#/runs/${runId}`);
  const panel = page.getByRole('region', { name: 'Run panel' });
  await panel.getByRole('navigation', { name: 'Run steps' }).getByRole('button', { name: /greet/ }).click();
  const tester = panel.getByRole('group', { name: 'Test step' });
  await expect(tester.getByRole('button', { name: 'Retry from here' })).toBeEnabled();
  await tester.getByRole('button', { name: 'Test step…' }).click();
  const input = tester.getByRole('textbox', { name: /^Input of greet for the test/ });
  // The recorded input, as the step got it in this run.
  await expect(input).toHaveValue(/"input": "Ada"/);
  // Checked against the block's input schema before anything is sent.
  await input.fill('{ "input": "Grace", "expression": 42 }');
  await expect(tester.getByRole('list', { name: 'Test input problems' })).toContainText('expression');
  await expect(tester.getByRole('button', { name: 'Run step with edited input' })).toBeDisabled();
  await input.fill('{ "input": "Grace", "expression": "\'Hello \' & input" }');
  await expect(tester.getByRole('list', { name: 'Test input problems' })).toHaveCount(0);
  await tester.getByRole('button', { name: 'Run step with edited input' }).click();

  const result = tester.getByRole('region', { name: 'Step test result' });
  await expect(result.getByTestId('step-test-status')).toHaveText('SUCCESS');
  await expect(result).toContainText('Hello Grace');
  await studio.screenshot('debugger-test-step');

  // Nothing else started: one new run, marked as a step test, in which only greet started; the
  // tested run is unchanged and the production run list does not show the test.
  const after = (await query(url, 'runs.list', { kind: 'all', limit: 200 })) as Listed;
  const known = new Set(before.runs.map((r) => r.id));
  const added = after.runs.filter((r) => !known.has(r.id));
  expect(added).toHaveLength(1);
  const testRun = added[0]?.id as string;
  const tests = (await query(url, 'runs.list', {
    workflowId: 'debug-test-step',
    kind: 'step-test',
  })) as Listed;
  expect(tests.runs.map((r) => r.id)).toEqual([testRun]);
  const prod = (await query(url, 'runs.list', { workflowId: 'debug-test-step' })) as Listed;
  expect(prod.runs.map((r) => r.id)).toEqual([runId]);
  const events = (await query(url, 'runs.events', { runId: testRun })) as Ev[];
  expect(events.filter((e) => e.type === 'step.started').map((e) => e.stepId)).toEqual(['greet']);
  const original = (await query(url, 'runs.get', { runId })) as {
    steps: { stepId: string; output: unknown }[];
  };
  expect(original.steps.find((s) => s.stepId === 'greet')?.output).toBe('Hello Ada');
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
});
