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
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchBenchBrowser } from './bench-browser';
import { median, openDraft, serveDist } from './bench-page';
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
const servers = await Promise.all(dists.map(serveDist));
const browser = await launchBenchBrowser();
const text = bigWorkflow(steps);
const all: number[][] = dists.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (const [i, { url }] of servers.entries()) {
      const opens: number[] = [];
      for (let k = 0; k < 3; k++) {
        const { page, ms } = await openDraft(browser, url, text, { steps });
        opens.push(ms);
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
  for (const server of servers) server.close();
}
