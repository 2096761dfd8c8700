/**
 * The studio bench (run by `pnpm bench studio` through bench/studio.bench.ts; it lives here because
 * e2e/ is where Playwright is installed). Studio bench: a 500-step workflow opened in Chromium (Debian's /usr/bin/chromium, driven through
 * Playwright), then the latency of a canvas edit reaching the YAML pane and of a YAML edit reaching
 * the canvas. Needs the built studio (`pnpm --filter @weft/studio build`).
 * Targets (issue 14 item 6): open ≤ 1.0 s, canvas ⇄ YAML sync p95 ≤ 50 ms.
 */
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
/// <reference lib="dom" />
import type { BenchRow } from '../../bench/row';
import { launchBenchBrowser } from './bench-browser';
import { median, openDraft, p95, serveDist } from './bench-page';
import '../fixtures/studio-handle';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `WEFT_STUDIO_DIST`: another build to measure (an A/B of two builds, e.g. apps/studio/dist-old). */
const dist = process.env.WEFT_STUDIO_DIST
  ? resolvePath(process.env.WEFT_STUDIO_DIST)
  : join(root, 'apps', 'studio', 'dist');
const STEPS = 500;
const SAMPLES = 15;

/** A 500-step workflow: chains of ten fanning out from a start step, with a layout. */
export function bigWorkflow(n = STEPS): string {
  const lines = [
    '# 500 steps for the studio bench',
    'apiVersion: weft/v1',
    'kind: Workflow',
    'id: big',
    'steps:',
  ];
  const layout: string[] = ['layout:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  - id: s${i}`, '    uses: transform');
    if (i > 0) lines.push(`    needs: [s${i % 10 === 1 || i < 10 ? 0 : i - 1}]`);
    lines.push('    with:', `      expression: "${i} + 1"`);
    layout.push(`  s${i}: [${(i % 10) * 260}, ${Math.floor(i / 10) * 120}]`);
  }
  return [...lines, ...layout, ''].join('\n');
}

export async function studioBench(): Promise<BenchRow[]> {
  const server = await serveDist(dist);
  const browser = await launchBenchBrowser();
  try {
    const text = bigWorkflow();
    const opens: number[] = [];
    let page;
    for (let i = 0; i < 3; i++) {
      const open = await openDraft(browser, server.url, text, { steps: STEPS });
      page = open.page;
      opens.push(open.ms);
      if (i < 2) await page.close();
    }
    if (!page) throw new Error('no page');

    // canvas → YAML: select a step, press Delete, until the YAML pane no longer has it; then undo.
    const canvasToYaml: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const id = `s${11 + i}`;
      await page.evaluate(() => window.dispatchEvent(new Event('resize')));
      await page.locator(`[data-testid="step-${id}"]`).click();
      const ms = await page.evaluate(async (stepId) => {
        const canvas = document.querySelector('section[aria-label="Canvas"]') as HTMLElement;
        const t0 = performance.now();
        canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
        for (;;) {
          if (!(window.weftStudio?.yaml() ?? '').includes(`- id: ${stepId}\n`)) return performance.now() - t0;
          if (performance.now() - t0 > 10_000) return NaN;
          await new Promise((r) => setTimeout(r, 0));
        }
      }, id);
      canvasToYaml.push(ms);
      await page.locator('section[aria-label="Canvas"]').press('ControlOrMeta+Z');
      await page.waitForFunction((stepId) => window.weftStudio?.yaml()?.includes(`- id: ${stepId}\n`), id);
    }

    // YAML → canvas: paste the file with one more step into Monaco, until the new step's node is drawn.
    const yamlToCanvas: number[] = [];
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('.monaco-editor .view-lines').click();
    for (let i = 0; i < SAMPLES; i++) {
      const id = `typed${i}`;
      // The whole file with one more step, pasted over the text (Ctrl+A, Ctrl+V) as a person pastes a file.
      const current = await page.evaluate(() => window.weftStudio?.yaml() ?? '');
      await page.evaluate(
        (t) => navigator.clipboard.writeText(t),
        current.replace(
          'steps:\n',
          `steps:\n  - id: ${id}\n    uses: wait\n    needs: [s0]\n    with: { duration: 1s }\n`,
        ),
      );
      await page.keyboard.press('ControlOrMeta+A');
      await page.evaluate(() => {
        const w = window as unknown as { benchT0?: number };
        w.benchT0 = undefined;
        window.addEventListener('keydown', () => (w.benchT0 ??= performance.now()), {
          capture: true,
          once: true,
        });
      });
      await page.keyboard.press('ControlOrMeta+V');
      const ms = await page.evaluate(async (stepId) => {
        const w = window as unknown as { benchT0?: number };
        for (;;) {
          const t0 = w.benchT0 ?? performance.now();
          if (document.querySelector(`[data-testid="step-${stepId}"]`)) return performance.now() - t0;
          if (performance.now() - t0 > 10_000) return NaN;
          await new Promise((r) => setTimeout(r, 0));
        }
      }, id);
      yamlToCanvas.push(ms);
    }
    return [
      {
        area: 'studio',
        metric: `open ${STEPS}-step workflow (median of 3)`,
        value: median(opens) / 1000,
        unit: 's',
        target: '<= 1.0',
      },
      {
        area: 'studio',
        metric: 'canvas→YAML (delete a step) median',
        value: median(canvasToYaml),
        unit: 'ms',
        target: '<= 50',
      },
      { area: 'studio', metric: 'canvas→YAML p95', value: p95(canvasToYaml), unit: 'ms', target: '<= 50' },
      {
        area: 'studio',
        metric: 'YAML→canvas (paste a step) median',
        value: median(yamlToCanvas),
        unit: 'ms',
        target: '<= 50',
        note: 'a paste re-parses at once; typing waits 25 ms',
      },
      { area: 'studio', metric: 'YAML→canvas p95', value: p95(yamlToCanvas), unit: 'ms', target: '<= 50' },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}
