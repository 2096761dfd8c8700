/**
 * The studio's scrubber in Chromium (run by bench/debugger.bench.ts; it lives here because e2e/ is
 * where Playwright is installed): the run page of a long run served by a real `weft serve`, then
 * seeks to random events through the address (`#/runs/<id>?at=<seq>`, what a link or the scrubber
 * does), each timed in the page from the request to the frame painted — the slider on the event and
 * the canvas's nodes repainted, measured after the next animation frame.
 */
/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { chromium, type CDPSession } from '@playwright/test';

export interface ScrubFigures {
  /** From `goto` to the scrubber holding every event and the canvas drawn. */
  openMs: number;
  seekMs: number[];
  /** Chromium's own time over all the seeks, per seek (ms): script, style recalculation, layout. */
  perSeek: { scriptMs: number; styleMs: number; layoutMs: number };
}

/** Chromium's cumulative task durations (seconds), from the DevTools protocol. */
async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

export async function studioScrubs(
  url: string,
  runId: string,
  lastSeq: number,
  seqs: readonly number[],
): Promise<ScrubFigures> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const t0 = performance.now();
    await page.goto(`${url}/#/runs/${runId}`);
    const slider = page.getByRole('slider', { name: 'Run event' });
    await slider.waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      (last) =>
        document.querySelector('[role="slider"]')?.getAttribute('aria-valuemax') === String(last) &&
        document.querySelector('.react-flow__node') !== null,
      lastSeq,
      { timeout: 120_000 },
    );
    const openMs = performance.now() - t0;
    // tsx (esbuild keepNames) wraps the named helpers below in `__name(…)`, which the page lacks.
    await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // WEFT_BENCH_PROFILE=file.cpuprofile: a CPU profile of the seeks; WEFT_BENCH_TRACE=file.json: a
    // DevTools timeline trace (paint, layout, raster). Open either in Chrome's DevTools.
    const profile = process.env.WEFT_BENCH_PROFILE;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const before = await metrics(cdp);
    const trace = process.env.WEFT_BENCH_TRACE;
    if (trace)
      await browser.startTracing(page, {
        path: trace,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
      });
    const seekMs = await page.evaluate(
      async ({ runId, seqs }) => {
        const el = document.querySelector('[role="slider"]') as HTMLElement;
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const out: number[] = [];
        for (const seq of seqs) {
          await frame();
          const t = performance.now();
          const shown = new Promise<void>((resolve) => {
            const mo = new MutationObserver(() => {
              if (el.getAttribute('aria-valuenow') === String(seq)) {
                mo.disconnect();
                resolve();
              }
            });
            mo.observe(el, { attributes: true, attributeFilter: ['aria-valuenow'] });
          });
          window.location.hash = `#/runs/${runId}?at=${seq}`;
          await shown;
          await frame();
          out.push(performance.now() - t);
        }
        return out;
      },
      { runId, seqs: [...seqs] },
    );
    const after = await metrics(cdp);
    if (trace) await browser.stopTracing();
    if (profile) {
      const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(profile, JSON.stringify(p));
    }
    const per = (name: string): number => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / seqs.length;
    const perSeek = {
      scriptMs: per('ScriptDuration'),
      styleMs: per('RecalcStyleDuration'),
      layoutMs: per('LayoutDuration'),
    };
    // The last seek painted the state at its event: one node checked against its attribute.
    const status = await page.locator('.react-flow__node [data-status]').first().getAttribute('data-status');
    if (status === null) throw new Error('the canvas shows no step state after scrubbing');
    return { openMs, seekMs, perSeek };
  } finally {
    await browser.close();
  }
}
