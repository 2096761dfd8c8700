/** Exit codes of the `weft` command (DESIGN.md "CLI"). */
export const ExitCode = {
  /** Success; a run ended SUCCESS. */
  OK: 0,
  /** A run ended FAILED or CANCELLED; `fmt --check` found unformatted files. */
  FAILED: 1,
  /** Bad flags, arguments or run inputs. */
  USAGE: 2,
  /** The workflow file is invalid (diagnostics on stderr). */
  INVALID: 3,
  /** Cannot reach the server or the database. */
  UNREACHABLE: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure that ends the command with a message and an exit code, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * The exit code of a refusal, by its code: the server's (tRPC: `BAD_REQUEST`, `NOT_FOUND`, …) or the
 * engine's (`INVALID_INPUT`, `WORKFLOW_NOT_FOUND`). The CLI's one mapper: what the caller can fix is
 * USAGE, anything else FAILED.
 */
export function exitCodeFor(code: string): ExitCode {
  switch (code) {
    case 'BAD_REQUEST':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
    case 'INVALID_INPUT':
    case 'WORKFLOW_NOT_FOUND':
      return ExitCode.USAGE;
    default:
      return ExitCode.FAILED;
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, ExitCode.USAGE);
}
