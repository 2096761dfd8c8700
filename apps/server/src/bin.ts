/**
 * Run the server as a process: `tsx apps/server/src/bin.ts [--port 8080] [--db …] [--config weft.yaml] …`
 * (any setting as `--flag value`). `weft serve` does the same through the CLI. Exit 2 on a bad
 * setting, 4 when the database cannot be opened.
 */
import { loadConfig } from './config/config';
import { createServer, installSignalHandlers } from './server';

/** `--name value`, `--name=value`; a flag followed by another flag (or nothing) is `true`. */
export function parseFlags(argv: readonly string[]): {
  flags: Record<string, string | boolean>;
  file?: string;
} {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[a.slice(2)] = next;
        i++;
      } else flags[a.slice(2)] = true;
    }
  }
  const file = typeof flags.config === 'string' ? flags.config : undefined;
  delete flags.config;
  return { flags, ...(file ? { file } : {}) };
}

async function main(): Promise<void> {
  const { flags, file } = parseFlags(process.argv.slice(2));
  const cfg = loadConfig({ flags, ...(file ? { file } : {}) });
  if (!cfg.ok) {
    process.stderr.write(`weft serve: ${cfg.error.message}\n`);
    process.exit(2);
  }
  let server;
  try {
    server = await createServer(cfg.value);
  } catch (e) {
    const code = (e as { code?: string }).code;
    process.stderr.write(`weft serve: ${(e as Error).message}\n`);
    process.exit(code === 'UNREACHABLE' || code === 'MIGRATION_FAILED' ? 4 : code === 'BAD_URL' ? 2 : 1);
  }
  installSignalHandlers(server);
  try {
    await server.start();
  } catch (e) {
    process.stderr.write(
      `weft serve: cannot listen on ${cfg.value.host}:${cfg.value.port}: ${(e as Error).message}\n`,
    );
    await server.stop();
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  void main();
}
