/**
 * The YAML pane's editor features (yaml/monaco-features.ts), with Monaco's modules the pane never
 * uses stubbed out (yaml/monaco-stubs.ts): the problem hover and F8, find, folding, completion, the
 * schema's hover, the F1 palette, go to line and sticky scroll still work, with no error on the page.
 */
import type { Locator } from '@playwright/test';
import { expect, test, type StudioPage } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';

const steps = Array.from(
  { length: 30 },
  (_, i) => `  - id: step_${i}
    uses: transform
    with:
      expression: "${i}"
`,
).join('');
const FLOW = `apiVersion: weft/v1
kind: Workflow
id: yaml-features
steps:
  - id: first
    uses: transform
    needs: [missing_step]
    with:
      expression: "1"
${steps}`;

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(FLOW));
});

/** Puts the caret at the start of the editor's line `line` (1-based), through go to line. */
async function goToLine(studio: StudioPage, line: number): Promise<void> {
  const { page } = studio;
  await studio.yaml.locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await expect(input).toBeVisible();
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await expect(page.locator('.quick-input-widget')).toBeHidden();
}

/**
 * Rests the mouse on `target` until Monaco's hover shows `text`: a hover the mouse moved in for
 * before the editor had laid out its lines shows nothing, so move out and in again until it does.
 */
async function hoverOn(studio: StudioPage, target: Locator, text: string): Promise<Locator> {
  const hover = studio.page.locator('.monaco-hover:not(.hidden)');
  await expect(async () => {
    await studio.page.mouse.move(0, 0);
    await target.hover({ force: true });
    await expect(hover).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  return hover;
}

test('a problem shows in its hover and with F8', async ({ studio, page }) => {
  await studio.open('#/local');
  const squiggle = studio.yaml.locator('.squiggly-error').first();
  await expect(squiggle).toBeAttached({ timeout: 15_000 });
  const hover = await hoverOn(studio, squiggle, 'missing_step');
  await expect(hover.getByText('View Problem')).toBeVisible();

  await goToLine(studio, 1);
  await page.keyboard.press('F8');
  await expect(studio.yaml.locator('.marker-widget')).toContainText('missing_step');
  await page.keyboard.press('Escape');
  await expect(studio.yaml.locator('.marker-widget')).toBeHidden();
});

test('find, folding, completion, hover, the F1 palette and sticky scroll work', async ({ studio, page }) => {
  await studio.open('#/local');
  const editor = studio.yaml.locator('.monaco-editor');

  // Find (Ctrl+F): every `uses: transform` is a match.
  await studio.yaml.locator('.view-lines').click();
  await page.keyboard.press('Control+F');
  await page.keyboard.type('uses: transform');
  await expect(editor.locator('.find-widget .matchesCount')).toHaveText(/^\d+ of 31$/);
  await page.keyboard.press('Escape');

  // The F1 palette runs "Fold All": the steps fold away.
  await page.keyboard.press('F1');
  await page.keyboard.type('Fold All');
  await expect(page.locator('.quick-input-list .monaco-list-row').first()).toContainText('Fold All');
  await page.keyboard.press('Enter');
  await expect(editor.locator('.codicon-folding-collapsed').first()).toBeAttached();
  await page.keyboard.press('F1');
  await page.keyboard.type('Unfold All');
  await expect(page.locator('.quick-input-list .monaco-list-row').first()).toContainText('Unfold All');
  await page.keyboard.press('Enter');
  await expect(editor.locator('.codicon-folding-collapsed')).toHaveCount(0);

  // The schema's hover on a key, and its completion on an empty key of a step.
  await hoverOn(studio, editor.getByText('kind', { exact: true }), 'Workflow');
  await goToLine(studio, 9);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Space');
  await expect(editor.locator('.suggest-widget .monaco-list-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Z');

  // Sticky scroll: scrolled down to a step near the end, the `steps:` line stays on top.
  await goToLine(studio, 120);
  await expect(editor.locator('.sticky-widget')).toContainText('steps:');
});
