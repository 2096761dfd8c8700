/** Issue 12 item 9: compressed assets with caching headers; Monaco loads only when the YAML pane is shown. */
import { expect, test } from '../../fixtures/studio';
import { COMMENTED, draftScript } from '../../fixtures/workflows';

test('the studio’s scripts come compressed, hashed files cached for a year', async ({ page }) => {
  const html = await (await page.request.get('/')).text();
  const src = /<script[^>]+src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(src).toBeTruthy();
  const js = await page.request.get(`/${src}`, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(js.headers()['content-encoding']).toBe('br');
  expect(js.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const index = await page.request.get('/', { headers: { 'accept-encoding': 'gzip' } });
  expect(index.headers()['cache-control']).toBe('no-cache');
});

test('with the YAML pane hidden Monaco is not loaded; showing the pane loads it', async ({
  studio,
  page,
}) => {
  await page.addInitScript(draftScript(COMMENTED));
  await page.addInitScript(() =>
    localStorage.setItem('weft.studio.panes', JSON.stringify({ yamlOpen: false })),
  );
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/#/local');
  await expect(studio.node('greet')).toBeVisible();
  await studio.node('greet').click();
  expect(scripts.some((u) => /YamlPane-/.test(u))).toBe(false);
  await expect(page.locator('link[href*="YamlPane-"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show YAML' }).click();
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible();
  expect(scripts.some((u) => /YamlPane-/.test(u))).toBe(true);
});

test('with the YAML pane shown, Monaco’s chunk is preloaded and its stylesheet applied while the file opens, and the chunk runs once the canvas drew', async ({
  studio,
  page,
}) => {
  await page.addInitScript(draftScript(COMMENTED));
  await page.goto('/#/local');
  await expect(studio.node('greet')).toBeVisible();
  await expect(page.locator('link[rel="modulepreload"][href*="YamlPane-"]')).toHaveCount(1);
  await expect(studio.yaml.locator('.monaco-editor .view-line').first()).toBeVisible();
  // Applied once, before the canvas drew: the chunk's import() did not add it a second time.
  await expect(page.locator('link[rel="stylesheet"][href*="YamlPane-"]')).toHaveCount(1);
});
