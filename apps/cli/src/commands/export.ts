import { writeFileSync } from 'node:fs';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

export const exportCommand: Command = {
  name: 'export',
  help: `Usage: weft export <workflow-id> [--server URL] [--no-layout] [--version N] [--output FILE]

Prints the stored YAML exactly as saved (comments included). With --no-layout the studio's
layout: section is left out, for files kept in git.

Options:
  --no-layout    leave out the canvas positions
  --version N    a given version (default: the latest)
  -o, --output F write to a file instead of stdout
${SERVER_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('export', args, {
      ...serverFlags,
      'no-layout': { type: 'boolean' },
      version: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length !== 1)
      throw usageError('weft export: give one workflow id\nrun "weft export --help" for usage');
    const id = positionals[0] as string;
    let version: number | undefined;
    if (values.version !== undefined) {
      version = Number(values.version);
      if (!Number.isInteger(version) || version < 1)
        throw usageError(`weft export: --version must be a positive integer, not "${values.version}"`);
    }
    const conn = connect('export', io, values);
    const r = await call('export', conn, (c) =>
      c.workflows.export.query({
        id,
        noLayout: Boolean(values['no-layout']),
        ...(version !== undefined && { version }),
      }),
    );
    if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
    else if (values.output !== undefined) {
      writeFileSync(values.output, r.yaml);
      io.stderr(`wrote ${id} version ${r.version} to ${values.output}\n`);
    } else io.stdout(r.yaml);
    return ExitCode.OK;
  },
};
