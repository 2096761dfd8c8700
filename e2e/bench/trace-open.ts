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
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBenchBrowser } from './bench-browser';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const dist =
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'studio', 'dist');
const steps = Number(process.argv[3] ?? 500);
const out = process.argv[4] ?? join(tmpdir(), 'weft-studio-open-trace.json');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
};
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
];

if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built studio in ${dist}`);
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  let file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
    file = join(dist, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await launchBenchBrowser([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-dev-shm-usage',
]);
try {
  const text = bigWorkflow(steps);
  for (const traced of [false, true]) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.addInitScript(`localStorage.setItem('weft.studio.draft', ${JSON.stringify(text)});`);
    if (traced) {
      const categories = process.env.PROF
        ? [...CATEGORIES, 'disabled-by-default-v8.cpu_profiler']
        : CATEGORIES;
      await browser.startTracing(page, { path: out, categories });
    }
    await page.goto(`${url}/#/local`);
    await page.waitForFunction(
      (n) =>
        (window.weftStudio?.stepIds().length ?? 0) >= n &&
        document.querySelector('.react-flow__node') &&
        window.weftStudio?.yaml() !== null &&
        document.querySelector('.monaco-editor .view-line'),
      steps,
      { polling: 5, timeout: 60_000 },
    );
    const ms = await page.evaluate(() => performance.now());
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
