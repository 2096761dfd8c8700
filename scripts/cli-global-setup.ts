/**
 * Vitest global setup: builds the `weft` command from the current sources (scripts/build-cli.mjs,
 * about a second), so the tests that start Weft as a process — `spawnServer`, the CLI entry tests,
 * the SIGTERM test — run exactly what `weft`, `pnpm start` and the Docker image run.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'build-cli.mjs');
  execFileSync(process.execPath, [script, '--quiet'], { stdio: 'inherit' });
}
