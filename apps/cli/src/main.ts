#!/usr/bin/env node
import { runCli } from './cli';
import { processIo } from './io';

// node:wasi (the sandbox) is "experimental" in Node 20: its warning tells a weft user nothing.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === 'ExperimentalWarning' || (warning instanceof Error && warning.name === 'ExperimentalWarning'))
    return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

const code = await runCli(process.argv.slice(2), processIo());
// Let stdout drain before exiting (large --json documents through a pipe).
process.stdout.write('', () => process.exit(code));
