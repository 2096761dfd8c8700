import type { CliIo } from './io';
import type { ExitCode } from './exit-codes';

/** One `weft` sub-command. */
export interface Command {
  name: string;
  /** One line for `weft --help`. */
  summary: string;
  /** Full text for `weft <name> --help`. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
