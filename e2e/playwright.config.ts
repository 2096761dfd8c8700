/**
 * End-to-end tests of the studio in Debian's Chromium (/usr/bin/chromium; no browser download).
 *
 * Prerequisite: the studio is built (`pnpm --filter @weft/studio build` → apps/studio/dist).
 * When `weft serve` exists, the suite starts it on a free port with a throwaway SQLite database and
 * runs every spec (editor + server). Without it (or with WEFT_E2E_STUDIO_ONLY=1) it serves the built
 * studio with `vite preview` and runs the editor specs only.
 */
import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
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

/** `weft serve` exists once the CLI has its serve command (a file check: spawning the CLI is slow on a busy machine). */
function serverAvailable(): boolean {
  if (process.env.WEFT_E2E_STUDIO_ONLY === '1') return false;
  return existsSync(join(root, 'apps', 'cli', 'src', 'commands', 'serve.ts'));
}

// Playwright loads this file in the runner and in every worker: decide once, pass it on by env.
process.env.WEFT_E2E_PORT ??= String(await freePort());
process.env.WEFT_E2E_WITH_SERVER ??= serverAvailable() ? '1' : '0';
const port = Number(process.env.WEFT_E2E_PORT);
const withServer = process.env.WEFT_E2E_WITH_SERVER === '1';
const baseURL = `http://127.0.0.1:${port}`;
process.env.WEFT_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'weft-e2e-'));

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1600, height: 900 },
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
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
    ...(withServer ? [{ name: 'server', testMatch: /server\/.*\.spec\.ts/, use: chromium }] : []),
  ],
  webServer: withServer
    ? {
        command: `pnpm -s weft serve --port ${port} --db sqlite:${join(process.env.WEFT_E2E_DATA, 'weft.db')}`,
        cwd: root,
        url: `${baseURL}/healthz`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
      }
    : {
        command: `pnpm --filter @weft/studio exec vite preview --port ${port} --strictPort --host 127.0.0.1`,
        cwd: root,
        url: baseURL,
        timeout: 60_000,
        reuseExistingServer: false,
      },
});
