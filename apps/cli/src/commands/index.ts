import type { Command } from '../command';
import { blockCommand } from './block';
import { fmtCommand } from './fmt';
import { runCommand } from './run';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';
import { validateCommand } from './validate';

/** Every `weft` sub-command, in the order `weft --help` lists them. */
export const commands: readonly Command[] = [serveCommand, validateCommand, fmtCommand, schemaCommand, runCommand, blockCommand];
