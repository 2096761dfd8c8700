/**
 * Cold open of the editor through a real `weft serve` (compressed static files): a 50-step workflow,
 * a fresh browser context each time (empty cache), until the canvas is interactive — it has drawn its
 * nodes and a click on one selects it (the time is taken in the page when the node shows selected).
 * Also the JavaScript bytes on the wire (compressed, as the browser received them) before then, when
 * the YAML pane (Monaco, loaded after the canvas) has shown, and the longest main-thread task from
 * the interactive canvas until then: how long a click may wait while Monaco loads. Run by
 * `pnpm bench studio-open` (bench/studio-open.bench.ts). Target: ≤ 1.5 s.
 */
/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from '@playwright/test';
import type { BenchRow } from '../../bench/row';
import { launchBenchBrowser } from './bench-browser';
import { median } from './bench-page';
import { startServer } from '../fixtures/server';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'studio', 'dist');
const STEPS = 50;
const SAMPLES = 5;

declare global {
  interface Window {
    benchWatch?: { selectedAt?: number; tasks: { start: number; end: number }[] };
  }
}

/** In the page before its scripts: when a canvas node first shows selected, and every long task. */
function watchPage(): void {
  const w: NonNullable<Window['benchWatch']> = { tasks: [] };
  window.benchWatch = w;
  new MutationObserver((_records, observer) => {
    if (document.querySelector('.react-flow__node.selected')) {
      w.selectedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.tasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

export async function studioOpenBench(): Promise<BenchRow[]> {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('the studio is not built: run `pnpm --filter @weft/studio build` first');
  const server = await startServer([]);
  const browser = await launchBenchBrowser();
  try {
    const text = bigWorkflow(STEPS).replace('id: big', 'id: bench-fifty');
    const opens: number[] = [];
    const jsBytes: number[] = [];
    const yamlShown: number[] = [];
    const longestTask: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(`localStorage.setItem('weft.studio.draft', ${JSON.stringify(text)});`);
      // tsx (esbuild keepNames) may wrap functions in `__name(…)`, which the page lacks.
      await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f)');
      await page.addInitScript(watchPage);
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
      // Interactive: a click on a node selects it. A real click at the node's centre, as soon as it
      // is drawn (no waiting for animations first, as a locator click would).
      const box = await page.locator('.react-flow__node').first().boundingBox();
      if (!box) throw new Error('the first node has no box');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const selectedAt = await page.waitForFunction(() => window.benchWatch?.selectedAt, null, {
        polling: 5,
        timeout: 30_000,
      });
      const interactive = Number(await selectedAt.jsonValue());
      opens.push(interactive);
      const done = [...scripts];
      let bytes = 0;
      for (const r of done) bytes += (await r.request().sizes()).responseBodySize;
      jsBytes.push(bytes);
      // Then the YAML pane: when it shows, and the longest task that held the page meanwhile.
      await page.waitForSelector('.monaco-editor .view-line', { timeout: 30_000 });
      const after = await page.evaluate((t) => {
        const w = window.benchWatch;
        const shown = performance.now();
        const tasks = (w?.tasks ?? []).filter((x) => x.end > t);
        return { shown, longest: Math.max(0, ...tasks.map((x) => x.end - Math.max(x.start, t))) };
      }, interactive);
      yamlShown.push(after.shown);
      longestTask.push(after.longest);
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
      {
        area: 'studio',
        metric: `YAML pane (Monaco) shown after open, ${STEPS} steps (median)`,
        value: median(yamlShown),
        unit: 'ms',
        note: 'mounts in a quiet moment after the canvas, at the latest 3 s after the editor opened',
      },
      {
        area: 'studio',
        metric:
          'longest main-thread task after the canvas is interactive, until the YAML pane shows (median)',
        value: median(longestTask),
        unit: 'ms',
        note: 'how long a click may wait while Monaco loads',
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
