import { workflowJsonSchema } from '@weft/dsl';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';

export const schemaCommand: Command = {
  name: 'schema',
  help: `Usage: weft schema

Prints the JSON Schema of weft/v1 files on stdout, for editors: save it and point VS Code's
YAML extension at it with a first line like
  # yaml-language-server: $schema=./weft.schema.json

Options:
  -h, --help  show this help`,
  async run(args, io) {
    const { positionals } = parseFlags('schema', args, {});
    if (positionals.length > 0) throw usageError(`weft schema: unexpected argument "${positionals[0]}"`);
    io.stdout(`${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
    return ExitCode.OK;
  },
};
