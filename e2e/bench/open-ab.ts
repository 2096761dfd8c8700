/**
 * A/B of the studio bench's 500-step open (e2e/bench/studio-bench.ts: the file in the store, a node
 * drawn, Monaco showing a line) for two or more studio builds, alternated round after round so that
 * each meets the same load of this shared machine. Each round opens each build 3 times (a fresh
 * context each) and prints their median beside the load average, with the page's CPU time until
 * then (main thread and whole renderer), which waiting for a core does not inflate.
 *
 *   cd e2e && npx tsx bench/open-ab.ts <studio-dist> <other-studio-dist> [...] [--rounds N] [--steps N]
 *
 * Keep the old build with `cp -r apps/studio/dist apps/studio/dist-old` (`dist-*` is ignored).
 */
/// <reference lib="dom" />
import { loadavg } from 'node:os';
import type { CDPSession } from '@playwright/test';
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
/**
 * The page's CPU once it has opened (Chromium's own counters, through the DevTools protocol): its
 * main thread's (from before navigation) and its renderer process's (all its threads: the worker,
 * compiling, compositing). Less noisy than wall time on a loaded machine, which is mostly waiting.
 */
async function openWithCpu(url: string): Promise<{ ms: number; mainMs: number; processMs: number }> {
  let cdp: CDPSession | null = null;
  const { page, ms } = await openDraft(browser, url, text, {
    steps,
    beforeGoto: async (p) => {
      cdp = await p.context().newCDPSession(p);
      await cdp.send('Performance.enable');
    },
  });
  const session = cdp as CDPSession | null;
  const metrics = session ? (await session.send('Performance.getMetrics')).metrics : [];
  const metric = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  await page.close();
  return { ms, mainMs: metric('ThreadTime'), processMs: metric('ProcessTime') };
}

const servers = await Promise.all(dists.map(serveDist));
const browser = await launchBenchBrowser();
const text = bigWorkflow(steps);
const all = dists.map(() => ({ ms: [] as number[], main: [] as number[], process: [] as number[] }));
const fmt = (xs: readonly number[]): string => median(xs).toFixed(0);
try {
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (const [i, { url }] of servers.entries()) {
      const round = { ms: [] as number[], main: [] as number[], process: [] as number[] };
      for (let k = 0; k < 3; k++) {
        const { ms, mainMs, processMs } = await openWithCpu(url);
        round.ms.push(ms);
        round.main.push(mainMs);
        round.process.push(processMs);
      }
      all[i]?.ms.push(...round.ms);
      all[i]?.main.push(...round.main);
      all[i]?.process.push(...round.process);
      line.push(`${fmt(round.ms)} ms (CPU main ${fmt(round.main)}, renderer ${fmt(round.process)})`);
    }
    console.log(`round ${r + 1}: ${line.join(' | ')}   (load ${loadavg()[0]?.toFixed(2)})`);
  }
  for (const [i, d] of dists.entries()) {
    const a = all[i] ?? { ms: [], main: [], process: [] };
    console.log(
      `${d}: median of all ${a.ms.length} pages ${fmt(a.ms)} ms; CPU ms: main thread ${fmt(a.main)}, renderer ${fmt(a.process)}`,
    );
  }
} finally {
  await browser.close();
  for (const server of servers) server.close();
}
