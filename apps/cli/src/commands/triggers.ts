import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { call, connect, SERVER_HELP, serverFlags } from '../server-client';

const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

export const triggersCommand: Command = {
  name: 'triggers',
  help: `Usage: weft triggers list [--workflow ID] [--json]
       weft triggers pause <WORKFLOW> <TRIGGER>
       weft triggers resume <WORKFLOW> <TRIGGER>

Cron and interval triggers across workflows: the schedule in words and its time zone, the next
fire times, the last fire and the run it started. TRIGGER is the key "list" shows: cron:0,
interval:1 (the n-th cron or interval trigger of the workflow, from 0). A paused trigger starts
no run until it is resumed; the ticks it missed do not fire afterwards.

Options:
  --workflow ID  list only this workflow's triggers
${SERVER_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseFlags('triggers', args, {
      ...serverFlags,
      workflow: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    switch (sub ?? '') {
      case 'list': {
        if (rest.length > 0) throw usageError('weft triggers list: takes no arguments (use --workflow ID)');
        const list = await call('triggers', connect('triggers', io, values), (c) =>
          c.triggers.list.query(values.workflow !== undefined ? { workflowId: values.workflow } : {}),
        );
        if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else if (list.length === 0) io.stdout('no cron or interval triggers\n');
        else
          for (const t of list) {
            const state = t.paused ? 'PAUSED' : t.workflowEnabled ? 'active' : 'workflow disabled';
            io.stdout(
              `${t.workflowId} ${t.triggerKey}  ${state}  ${t.expression} — ${t.description} (${t.timezone}${t.serverZone ? ', server zone' : ''})\n` +
                `  next: ${
                  t.nextFires.length
                    ? t.nextFires
                        .slice(0, 3)
                        .map((at) => iso(at))
                        .join(', ')
                    : '-'
                }\n` +
                `  last: ${iso(t.lastFireAt)}${t.lastRunId ? ` run ${t.lastRunId}${t.lastRunStatus ? ` ${t.lastRunStatus}` : ''}` : ''}\n`,
            );
          }
        return ExitCode.OK;
      }
      case 'pause':
      case 'resume': {
        if (rest.length !== 2)
          throw usageError(
            `weft triggers ${sub}: give a workflow id and a trigger key (e.g. cron:0; see "weft triggers list")`,
          );
        const [workflowId, triggerKey] = rest as [string, string];
        const conn = connect('triggers', io, values);
        const r = await call('triggers', conn, (c) =>
          sub === 'pause'
            ? c.triggers.pause.mutate({ workflowId, triggerKey })
            : c.triggers.resume.mutate({ workflowId, triggerKey }),
        );
        if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        else
          io.stdout(
            `${r.workflowId} ${r.triggerKey} ${r.paused ? 'paused' : `resumed; next fire ${iso(r.nextFires[0])}`}\n`,
          );
        return ExitCode.OK;
      }
      default:
        throw usageError(
          `weft triggers: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: list, pause or resume\nrun "weft triggers --help" for usage`,
        );
    }
  },
};
