/**
 * The Chromium the studio benches drive (Debian's /usr/bin/chromium through Playwright), without
 * the browser's own work that a person opening the studio in a tab does not pay for.
 *
 * Chromium 156 loads its WebUI omnibox popup (`chrome://omnibox-popup.top-chrome`, a renderer
 * process of its own running Lit and Mojo) in every new window, and Playwright opens a window for
 * every page and context. On this 2-core machine that renderer took ~0.7 s of CPU (plus ~0.2 s on
 * its worker threads) while each bench page was opening the studio; in a browser already open it
 * is loaded once, before the studio is. `OMNIBOX_FEATURES` turns it off.
 *
 * Chromium keeps only the last `--disable-features` on its command line, and Playwright passes a
 * list of its own (PaintHolding, network and phone-home features): that list is read from the
 * command line Playwright builds and extended, not replaced.
 */
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';

const OMNIBOX_FEATURES = [
  'PreloadTopChromeWebUI',
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
];
const DISABLE = '--disable-features=';
const EXECUTABLE = '/usr/bin/chromium';

let playwrightDisable: Promise<string | null> | null = null;

/** Playwright's own `--disable-features=…` switch, read from a browser it starts (once). */
function playwrightDisableSwitch(): Promise<string | null> {
  playwrightDisable ??= (async () => {
    const server = await chromium.launchServer({ executablePath: EXECUTABLE, args: ['--no-sandbox'] });
    try {
      return server.process().spawnargs.find((a) => a.startsWith(DISABLE)) ?? null;
    } finally {
      await server.close();
    }
  })();
  return playwrightDisable;
}

/** The switches every studio bench starts Chromium with: headless on this machine, nothing phoning home. */
export const BENCH_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** Launches the bench's Chromium with `args`, Playwright's disabled features and `OMNIBOX_FEATURES`. */
export async function launchBenchBrowser(args: readonly string[] = BENCH_ARGS): Promise<Browser> {
  const theirs = await playwrightDisableSwitch();
  const ours = OMNIBOX_FEATURES.join(',');
  const options: LaunchOptions = {
    executablePath: EXECUTABLE,
    args: [...args, theirs ? `${theirs},${ours}` : `${DISABLE}${ours}`],
  };
  if (theirs) options.ignoreDefaultArgs = [theirs];
  return chromium.launch(options);
}
