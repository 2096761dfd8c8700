/**
 * The studio's scrubber in Chromium (run by bench/debugger.bench.ts; it lives here because e2e/ is
 * where Playwright is installed): the run page of a long run served by a real `weft serve`, then
 * seeks to random events through the address (`#/runs/<id>?at=<seq>`, what a link or the scrubber
 * does), each timed in the page from the request to the frame painted — the slider on the event and
 * the canvas's nodes repainted, measured after the next animation frame.
 */
/// <reference lib="dom" />
import { chromium } from '@playwright/test';

export interface ScrubFigures {
  /** From `goto` to the scrubber holding every event and the canvas drawn. */
  openMs: number;
  seekMs: number[];
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
    // The last seek painted the state at its event: one node checked against its attribute.
    const status = await page.locator('.react-flow__node [data-status]').first().getAttribute('data-status');
    if (status === null) throw new Error('the canvas shows no step state after scrubbing');
    return { openMs, seekMs };
  } finally {
    await browser.close();
  }
}
