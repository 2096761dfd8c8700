/**
 * A/B of the studio bench's 500-step open (e2e/bench/studio-bench.ts: the file in the store, a node
 * drawn, Monaco showing a line) for two or more studio builds, alternated round after round so that
 * each meets the same load of this shared machine. Each round opens each build 3 times (a fresh
 * context each) and prints their median beside the load average.
 *
 *   cd e2e && npx tsx bench/open-ab.ts <studio-dist> <other-studio-dist> [...] [--rounds N] [--steps N]
 *
 * Keep the old build with `cp -r apps/studio/dist apps/studio/dist-old` (`dist-*` is ignored).
 */
/// <reference lib="dom" />
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { launchBenchBrowser } from './bench-browser';
import { bigWorkflow } from './studio-bench';
import '../fixtures/studio-handle';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args.splice(i, 2)[1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a whole number`);
  return n;
};
const rounds = option('--rounds', 4);
const steps = option('--steps', 500);
const dists = args.map((d) => resolve(d));
if (dists.length < 2) {
  console.error(
    'usage: npx tsx bench/open-ab.ts <studio-dist> <other-studio-dist> [...] [--rounds N] [--steps N]',
  );
  process.exit(2);
}
for (const d of dists) if (!existsSync(join(d, 'index.html'))) throw new Error(`no built studio in ${d}`);

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

/** The same static server as studio-bench.ts's (the API answered with index.html), for `dist`. */
function serve(dist: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
      file = join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      done({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    }),
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const servers = await Promise.all(dists.map(serve));
const browser = await launchBenchBrowser([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
]);
const text = bigWorkflow(steps);
const all: number[][] = dists.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (const [i, { url }] of servers.entries()) {
      const opens: number[] = [];
      for (let k = 0; k < 3; k++) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
        await page.addInitScript(`localStorage.setItem('weft.studio.draft', ${JSON.stringify(text)});`);
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
        opens.push(await page.evaluate(() => performance.now()));
        await page.close();
      }
      all[i]?.push(...opens);
      line.push(`${median(opens).toFixed(0)} ms`);
    }
    console.log(`round ${r + 1}: ${line.join(' | ')}   (load ${loadavg()[0]?.toFixed(2)})`);
  }
  for (const [i, d] of dists.entries())
    console.log(`${d}: median of all ${all[i]?.length} pages ${median(all[i] ?? []).toFixed(0)} ms`);
} finally {
  await browser.close();
  for (const { server } of servers) server.close();
}
