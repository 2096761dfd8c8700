import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

const STATES = ['pending', 'delivered', 'dead'] as const;
type State = (typeof STATES)[number];

const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

export const notificationsCommand: Command = {
  name: 'notifications',
  help: `Usage: weft notifications list [--state pending|delivered|dead] [--workflow ID] [--limit N] [--json]
       weft notifications dead-letters [--workflow ID] [--json]
       weft notifications redeliver <DELIVERY-ID>

Run-end notifications (a workflow's "notify", or the server's notifyUrl): each delivery is stored,
retried with exponential backoff, and dead-lettered when it keeps failing or the network policy
refuses its host. "dead-letters" lists those; "redeliver" queues one again with fresh attempts.

Options:
  --state STATE    only deliveries in this state
  --workflow ID    only this workflow's deliveries
  --limit N        at most N (default 50, at most 500)
${SERVER_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('notifications', args, {
      ...serverFlags,
      state: { type: 'string' },
      workflow: { type: 'string' },
      limit: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    switch (sub ?? '') {
      case 'list':
      case 'dead-letters': {
        if (rest.length > 0) throw usageError(`weft notifications ${sub}: unexpected argument "${rest[0]}"`);
        const state = sub === 'dead-letters' ? 'dead' : values.state;
        if (state !== undefined && !STATES.includes(state as State))
          throw usageError(
            `weft notifications list: --state must be one of ${STATES.join(', ')}, not "${state}"`,
          );
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 500))
          throw usageError(`weft notifications: --limit must be an integer 1-500, not "${values.limit}"`);
        const page = await call('notifications', connect('notifications', io, values), (c) =>
          c.notifications.list.query({
            ...(state !== undefined && { state: state as State }),
            ...(values.workflow !== undefined && { workflowId: values.workflow }),
            ...(limit !== undefined && { limit }),
          }),
        );
        if (values.json) io.stdout(`${JSON.stringify(page.deliveries, null, 2)}\n`);
        else if (page.deliveries.length === 0)
          io.stdout(sub === 'dead-letters' ? 'no dead letters\n' : 'no notification deliveries\n');
        else
          for (const d of page.deliveries)
            io.stdout(
              `${d.id}  ${d.state.toUpperCase().padEnd(9)} ${d.workflowId} ${d.runStatus}  ${d.url}  attempts ${d.attempts}  updated ${iso(d.updatedAt)}${d.lastError ? `\n  last error: ${d.lastError}` : ''}\n`,
            );
        return ExitCode.OK;
      }
      case 'redeliver': {
        if (rest.length !== 1)
          throw usageError(
            'weft notifications redeliver: give one delivery id (see "weft notifications dead-letters")',
          );
        const deliveryId = rest[0] as string;
        const d = await call('notifications', connect('notifications', io, values), (c) =>
          c.notifications.redeliver.mutate({ deliveryId }),
        );
        if (values.json) io.stdout(`${JSON.stringify(d, null, 2)}\n`);
        else io.stdout(`delivery ${d.id} queued again for ${d.url}\n`);
        return ExitCode.OK;
      }
      default:
        throw usageError(
          `weft notifications: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: list, dead-letters or redeliver\nrun "weft notifications --help" for usage`,
        );
    }
  },
};
