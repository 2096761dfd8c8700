import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

const ROLES = ['admin', 'editor', 'viewer'] as const;
type Role = (typeof ROLES)[number];

const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

export const tokensCommand: Command = {
  name: 'tokens',
  help: `Usage: weft tokens create <NAME> --role admin|editor|viewer
       weft tokens list
       weft tokens revoke <TOKEN-ID>

"create" prints the token's value once: the server keeps only its hash. Give it to the person or
the CI job that needs it (WEFT_TOKEN=…), or paste it into the studio's sign-in form.

Options:
  --role ROLE    what the token may do: viewer (read), editor (save, run), admin (everything)
${SERVER_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('tokens', args, { ...serverFlags, role: { type: 'string' } });
    const [sub, ...rest] = positionals;
    const one = (what: string): string => {
      if (rest.length !== 1)
        throw usageError(`weft tokens ${sub}: give one ${what}\nrun "weft tokens --help" for usage`);
      return rest[0] as string;
    };
    switch (sub ?? '') {
      case 'create': {
        const name = one('token name');
        const role = values.role;
        if (role === undefined) throw usageError(`weft tokens create: give --role (${ROLES.join(', ')})`);
        if (!ROLES.includes(role as Role))
          throw usageError(`weft tokens create: --role must be one of ${ROLES.join(', ')}, not "${role}"`);
        const r = await call('tokens', connect('tokens', io, values), (c) =>
          c.tokens.create.mutate({ name, role: role as Role }),
        );
        if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        else
          io.stdout(
            `created token ${r.id} "${r.name}" (${r.role})\n${r.token}\nthis value is shown once; the server keeps only its hash\n`,
          );
        return ExitCode.OK;
      }
      case 'list': {
        if (rest.length > 0) throw usageError('weft tokens list: takes no arguments');
        const list = await call('tokens', connect('tokens', io, values), (c) => c.tokens.list.query());
        if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) io.stdout('no tokens\n');
        else
          for (const t of list)
            io.stdout(
              `${t.id}  ${t.name.padEnd(20)} ${t.role.padEnd(6)}  created ${iso(t.createdAt)}  last used ${iso(t.lastUsedAt)}${t.revokedAt !== undefined ? `  REVOKED ${iso(t.revokedAt)}` : ''}\n`,
            );
        return ExitCode.OK;
      }
      case 'revoke': {
        const id = one('token id (see "weft tokens list")');
        const r = await call('tokens', connect('tokens', io, values), (c) => c.tokens.revoke.mutate({ id }));
        if (values.json) io.stdout(`${JSON.stringify(r)}\n`);
        else io.stdout(`token ${r.id} revoked\n`);
        return ExitCode.OK;
      }
      default:
        throw usageError(
          `weft tokens: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: create, list or revoke\nrun "weft tokens --help" for usage`,
        );
    }
  },
};
