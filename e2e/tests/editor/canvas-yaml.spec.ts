import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(COMMENTED));
});

test('the editor has its named regions and controls', async ({ studio, page }) => {
  await studio.open('#/local');
  for (const region of [studio.palette, studio.canvas, studio.inspector, studio.yaml])
    await expect(region).toBeVisible();
  for (const name of ['Save', 'Run', 'Export YAML'])
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(studio.node('greet')).toContainText('Transform');
  await expect(studio.node('check')).toContainText('then');
  await expect(studio.node('check')).toContainText('else');
  await studio.screenshot('editor');
});

test('dragging a block from the palette and connecting it changes the YAML, comments kept', async ({
  studio,
}) => {
  await studio.open('#/local');
  await studio.dragBlock('Wait', { x: 300, y: 700 });
  await expect(studio.node('wait_1')).toBeVisible();
  await expect.poll(() => studio.yamlText()).toContain('- id: wait_1');
  await studio.connect('check', 'wait_1', 'then');
  await expect
    .poll(() => studio.yamlText())
    .toMatch(/id: wait_1[\s\S]*needs:\s*(\[check\.then\]|\n\s*- check\.then)/);
  await expect(studio.canvas.locator('.react-flow__edge')).toHaveCount(2);
  const yaml = await studio.yamlText();
  expect(yaml).toContain('# Nightly report — this comment must survive canvas edits');
  expect(yaml).toContain('  # the first step builds the greeting');
  expect(yaml).toContain(`expression: "'Hello ' & inputs.who"   # keep this trailing comment`);
  expect(yaml).toContain('layout:');
  await studio.screenshot('editor-connected');
});

test('editing a step in the inspector writes only that field', async ({ studio }) => {
  await studio.open('#/local');
  await studio.node('greet').click();
  await expect(studio.inspector.getByRole('heading', { name: 'Transform' })).toBeVisible();
  const settings = studio.inspector.getByRole('region', { name: 'Step settings' });
  await settings.getByLabel('timeout').fill('30s');
  await settings.getByLabel('timeout').press('Tab');
  await settings.getByRole('combobox', { name: 'onError' }).selectOption('continue');
  await expect.poll(() => studio.yamlText()).toContain('onError: continue');
  const yaml = await studio.yamlText();
  expect(yaml).toMatch(/timeout: 30s/);
  expect(yaml).toContain(`expression: "'Hello ' & inputs.who"   # keep this trailing comment`);
  await studio.screenshot('inspector');
});

test('typing in the YAML redraws the canvas, and broken YAML keeps the last canvas', async ({
  studio,
  page,
}) => {
  await studio.open('#/local');
  const added = `${COMMENTED}
  - id: notify
    uses: wait
    needs: [check.else]
    with:
      duration: 1s
`;
  await studio.replaceYaml(added);
  await expect(studio.node('notify')).toBeVisible();
  await expect.poll(() => studio.stepIds()).toEqual(['greet', 'check', 'notify']);
  await expect(studio.canvas.locator('.react-flow__edge')).toHaveCount(2);

  // Break it: the text stays as typed, the canvas stays, the problem is shown.
  await page.keyboard.insertText('\n  - id: [broken');
  await expect(studio.canvas.getByRole('status')).toContainText('does not parse');
  await expect(studio.node('notify')).toBeVisible();
  await expect.poll(() => studio.yamlText()).toContain('- id: [broken');
  await expect(page.getByRole('status', { name: 'Problems' })).not.toHaveText('valid');
  await expect(studio.yaml.locator('.squiggly-error').first()).toBeVisible();
  await studio.screenshot('yaml-error');

  // Undo the breakage in Monaco: the canvas is live again.
  await studio.replaceYaml(added.replace('duration: 1s', 'duration: 2s'));
  await expect(studio.canvas.getByRole('status')).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
});

test('a file pasted over the whole YAML: the canvas follows, the cursor ends after it, one undo restores', async ({
  studio,
  page,
}) => {
  await studio.open('#/local');
  const pasted = COMMENTED.replace(
    'steps:\n',
    'steps:\n  - id: first\n    uses: wait\n    with: { duration: 1s }\n',
  );
  await studio.replaceYaml(pasted);
  await expect(studio.node('first')).toBeVisible();
  await expect.poll(() => studio.yamlText()).toBe(pasted);
  // The cursor is after the pasted text: what is typed next goes at the end.
  await page.keyboard.insertText('#end');
  await expect.poll(() => studio.yamlText()).toBe(`${pasted}#end`);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => studio.yamlText()).toBe(pasted);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => studio.yamlText()).toBe(COMMENTED);
  await expect(studio.node('first')).toHaveCount(0);
  await expect.poll(() => studio.stepIds()).toEqual(['greet', 'check']);
});

test('keyboard: delete, undo and redo on the canvas', async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.node('check').click();
  await page.keyboard.press('Delete');
  await expect(studio.node('check')).toHaveCount(0);
  await expect.poll(() => studio.yamlText()).not.toContain('id: check');
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(studio.node('check')).toBeVisible();
  await expect.poll(() => studio.yamlText()).toBe(COMMENTED);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(studio.node('check')).toHaveCount(0);
});

test('export with and without layout, and the exported file opens to the same YAML', async ({
  studio,
  page,
}) => {
  await studio.open('#/local');
  await studio
    .node('greet')
    .dragTo(studio.canvas.locator('.react-flow__pane'), { targetPosition: { x: 200, y: 500 } });
  await expect.poll(() => studio.yamlText()).toContain('layout:');
  const text = await studio.yamlText();

  await page.getByRole('button', { name: 'Export YAML' }).click();
  const withLayout = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'With layout' }).click();
  const file = await (await withLayout).path();
  const { readFileSync } = await import('node:fs');
  const exported = readFileSync(file, 'utf8');
  expect(exported).toBe(text);

  await page.getByRole('button', { name: 'Export YAML' }).click();
  const noLayout = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Without layout' }).click();
  const bare = readFileSync(await (await noLayout).path(), 'utf8');
  expect(bare).not.toContain('layout:');
  expect(bare).toBe(text.slice(0, text.indexOf('layout:')));

  // Re-import: paste the exported file into the YAML pane of a fresh editor.
  await studio.replaceYaml(exported);
  await expect.poll(() => studio.yamlText()).toBe(text);
  await expect.poll(() => studio.stepIds()).toEqual(['greet', 'check']);
});

test("the YAML pane completes the schema's keys and finds text", async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.replaceYaml(`${COMMENTED}  - id: extra\n    us`);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Control+Space');
  const suggest = studio.yaml.locator('.suggest-widget');
  await expect(suggest.getByRole('option', { name: /uses/ }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(suggest.getByRole('option')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+F');
  const find = studio.yaml.locator('.find-widget');
  await expect(find).toBeVisible();
  await page.keyboard.insertText('greet');
  await expect(find.locator('.matchesCount')).not.toHaveText(/No results/);
});

test('a change is kept in the local draft once the editor is idle', async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.dragBlock('Wait', { x: 300, y: 700 });
  await expect(studio.node('wait_1')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('weft.studio.draft')))
    .toContain('- id: wait_1');
});
