/**
 * A/B of the 500-step open's main-thread work, from a trace of each page: two or more studio builds
 * alternated round after round (as open-ab.ts), each page traced, and for each the thread time
 * (CPU, not waiting for a core) of Monaco's chunk run (the largest module evaluation), of every
 * main-thread task until the open, and of its longest task — parts too small for the wall time of
 * this shared machine to show.
 *
 *   cd e2e && npx tsx bench/open-trace-ab.ts <studio-dist> <other-studio-dist> [...] [--rounds N] [--steps N]
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
const rounds = option('--rounds', 6);
const steps = option('--steps', 500);
const dists = args.map((d) => resolve(d));
if (dists.length < 2) {
  console.error(
    'usage: npx tsx bench/open-trace-ab.ts <studio-dist> <other-studio-dist> [...] [--rounds N] [--steps N]',
  );
  process.exit(2);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { documentLoaderURL?: string } };
}
interface Figures {
  ms: number;
  monacoMs: number;
  mainMs: number;
  longestMs: number;
}

/** The figures of one traced open, `ms` after its navigation (the page's own clock). */
function figures(events: TraceEvent[], ms: number): Figures {
  const navigation = events.find(
    (e) => e.name === 'navigationStart' && !!e.args?.data?.documentLoaderURL?.includes('#/local'),
  );
  if (!navigation) throw new Error('no navigation in the trace');
  const until = navigation.ts + ms * 1000;
  const main = events.filter(
    (e) => e.pid === navigation.pid && e.tid === navigation.tid && e.ts >= navigation.ts && e.ts <= until,
  );
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ph === 'X');
  const monaco = main
    .filter((e) => e.name === 'v8.evaluateModule' && e.ph === 'X')
    .reduce((a, e) => Math.max(a, e.tdur ?? 0), 0);
  return {
    ms,
    monacoMs: monaco / 1000,
    mainMs: tasks.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000,
    longestMs: tasks.reduce((a, e) => Math.max(a, e.tdur ?? 0), 0) / 1000,
  };
}

const servers = await Promise.all(dists.map(serveDist));
const browser = await launchBenchBrowser();
const text = bigWorkflow(steps);
const all: Figures[][] = dists.map(() => []);
const show = (f: Figures): string =>
  `${f.ms.toFixed(0)} ms (Monaco's run ${f.monacoMs.toFixed(0)}, main thread ${f.mainMs.toFixed(0)}, longest task ${f.longestMs.toFixed(0)})`;
try {
  // A first page per build, untraced: the browser's own first-run costs are not one build's.
  for (const s of servers) await (await openDraft(browser, s.url, text, { steps })).page.close();
  for (let round = 1; round <= rounds; round++) {
    const line: string[] = [];
    for (const [i, s] of servers.entries()) {
      let traced = false;
      const { page, ms } = await openDraft(browser, s.url, text, {
        steps,
        beforeGoto: async (p) => {
          await browser.startTracing(p, {
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'v8',
              'blink.user_timing',
            ],
          });
          traced = true;
        },
      });
      const buffer = traced ? await browser.stopTracing() : null;
      await page.close();
      const events = (JSON.parse(buffer?.toString() ?? '{}') as { traceEvents?: TraceEvent[] }).traceEvents;
      const f = figures(events ?? [], ms);
      all[i]?.push(f);
      line.push(show(f));
    }
    console.log(`round ${round}: ${line.join(' | ')}   (load ${loadavg()[0]?.toFixed(2)})`);
  }
  for (const [i, d] of dists.entries()) {
    const fs = all[i] ?? [];
    const m = (pick: (f: Figures) => number): number => median(fs.map(pick));
    console.log(
      `${d}: median of ${fs.length} pages ${show({ ms: m((f) => f.ms), monacoMs: m((f) => f.monacoMs), mainMs: m((f) => f.mainMs), longestMs: m((f) => f.longestMs) })}`,
    );
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
