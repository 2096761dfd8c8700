/** The canvas gets most of a 1600×900 window; the panes resize and the inspector collapses; the minimap covers no node. */
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(COMMENTED));
});

const width = async (l: { boundingBox: () => Promise<{ width: number } | null> }) =>
  (await l.boundingBox())?.width ?? 0;

test('the canvas is the widest pane; the inspector collapses and the YAML pane resizes', async ({
  studio,
  page,
}) => {
  await studio.open('#/local');
  const viewport = page.viewportSize()?.width ?? 1600;
  const canvas = await width(studio.canvas);
  expect(canvas).toBeGreaterThanOrEqual(viewport / 2);
  for (const pane of [studio.palette, studio.inspector, studio.yaml])
    expect(await width(pane)).toBeLessThan(canvas);

  await page.getByRole('button', { name: 'Hide inspector' }).click();
  await expect(studio.inspector).toHaveCount(0);
  expect(await width(studio.canvas)).toBeGreaterThan(canvas + 200);

  const splitter = page.getByRole('separator', { name: 'Resize YAML' });
  const before = await width(studio.yaml);
  await splitter.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => width(studio.yaml)).toBeGreaterThan(before + 60);
  const box = await splitter.boundingBox();
  if (!box) throw new Error('no splitter');
  await page.mouse.move(box.x + 3, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 103, box.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => width(studio.yaml)).toBeLessThan(before);
  const resized = await width(studio.yaml);

  // Kept per browser.
  await page.reload();
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible();
  await expect(studio.inspector).toHaveCount(0);
  expect(Math.abs((await width(studio.yaml)) - resized)).toBeLessThan(2);
  await page.getByRole('button', { name: 'Show inspector' }).click();
  await expect(studio.inspector).toBeVisible();
});

test('after zoom to fit, the minimap covers no node', async ({ studio }) => {
  await studio.open('#/local');
  await studio.dragBlock('Wait', { x: 200, y: 600 });
  await expect(studio.node('wait_1')).toBeVisible();
  await studio.fit();
  // Drawn at the first idle moment after the canvas.
  await expect(studio.canvas.locator('.react-flow__minimap')).toBeVisible();
  const map = await studio.canvas.locator('.react-flow__minimap').boundingBox();
  if (!map) throw new Error('no minimap');
  for (const id of await studio.stepIds()) {
    const n = await studio.node(id).boundingBox();
    if (!n) throw new Error(`node ${id} not drawn`);
    const overlaps =
      n.x < map.x + map.width && n.x + n.width > map.x && n.y < map.y + map.height && n.y + n.height > map.y;
    expect(overlaps, `node ${id} under the minimap`).toBe(false);
  }
});
