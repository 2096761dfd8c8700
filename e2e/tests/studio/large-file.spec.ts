/// <reference lib="dom" />
/**
 * Issue 14 item 6: a 500-step file opens zoomed out as one layer (canvas/FarLayer.tsx), its steps
 * become real nodes a chunk at a time once the YAML pane has loaded, and a click on a box of the
 * layer selects its step. The worker reads a plainly written file without yaml (read-first.ts) and
 * leaves any other to yaml's parse, a chunk it loads only then.
 */
import { expect, test } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';
import { bigWorkflow } from '../../bench/studio-bench';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(draftScript(bigWorkflow(500)));
});

/** In the page: waits (each frame) for the canvas's first nodes; reports what was drawn then. */
function firstDraw(): Promise<{ layer: boolean; nodes: number }> {
  return new Promise((resolve) => {
    const look = () => {
      const nodes = document.querySelectorAll('.react-flow__node').length;
      if (nodes === 0) return requestAnimationFrame(look);
      resolve({ layer: document.querySelector('[data-testid="far-layer"]') !== null, nodes });
    };
    look();
  });
}

test('a 500-step file is drawn first as one layer, then every step becomes a node', async ({
  studio,
  page,
}) => {
  await page.goto('/#/local');
  const first = await page.evaluate(firstDraw);
  expect(first.layer).toBe(true);
  expect(first.nodes).toBeGreaterThan(0);
  expect(first.nodes).toBeLessThan(500);
  await expect(studio.yaml.locator('.monaco-editor .view-line').first()).toBeVisible();
  // Monaco's chunk was asked for by index.html's early script as the page started: its preload
  // comes before the main chunk's script (added once that chunk had run, it would come after).
  const order = await page.evaluate(() => {
    const head = Array.from(document.head.children);
    return {
      preload: head.findIndex((e) => e.matches('link[rel="modulepreload"][href*="YamlPane-"]')),
      main: head.findIndex((e) => e.matches('script[type="module"][src*="assets/index-"]')),
    };
  });
  expect(order.preload).toBeGreaterThanOrEqual(0);
  expect(order.main).toBeGreaterThan(order.preload);
  // Validated once shown (not before the first draw): the toolbar then says so.
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
  await expect(studio.canvas.locator('.react-flow__node')).toHaveCount(500);
  await expect(studio.canvas.getByTestId('far-layer')).toHaveCount(0);
  // The minimap draws every step too (it draws them at their measured sizes).
  await expect(studio.canvas.locator('.react-flow__minimap-node')).toHaveCount(500);
  // Zoomed out this far, the edges are one layer (canvas/FarEdges.tsx), not React Flow's edges.
  await expect(studio.canvas.getByTestId('far-edges')).toHaveCount(1);
  await expect(studio.canvas.locator('.react-flow__edge')).toHaveCount(0);
  // Zoomed in, the steps show their names, and React Flow draws the edges again.
  for (let i = 0; i < 6; i++) await studio.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await expect(studio.canvas.locator('.step-title').first()).toBeVisible();
  await expect(studio.canvas.getByTestId('far-edges')).toHaveCount(0);
  await expect(studio.canvas.locator('.react-flow__edge').first()).toBeAttached();
});

test('a click on a box of the layer selects its step, and every step becomes a node at once', async ({
  studio,
  page,
}) => {
  await page.goto('/#/local');
  // In one frame: the layer is there and the last step (s499, bottom right) is one of its boxes.
  // The click is sent then, at the middle of that box as the view shows it.
  const clicked = await page.evaluate(async () => {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const layer = document.querySelector('[data-testid="far-layer"]');
      const pane = document.querySelector('.react-flow__pane');
      const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
      if (!layer || !pane || !viewport || document.querySelector('[data-testid="step-s499"]')) continue;
      const m = new DOMMatrix(getComputedStyle(viewport).transform);
      const origin = pane.getBoundingClientRect();
      // bigWorkflow's layout: s499 at [9 * 260, 49 * 120]; a box is 200 × 56.
      const x = origin.left + m.e + (9 * 260 + 100) * m.a;
      const y = origin.top + m.f + (49 * 120 + 28) * m.a;
      const at = { clientX: x, clientY: y, bubbles: true, cancelable: true, pointerId: 1, isPrimary: true };
      pane.dispatchEvent(new PointerEvent('pointerdown', at));
      pane.dispatchEvent(new PointerEvent('pointerup', at));
      pane.dispatchEvent(new MouseEvent('click', at));
      return true;
    }
  });
  expect(clicked).toBe(true);
  await expect(studio.node('s499')).toHaveClass(/selected/);
  await expect(studio.canvas.getByTestId('far-layer')).toHaveCount(0);
  await expect(studio.canvas.locator('.react-flow__node')).toHaveCount(500);
  await expect(studio.inspector.getByRole('textbox', { name: 'Step id' })).toHaveValue('s499');
});

test("the worker reads a plainly written file without yaml, and leaves another to yaml's parse", async ({
  studio,
  page,
}) => {
  const asked: string[] = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto('/#/local');
  expect(await page.evaluate(firstDraw)).toMatchObject({ layer: true });
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
  expect(asked.filter((u) => u.includes('/parse.worker-'))).toHaveLength(1);
  expect(asked.filter((u) => u.includes('/first-parse-'))).toEqual([]);

  // `|+` keeps a block's trailing blank lines: the quick read leaves the file to yaml.
  const kept = bigWorkflow(500).replace(
    'kind: Workflow\n',
    'kind: Workflow\ndescription: |+\n  as written\n\n',
  );
  await page.addInitScript(draftScript(kept));
  asked.length = 0;
  await page.reload();
  expect(await page.evaluate(firstDraw)).toMatchObject({ layer: true });
  await expect(page.getByRole('status', { name: 'Problems' })).toHaveText('valid');
  expect(asked.filter((u) => u.includes('/first-parse-'))).toHaveLength(1);
  await expect(studio.yaml.locator('.monaco-editor .view-line').first()).toBeVisible();
  // One line in the panel's input (an input drops line breaks), from the file's value.
  await expect(studio.inspector.getByRole('textbox', { name: 'description' })).toHaveValue('as written');
});
