import { CliError, ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { commands, type CommandEntry } from './commands/index';

const VERSION = '0.1.0';

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'weft — build, check and run weft/v1 workflows',
    '',
    'Usage: weft <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "weft <command> --help" for a command\'s options.',
    'Exit codes: 0 ok, 1 run failed, 2 usage error, 3 invalid workflow, 4 server or database unreachable.',
    '',
  ].join('\n');
}

/** Runs the CLI with `args` (without `node` and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const entry: CommandEntry | undefined = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`weft: unknown command "${name}"\nrun "weft --help" for the list of commands\n`);
    return ExitCode.USAGE;
  }
  const asksHelp = rest.includes('--help') || rest.includes('-h');
  if (!asksHelp) entry.early?.(rest);
  const command = await entry.load();
  if (asksHelp) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return ExitCode.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`weft ${name}: unexpected error: ${(e as Error)?.message ?? String(e)}\n`);
    if (io.env.WEFT_DEBUG) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
    return ExitCode.FAILED;
  }
}
