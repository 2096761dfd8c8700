import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into usage errors (exit 2) that
 * name the flag and point at `--help`.
 */
export function parseFlags<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw usageError(`weft ${command}: ${msg}\nrun "weft ${command} --help" for usage`);
  }
}
