import type { CliIo } from './io';
import type { ExitCode } from './exit-codes';

/** One `weft` sub-command (its one-line summary is in `commands/index.ts`, which loads it lazily). */
export interface Command {
  name: string;
  /** Full text for `weft <name> --help`. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
