import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';
import { parseSince } from '../time-flags';

export const auditCommand: Command = {
  name: 'audit',
  help: `Usage: weft audit [--since WHEN] [--until WHEN] [--actor NAME] [--action ACTION] [--json]

Prints the audit log oldest first: every save, delete, enable/disable, run start/cancel/approve/
retry, debug command, secret set/remove/rotate, token create/revoke, sign-in and sandbox
permission refusal. Secret values never appear in it.

Options:
  --since WHEN     from this time: a duration back from now (24h, 7d) or an ISO date/time (default 24h)
  --until WHEN     before this time (same forms)
  --actor NAME     only entries of this token name (local, system, anonymous, …)
  --action ACTION  only this action (runs.start) or a group ending in a dot (runs.)
${SERVER_HELP.replace('print one JSON document on stdout', 'one JSON object per line (JSON lines), for log pipelines')}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('audit', args, {
      ...serverFlags,
      since: { type: 'string' },
      until: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
    });
    if (positionals.length > 0) throw usageError(`weft audit: unexpected argument "${positionals[0]}"`);
    const now = Date.now();
    const since = parseSince('audit', '--since', values.since ?? '24h', now);
    const until = values.until === undefined ? undefined : parseSince('audit', '--until', values.until, now);
    const conn = connect('audit', io, values);
    let cursor: number | undefined;
    let n = 0;
    do {
      const page = await call('audit', conn, (c) =>
        c.audit.list.query({
          since,
          order: 'asc',
          limit: 1000,
          ...(until !== undefined && { until }),
          ...(values.actor !== undefined && { actor: values.actor }),
          ...(values.action !== undefined && { action: values.action }),
          ...(cursor !== undefined && { cursor }),
        }),
      );
      for (const e of page.entries) {
        n++;
        if (values.json) io.stdout(`${JSON.stringify({ ...e, time: new Date(e.at).toISOString() })}\n`);
        else
          io.stdout(
            `${new Date(e.at).toISOString()}  ${e.actor.padEnd(12)} ${e.outcome === 'ok' ? '' : `${e.outcome.toUpperCase()} `}${e.action}${e.target ? ` ${e.target}` : ''}${e.source ? `  from ${e.source}` : ''}${Object.keys(e.detail).length ? `  ${JSON.stringify(e.detail)}` : ''}\n`,
          );
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    if (n === 0 && !values.json) io.stdout('no audit entries in that time\n');
    return ExitCode.OK;
  },
};
