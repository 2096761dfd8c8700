/**
 * The replay reducer in Chromium (run by bench/debugger.bench.ts; it lives here because e2e/ is where
 * Playwright is installed): `@weft/engine/replay` bundled as the studio bundles it, fed a run's events,
 * then timed seeking `ReplayCursor.at` to the given events — what the scrubber does on each move.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/// <reference lib="dom" />
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Cursor {
  at(seq: number): { status: string };
}
declare global {
  interface Window {
    WeftReplay: { ReplayCursor: new (events: unknown[]) => Cursor };
  }
}

export async function browserSeeks(
  events: readonly unknown[],
  seqs: readonly number[],
): Promise<{ loadMs: number; seekMs: number[] }> {
  const bundle = await build({
    entryPoints: [join(root, 'packages/engine/src/replay.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'WeftReplay',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>replay bench</title>');
    await page.addScriptTag({ content: code });
    return await page.evaluate(
      ({ events, seqs }) => {
        const t0 = performance.now();
        const cursor = new window.WeftReplay.ReplayCursor(events);
        const loadMs = performance.now() - t0;
        const seekMs: number[] = [];
        for (const seq of seqs) {
          const t = performance.now();
          if (!cursor.at(seq).status) throw new Error('no state');
          seekMs.push(performance.now() - t);
        }
        return { loadMs, seekMs };
      },
      { events: events as unknown[], seqs: [...seqs] },
    );
  } finally {
    await browser.close();
  }
}
