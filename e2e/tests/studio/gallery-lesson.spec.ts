/**
 * Issue 13: a lesson end to end — "Your first workflow": each goal ticks as the document and its run
 * reach it, progress is kept in the browser, and the lesson ends with the way to the next one.
 */
import { expect, test } from '../../fixtures/studio';

test('complete “Your first workflow”, goals ticking as they are met', async ({ page, studio }) => {
  await page.goto('/#/learn');
  const list = page.getByRole('list', { name: 'All lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(6);
  await studio.screenshot('lessons');
  await list.getByRole('link', { name: 'Start: Your first workflow' }).click();
  await expect(page).toHaveURL(/#\/learn\/first-workflow$/);
  await expect(studio.node('greet')).toBeVisible();
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible();

  const lesson = page.getByRole('region', { name: 'Lesson' });
  const goal = (name: string) => lesson.getByRole('list', { name: 'Goals' }).getByRole('listitem', { name });
  const met = lesson.getByLabel('Goals met');
  await expect(met).toHaveText('0/6');
  await expect(goal('Add a Transform step named shout')).toContainText('To do');

  // A hint, on request.
  await lesson.getByRole('button', { name: 'Hint: Add a Transform step named shout' }).click();
  await expect(goal('Add a Transform step named shout').getByRole('note')).toContainText('Drag Transform');
  await studio.screenshot('lesson');

  // 1. Add the step (in the YAML pane).
  const start = await studio.yamlText();
  expect(start).toContain('id: lesson-first-workflow');
  await studio.replaceYaml(
    `${start.trimEnd()}\n  - id: shout\n    uses: transform\n    with:\n      expression: "'?'"\n`,
  );
  await expect(goal('Add a Transform step named shout')).toContainText('Done');
  await expect(met).toHaveText('1/6');

  // 2. Connect greet to shout on the canvas.
  await expect(studio.node('shout')).toBeVisible();
  await studio.connect('greet', 'shout');
  await expect(goal('Connect greet to shout')).toContainText('Done');
  await expect(met).toHaveText('2/6');

  // 3 and 4. The expression, and the output.
  const connected = await studio.yamlText();
  expect(connected).toMatch(/needs:\s*\[?\s*-?\s*greet/);
  await studio.replaceYaml(
    `${connected.replace(`expression: "'?'"`, 'expression: $uppercase(steps.greet.output)').trimEnd()}\noutputs:\n  message: \${{ steps.shout.output }}\n`,
  );
  await expect(goal("Make shout upper-case greet's output")).toContainText('Done');
  await expect(goal('Publish it as the workflow output message')).toContainText('Done');
  await expect(met).toHaveText('4/6');
  await expect(goal('Save and run it')).toContainText('To do');

  // 5 and 6. Save, run.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('shouting');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('dialog', { name: 'Start a run' }).getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('SUCCESS');
  await expect(goal('Save and run it')).toContainText('Done');
  await expect(goal('Make the run output HELLO ADA')).toContainText('Done');
  await expect(met).toHaveText('6/6');
  const complete = lesson.getByRole('status');
  await expect(complete).toContainText('Lesson complete');
  await expect(complete.getByRole('link', { name: 'Next: Data and expressions →' })).toBeVisible();
  await studio.screenshot('lesson-complete');

  // The progress is kept: the list says so after a reload.
  await page.goto('/#/learn');
  await page.reload();
  await expect(list.getByRole('listitem', { name: 'Your first workflow' })).toContainText('6/6');
  await expect(list.getByRole('link', { name: 'Done — open again: Your first workflow' })).toBeVisible();
});
