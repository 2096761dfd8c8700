import { SETTINGS, createServer, installSignalHandlers, loadConfig } from '@weft/server';
import type { Command } from '../command';
import { boundHeapGrowth } from '../heap';
import { CliError, ExitCode, usageError, type ExitCode as Code } from '../exit-codes';

const settingLines = SETTINGS.map((s) => `  --${s.flag.padEnd(18)} ${s.description} (${s.env})`).join('\n');

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: weft serve [--port 8080] [--host 127.0.0.1] [--db sqlite:PATH | postgres://…] [--config weft.yaml] […]

Starts the runtime with the studio at http://HOST:PORT/, the API at /api/trpc, webhooks at
/hooks/<workflow-id>/<path>, and /healthz, /readyz, /metrics. With no flags everything is kept
in ./.weft/ (SQLite). Every setting can also come from a WEFT_* environment variable or a
weft.yaml file (flags win over variables, variables over the file).

Settings:
  --config            a weft.yaml file (default ./weft.yaml when present, or WEFT_CONFIG)
${settingLines}

It runs as one node process (its pid is on the start-up line): SIGTERM or Ctrl-C stops claiming
work, lets running steps finish (bounded by --shutdown-timeout), closes the database and exits.
Exit codes: 0 stopped cleanly, 2 bad setting, 4 the database cannot be opened.`,
  async run(args, io) {
    const { flags, file } = serveFlags(args);
    const cfg = loadConfig({ flags, env: io.env, cwd: io.cwd, ...(file !== undefined && { file }) });
    if (!cfg.ok) throw usageError(`weft serve: ${cfg.error.message}`);
    boundHeapGrowth(process.execArgv, io.env.NODE_OPTIONS);
    let server;
    try {
      server = await createServer(cfg.value);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const exit =
        code === 'UNREACHABLE' || code === 'MIGRATION_FAILED'
          ? ExitCode.UNREACHABLE
          : code === 'BAD_URL'
            ? ExitCode.USAGE
            : ExitCode.FAILED;
      throw new CliError(`weft serve: ${(e as Error).message}`, exit);
    }
    let address;
    try {
      address = await server.start();
    } catch (e) {
      await server.stop();
      throw new CliError(
        `weft serve: cannot listen on ${cfg.value.host}:${cfg.value.port}: ${(e as Error).message}`,
        ExitCode.FAILED,
      );
    }
    io.stderr(`Weft is running at ${address.url}/ (pid ${process.pid}, database: ${redact(cfg.value.db)})\n`);
    return new Promise<Code>((resolve) =>
      installSignalHandlers(server, (code) => resolve(code === 0 ? ExitCode.OK : ExitCode.FAILED)),
    );
  },
};

/** `--name value`, `--name=value`, or a bare `--name` (true), for every known setting. */
function serveFlags(args: readonly string[]): { flags: Record<string, string | boolean>; file?: string } {
  const known = new Set(['config', ...SETTINGS.map((s) => s.flag)]);
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--'))
      throw usageError(`weft serve: unexpected argument "${a}"\nrun "weft serve --help" for usage`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.has(name))
      throw usageError(`weft serve: unknown option "--${name}"\nrun "weft serve --help" for the settings`);
    if (eq > 0) flags[name] = a.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[name] = next;
        i++;
      } else flags[name] = true;
    }
  }
  const file = typeof flags.config === 'string' ? flags.config : undefined;
  if (flags.config === true) throw usageError('weft serve: --config needs a file name');
  delete flags.config;
  return { flags, ...(file !== undefined && { file }) };
}

/** A database URL without its password, for the start-up line. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
