#!/usr/bin/env node
import { runCli } from './cli';
import { processIo } from './io';

const code = await runCli(process.argv.slice(2), processIo());
// Let stdout drain before exiting (large --json documents through a pipe).
process.stdout.write('', () => process.exit(code));
