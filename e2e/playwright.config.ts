/**
 * End-to-end tests of the studio in Debian's Chromium (/usr/bin/chromium; no browser download).
 *
 * Prerequisite: the studio is built (`pnpm --filter @weft/studio build` → apps/studio/dist).
 * The suite builds the CLI (scripts/build-cli.mjs) and starts `weft serve` — the built
 * apps/cli/dist/weft.mjs, as production does — on a free port with a throwaway SQLite database and data folder,
 * and runs every spec (editor + server) against it.
 */
import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

// Playwright loads this file in the runner and in every worker: decide once, pass it on by env.
// The servers run what production runs, the built CLI: build it from the current sources once.
if (!process.env.WEFT_E2E_PORT)
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--quiet']);
process.env.WEFT_E2E_PORT ??= String(await freePort());
const port = Number(process.env.WEFT_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
process.env.WEFT_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'weft-e2e-'));

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1600, height: 900 },
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  outputDir: join(root, 'test-results'),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, trace: 'retain-on-failure', acceptDownloads: true },
  projects: [
    { name: 'editor', testMatch: /editor\/.*\.spec\.ts/, use: chromium },
    { name: 'server', testMatch: /server\/.*\.spec\.ts/, use: chromium },
    { name: 'studio', testMatch: /tests\/studio\/.*\.spec\.ts/, use: chromium },
  ],
  webServer: {
    command: `node apps/cli/dist/weft.mjs serve --port ${port} --db sqlite:${join(process.env.WEFT_E2E_DATA, 'weft.db')} --data-dir ${process.env.WEFT_E2E_DATA}`,
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
