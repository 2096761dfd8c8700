/**
 * A Chromium performance trace of the studio bench's own page load (e2e/bench/studio-bench.ts: the
 * 500-step file opened until the canvas has drawn and the YAML pane shows a line), for finding where
 * opening spends its time. Opens the page twice in one browser, as the bench does, and traces the
 * second. Load the trace in Chrome's DevTools (Performance panel); its events carry thread time
 * (`tdur`) beside wall time (`dur`), which on a loaded machine tells work from waiting.
 *
 *   cd e2e && npx tsx bench/trace-open.ts [studio-dist] [steps] [out.json]
 *
 * `PROF=1` adds V8's sampling profiler (per-function times; it slows the page down).
 */
/// <reference lib="dom" />
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './bench-browser';
import { openDraft, serveDist } from './bench-page';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const dist =
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'studio', 'dist');
const steps = Number(process.argv[3] ?? 500);
const out = process.argv[4] ?? join(tmpdir(), 'weft-studio-open-trace.json');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
];

const server = await serveDist(dist);
const browser = await launchBenchBrowser();
try {
  const text = bigWorkflow(steps);
  for (const traced of [false, true]) {
    const { page, ms } = await openDraft(browser, server.url, text, {
      steps,
      beforeGoto: async (p) => {
        if (!traced) return;
        const categories = process.env.PROF
          ? [...CATEGORIES, 'disabled-by-default-v8.cpu_profiler']
          : CATEGORIES;
        await browser.startTracing(p, { path: out, categories });
      },
    });
    console.log(`${traced ? 'traced' : 'first'} page: open ${ms.toFixed(0)} ms`);
    if (traced) {
      await browser.stopTracing();
      console.log(`trace written to ${out}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
