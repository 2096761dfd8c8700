/** Issue 12 item 6: the whole workflow in forms — every edit through the DSL edit API, comments kept. */
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

// The fire times are written in the browser's language: fix it so the spec reads them.
test.use({ locale: 'en-US' });

test('name, description, inputs, outputs, triggers, permissions, concurrency and vars from the panel', async ({
  studio,
  page,
}) => {
  await page.addInitScript(draftScript(COMMENTED));
  await studio.open('#/local');
  const panel = studio.inspector.getByRole('region', { name: 'Workflow' });
  await expect(panel).toBeVisible();

  const description = panel.getByRole('textbox', { name: 'Workflow description' });
  await description.fill('Greets the team every weekday');
  await description.press('Enter');
  await expect.poll(() => studio.yamlText()).toContain('description: Greets the team every weekday');

  // Inputs: add one, type it, give it a default, make it required.
  const inputs = panel.getByRole('region', { name: 'Inputs' });
  await inputs.getByRole('textbox', { name: 'Add input' }).fill('count');
  await inputs.getByRole('button', { name: 'Add input' }).click();
  await inputs.getByRole('combobox', { name: 'Type of count' }).selectOption('integer');
  const def = inputs.getByRole('textbox', { name: 'Default of count' });
  await def.fill('3');
  await def.press('Enter');
  await inputs.getByRole('checkbox', { name: 'count is required' }).check();
  await expect
    .poll(() => studio.yamlText())
    .toMatch(/count:[\s\S]*type: integer[\s\S]*default: 3[\s\S]*required: true/);

  // Outputs.
  const outputs = panel.getByRole('region', { name: 'Outputs' });
  await outputs.getByRole('textbox', { name: 'Add output' }).fill('greeting');
  await outputs.getByRole('button', { name: 'Add output' }).click();
  const out = outputs.getByRole('combobox', { name: 'Output greeting' });
  await out.fill('${{ steps.greet.output }}');
  await out.press('Enter');
  await expect
    .poll(() => studio.yamlText())
    .toMatch(/outputs:\n\s+greeting: "?\$\{\{ steps\.greet\.output \}\}"?/);

  // Triggers: a cron with its schedule in words and next fire times, then a webhook.
  const triggers = panel.getByRole('region', { name: 'Triggers' });
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  const preview = triggers.getByRole('group', { name: 'Schedule preview' });
  await expect(preview).toContainText('At 08:00, Monday through Friday');
  await expect(preview).toContainText('Monday through Friday (UTC)');
  await expect(preview.locator('li')).toHaveCount(3);
  // Next fire times as a person reads them: weekday, date, time and zone — not ISO strings.
  for (const at of await preview.locator('li').allInnerTexts())
    expect(at).toMatch(/^(Mon|Tue|Wed|Thu|Fri), \w{3} \d{1,2}, \d{4}, 08:00 UTC$/);
  const cron = triggers.getByRole('textbox', { name: 'Cron expression' });
  await cron.fill('*/15 * * * *');
  await cron.press('Enter');
  await expect(preview).toContainText('Every 15 minutes');
  await expect.poll(() => studio.yamlText()).toMatch(/triggers:\n\s+- cron: "?\*\/15 \* \* \* \*"?/);
  await triggers.getByRole('combobox', { name: 'Trigger type' }).selectOption('webhook');
  await triggers.getByRole('button', { name: 'Add trigger' }).click();
  await triggers.getByRole('combobox', { name: 'Webhook mode' }).selectOption('sync');
  await triggers.getByRole('combobox', { name: 'Webhook signature' }).selectOption('github');
  await expect
    .poll(() => studio.yamlText())
    .toMatch(/webhook:[\s\S]*path: my-hook[\s\S]*mode: sync[\s\S]*signature: github/);

  // Permissions, concurrency, variables.
  const permissions = panel.getByRole('region', { name: 'Permissions' });
  await permissions.getByRole('textbox', { name: 'Allow host' }).fill('api.example.com');
  await permissions.getByRole('button', { name: 'Allow host' }).click();
  const concurrency = panel.getByRole('textbox', { name: 'Concurrency' });
  await concurrency.fill('2');
  await concurrency.press('Enter');
  const vars = panel.getByRole('region', { name: 'Variables' });
  await vars.getByRole('textbox', { name: 'Add variable' }).fill('team');
  await vars.getByRole('button', { name: 'Add variable' }).click();
  const team = vars.getByRole('textbox', { name: 'Variable team' });
  await team.fill('platform');
  await team.press('Enter');
  await expect.poll(() => studio.yamlText()).toMatch(/vars:\n\s+team: "?platform"?/);
  const yaml = await studio.yamlText();
  expect(yaml).toMatch(/permissions:\n\s+network:/);
  expect(yaml).toContain('api.example.com');
  expect(yaml).toContain('concurrency: 2');

  // Nothing else moved: the comments are where they were, and the canvas still shows the steps.
  expect(yaml).toContain('# Nightly report — this comment must survive canvas edits');
  expect(yaml).toContain('  # the first step builds the greeting');
  expect(yaml).toContain(`expression: "'Hello ' & inputs.who"   # keep this trailing comment`);
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
  await triggers.scrollIntoViewIfNeeded();
  await studio.screenshot('workflow-panel');
});
