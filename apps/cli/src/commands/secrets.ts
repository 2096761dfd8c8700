import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

export const secretsCommand: Command = {
  name: 'secrets',
  help: `Usage: weft secrets set <NAME>      (the value is read from standard input)
       weft secrets list
       weft secrets rm <NAME>

Secrets are encrypted at rest (AES-256-GCM) and used in workflows as \${{ secrets.NAME }};
their values never come back out of the server.

  printf %s "$TOKEN" | weft secrets set GITHUB_TOKEN

Options:
${SERVER_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('secrets', args, serverFlags);
    const [sub, ...rest] = positionals;
    const name = (): string => {
      if (rest.length !== 1)
        throw usageError(`weft secrets ${sub}: give one secret name\nrun "weft secrets --help" for usage`);
      return rest[0] as string;
    };
    switch (sub ?? '') {
      case 'set': {
        const secret = name();
        const value = (await io.readStdin()).replace(/\r?\n$/, '');
        if (value === '')
          throw usageError(
            `weft secrets set: no value on standard input; pipe it in: printf %s "$VALUE" | weft secrets set ${secret}`,
          );
        const r = await call('secrets', connect('secrets', io, values), (c) =>
          c.secrets.set.mutate({ name: secret, value }),
        );
        if (values.json) io.stdout(`${JSON.stringify(r)}\n`);
        else io.stdout(`secret ${r.name} set\n`);
        return ExitCode.OK;
      }
      case 'list': {
        const list = await call('secrets', connect('secrets', io, values), (c) => c.secrets.list.query());
        if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) io.stdout('no secrets\n');
        else for (const s of list) io.stdout(`${s.name}  updated ${new Date(s.updatedAt).toISOString()}\n`);
        return ExitCode.OK;
      }
      case 'rm': {
        const r = await call('secrets', connect('secrets', io, values), (c) =>
          c.secrets.delete.mutate({ name: name() }),
        );
        if (values.json) io.stdout(`${JSON.stringify(r)}\n`);
        else io.stdout(`secret ${r.name} removed\n`);
        return ExitCode.OK;
      }
      default:
        throw usageError(
          `weft secrets: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: set, list or rm\nrun "weft secrets --help" for usage`,
        );
    }
  },
};
