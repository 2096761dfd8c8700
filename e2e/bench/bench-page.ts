/**
 * What the studio benches share besides the browser (bench-browser.ts): a static server for a built
 * studio, the bench's open of a large file (the wait `pnpm bench studio` times), and the statistics.
 */
/// <reference lib="dom" />
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import '../fixtures/studio-handle';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

export interface StaticStudio {
  url: string;
  close(): void;
}

/**
 * Serves the built studio in `dist` on a free local port, as files only: every other path (the API
 * too) is answered with `index.html`, so the studio runs on its local draft (`#/local`).
 */
export function serveDist(dist: string): Promise<StaticStudio> {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`no built studio in ${dist}: run \`pnpm --filter @weft/studio build\` first`);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
      file = join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      resolve({ url, close: () => server.close() });
    }),
  );
}

export interface OpenOptions {
  /** How many steps the file has: the open waits until the store holds them all. */
  steps: number;
  /** Called with the new page before it is navigated (to start a trace, say). */
  beforeGoto?: (page: Page) => Promise<void>;
}

/**
 * The bench's open (a fresh context, so no cache): `text` as the local draft, the editor at
 * `${url}/#/local`, until every step is in the store, a node is drawn and Monaco shows a line.
 * Returns the page and the time from navigation, in the page's own clock.
 */
export async function openDraft(
  browser: Browser,
  url: string,
  text: string,
  { steps, beforeGoto }: OpenOptions,
): Promise<{ page: Page; ms: number }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.addInitScript(`localStorage.setItem('weft.studio.draft', ${JSON.stringify(text)});`);
  await beforeGoto?.(page);
  await page.goto(`${url}/#/local`);
  // The time is taken in the page when the check first passes: read by a later `evaluate`, it
  // would add a round trip to the driver (and any task the page began meanwhile) to every open.
  const seen = await page.waitForFunction(
    (n) =>
      (window.weftStudio?.stepIds().length ?? 0) >= n &&
      document.querySelector('.react-flow__node') &&
      window.weftStudio?.yaml() !== null &&
      document.querySelector('.monaco-editor .view-line') &&
      performance.now(),
    steps,
    { polling: 5, timeout: 60_000 },
  );
  const ms = (await seen.jsonValue()) as number;
  return { page, ms };
}

/**
 * Until the page has had nothing to do for a while (three idle periods in a row with the frame's
 * whole idle time free): a person's first edit comes seconds after the file shows, not while the
 * open's deferred work (the first validation, the minimap, the layer's nodes) still runs. Every
 * build measured gets the same wait.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const until = performance.now() + 10_000;
    let quiet = 0;
    while (quiet < 3 && performance.now() < until) {
      const free = await new Promise<number>((r) =>
        requestIdleCallback((d) => r(d.timeRemaining()), { timeout: 1000 }),
      );
      quiet = free >= 40 ? quiet + 1 : 0;
    }
  });
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export const p95 = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;
