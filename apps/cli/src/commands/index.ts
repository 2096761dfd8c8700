import type { Command } from '../command';
import { applyCommand } from './apply';
import { auditCommand } from './audit';
import { blockCommand } from './block';
import { exportCommand } from './export';
import { fmtCommand } from './fmt';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { schemaCommand } from './schema';
import { secretsCommand } from './secrets';
import { serveCommand } from './serve';
import { templatesCommand } from './templates';
import { tokensCommand } from './tokens';
import { validateCommand } from './validate';

/** Every `weft` sub-command, in the order `weft --help` lists them. */
export const commands: readonly Command[] = [
  serveCommand,
  validateCommand,
  fmtCommand,
  schemaCommand,
  runCommand,
  applyCommand,
  exportCommand,
  runsCommand,
  secretsCommand,
  tokensCommand,
  auditCommand,
  templatesCommand,
  blockCommand,
];
