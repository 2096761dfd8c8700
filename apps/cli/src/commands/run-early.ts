/**
 * What `weft run` does before its own modules load: when the workflow file names a versioned block
 * (`uses: text@1`), a block worker starts at once, so the worker's start-up (a thread, its modules,
 * Extism) overlaps the loading of the engine and store and the parse of the file instead of
 * following them. A small module on purpose: the CLI imports it before the run command.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** `weft run`'s flags (the command parses them strictly; this module only looks for the file). */
export const RUN_FLAGS = {
  input: { type: 'string', multiple: true },
  'input-file': { type: 'string' },
  'trigger-file': { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  blocks: { type: 'string' },
  break: { type: 'string', multiple: true },
  step: { type: 'boolean' },
} as const;

const VERSIONED_USE = /^[\s-]*uses:\s*["']?[\w.@/-]+@\d/m;

let starting: Promise<void> | undefined;

/**
 * Starts a block worker when `weft run <args>`'s file names a versioned block (resolves once it is
 * started); anything odd starts nothing.
 */
export function startRunEarly(args: readonly string[]): Promise<void> | undefined {
  let text: string;
  try {
    const { positionals } = parseArgs({
      args: [...args],
      options: RUN_FLAGS,
      allowPositionals: true,
      strict: false,
    });
    const file = positionals[0];
    if (file === undefined) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // the command itself reports a missing file or a bad flag
  }
  if (!VERSIONED_USE.test(text)) return undefined;
  starting = import('@weft/sandbox/early').then(
    (m) => m.startEarlyWorker(),
    () => undefined,
  );
  return starting;
}

/** Ends the early worker when the run did not adopt it (an invalid file, a run without blocks). */
export async function endRunEarly(): Promise<void> {
  if (starting === undefined) return;
  await starting;
  starting = undefined;
  (await import('@weft/sandbox/early')).discardEarlyWorker();
}
