/**
 * Cold open of the editor through a real `weft serve` (compressed static files): a 50-step workflow,
 * a fresh browser context each time (empty cache), until the canvas draws its nodes and takes a
 * click. Also the JavaScript bytes on the wire (compressed, as the browser received them) before
 * the canvas was interactive. Run by `pnpm bench studio` (bench/studio-open.bench.ts). Target: ≤ 1.5 s.
 */
/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Response } from '@playwright/test';
import type { BenchRow } from '../../bench/row';
import { startServer } from '../fixtures/server';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'studio', 'dist');
const STEPS = 50;
const SAMPLES = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function studioOpenBench(): Promise<BenchRow[]> {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('the studio is not built: run `pnpm --filter @weft/studio build` first');
  const server = await startServer([]);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  try {
    const text = bigWorkflow(STEPS).replace('id: big', 'id: bench-fifty');
    const opens: number[] = [];
    const jsBytes: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(`localStorage.setItem('weft.studio.draft', ${JSON.stringify(text)});`);
      const scripts: Response[] = [];
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script') scripts.push(r);
      });
      await page.goto(`${server.url}/#/local`);
      await page.waitForFunction(
        (n) =>
          (window.weftStudio?.stepIds().length ?? 0) >= n &&
          document.querySelectorAll('.react-flow__node').length > 0,
        STEPS,
        { polling: 5, timeout: 60_000 },
      );
      // Interactive: a click on a node selects it.
      await page.locator('.react-flow__node').first().click();
      await page.waitForSelector('.react-flow__node.selected, .react-flow__node .step-node.selected', {
        timeout: 30_000,
      });
      opens.push(await page.evaluate(() => performance.now()));
      const done = [...scripts];
      let bytes = 0;
      for (const r of done) bytes += (await r.request().sizes()).responseBodySize;
      jsBytes.push(bytes);
      await context.close();
    }
    return [
      {
        area: 'studio',
        metric: `cold open, ${STEPS} steps, to an interactive canvas (median of ${SAMPLES})`,
        value: median(opens),
        unit: 'ms',
        target: '≤ 1500',
      },
      {
        area: 'studio',
        metric: 'JS bytes on the wire (compressed) before the canvas is interactive',
        value: median(jsBytes) / 1024,
        unit: 'KiB',
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
