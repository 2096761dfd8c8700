/** Issue 12 item 7: auto layout in ranks then fit, refusals say why, paste stays valid, labels match the engine. */
import { expect, test } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';

const DIAMOND = `apiVersion: weft/v1
kind: Workflow
id: diamond
steps:
  - id: d
    uses: transform
    needs: [b, c]
    with: { expression: "4" }
  - id: a
    uses: transform
    with: { expression: "1" }
  - id: b
    uses: transform
    needs: [a]
    with: { expression: "2" }
  - id: c
    uses: http@1
    needs: [a]
    retry: { attempts: 3 }
    with: { url: "https://api.example.com/" }
layout:
  a: [600, 400]
  b: [0, 0]
  c: [900, 0]
  d: [300, 300]
`;

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(DIAMOND));
});

test('Auto layout ranks the steps left to right and fits them in view', async ({ studio, page }) => {
  await studio.open('#/local');
  await page.getByRole('button', { name: 'Auto layout' }).click();
  await expect.poll(() => studio.yamlText()).not.toContain('a: [600, 400]');
  await studio.viewportSettled();
  const x = async (id: string) => (await studio.node(id).boundingBox())?.x ?? NaN;
  const [a, b, c, d] = [await x('a'), await x('b'), await x('c'), await x('d')];
  expect(a).toBeLessThan(b);
  expect(Math.abs(b - c)).toBeLessThan(5);
  expect(b).toBeLessThan(d);
  for (const id of ['a', 'b', 'c', 'd']) await expect(studio.node(id)).toBeInViewport();
});

test('a refused connection says why', async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.connect('d', 'a');
  await expect(page.getByRole('status').filter({ hasText: 'Not connected' })).toContainText(
    'would make a cycle',
  );
  expect(await studio.yamlText()).not.toMatch(/id: a\n\s+uses: transform\n\s+needs/);
});

test('a pasted copy drops needs that point outside it', async ({ studio, page }) => {
  await studio.open('#/local');
  await studio.node('b').click();
  await page.keyboard.press('ControlOrMeta+C');
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => studio.stepIds()).toContain('b_1');
  expect(await studio.yamlText()).toMatch(/- id: b_1\n\s+uses: transform\n\s+with/);
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
});

test('labels match the engine: retry backoff is exponential by default; each HTTP method once', async ({
  studio,
}) => {
  await studio.open('#/local');
  await studio.node('c').click();
  const backoff = studio.inspector.getByRole('combobox', { name: 'backoff' });
  await expect(backoff.locator('option').first()).toHaveText('(default: exponential)');
  const methods = await studio.inspector
    .getByRole('combobox', { name: 'method' })
    .locator('option')
    .allTextContents();
  const lower = methods.map((m) => m.toLowerCase());
  expect(lower).toContain('get');
  expect(new Set(lower).size).toBe(lower.length);
});
