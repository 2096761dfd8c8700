import type { RunStatus } from '@weft/engine';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';
import { call, connect, SERVER_HELP, serverFlags, type Connection } from '../server-client';
import { parseSince } from '../time-flags';
import { pruneRuns, retryRun, startRun, watchRun } from './runs-ops';
import { replayRun } from './runs-replay';

const STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING', 'WAITING', 'SUCCESS', 'FAILED', 'CANCELLED'];

export const runsCommand: Command = {
  name: 'runs',
  help: `Usage: weft runs list [--workflow ID] [--status STATUS] [--trigger TYPE] [--error TEXT] [--since WHEN] [--limit N] [--json]
       weft runs start <workflow-id> [--input name=value]… [--input-file f.json] [--watch]
       weft runs retry <run-id> [--from STEP]
       weft runs watch <run-id>
       weft runs prune --older-than 30d [--keep N] [--dry-run]
       weft runs show <run-id>
       weft runs logs <run-id> [--step STEP]
       weft runs cancel <run-id>
       weft runs approve <run-id> <step-id> [--reject] [--comment TEXT]
       weft runs replay <run-id> [--at SEQ] [--db sqlite:PATH] [--json]

Options:
  --workflow ID    only runs of this workflow
  --status STATUS  only runs in this status (${STATUSES.join(', ')})
  --trigger TYPE   only runs started by this trigger type (manual, api, cron, interval, webhook, retry, workflow)
  --error TEXT     only runs whose error code or message contains TEXT (case-insensitive)
  --limit N        at most N runs (default 20)
  --since WHEN     only runs created since: a duration back from now (24h, 7d) or an ISO date/time
  --input k=v      a run input, read as the type the workflow declares (repeatable)
  --input-file F   run inputs from a JSON object (--input wins)
  --watch          start: follow the new run until it ends (exit code from its status)
  --older-than D   prune: ended runs that finished longer ago than D (30d, 12h)
  --keep N         prune: keep only the newest N ended runs per workflow
  --dry-run        prune: count what would go, delete nothing
  --from STEP      retry: the step to run again with everything downstream (default: the first failed)
  --step STEP      only this step's log lines
  --reject         reject instead of approve
  --comment TEXT   a comment recorded with the decision
  --at SEQ         replay: the state at event SEQ only (default: every event, with the state after it)
  --db URL         replay: read the run from a database instead of a server (sqlite:PATH where
                   "weft run --db" recorded it, or postgres://…)
${SERVER_HELP}

"weft runs show <id> --json" prints the run with its status and every step.`,
  async run(args, io) {
    const { values, positionals } = parseFlags('runs', args, {
      ...serverFlags,
      workflow: { type: 'string' },
      status: { type: 'string' },
      trigger: { type: 'string' },
      error: { type: 'string' },
      limit: { type: 'string' },
      step: { type: 'string' },
      reject: { type: 'boolean' },
      comment: { type: 'string' },
      since: { type: 'string' },
      input: { type: 'string', multiple: true },
      'input-file': { type: 'string' },
      watch: { type: 'boolean' },
      from: { type: 'string' },
      'older-than': { type: 'string' },
      keep: { type: 'string' },
      'dry-run': { type: 'boolean' },
      at: { type: 'string' },
      db: { type: 'string' },
    });
    const [sub, ...rest] = positionals;
    const conn = (): Connection => connect('runs', io, values);
    const one = (what: string): string => {
      if (rest.length !== 1)
        throw usageError(`weft runs ${sub}: give one ${what}\nrun "weft runs --help" for usage`);
      return rest[0] as string;
    };
    const json = Boolean(values.json);
    switch (sub ?? '') {
      case 'list': {
        const status = values.status?.toUpperCase();
        if (status !== undefined && !STATUSES.includes(status as RunStatus))
          throw usageError(
            `weft runs list: --status must be one of ${STATUSES.join(', ')}, not "${values.status}"`,
          );
        const limit = values.limit === undefined ? 20 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          throw usageError(`weft runs list: --limit must be an integer from 1 to 500, not "${values.limit}"`);
        const page = await call('runs', conn(), (c) =>
          c.runs.list.query({
            limit,
            ...(values.workflow !== undefined && { workflowId: values.workflow }),
            ...(status !== undefined && { status: status as RunStatus }),
            ...(values.trigger !== undefined && { trigger: values.trigger }),
            ...(values.error !== undefined && { errorText: values.error }),
            ...(values.since !== undefined && {
              from: parseSince('runs list', '--since', values.since, Date.now()),
            }),
          }),
        );
        if (json) return print(io, page);
        if (page.runs.length === 0) io.stdout('no runs\n');
        for (const r of page.runs)
          io.stdout(
            `${r.id}  ${r.status.padEnd(9)}  ${r.workflowId}@${r.workflowVersion}  ${new Date(r.createdAt).toISOString()}\n`,
          );
        return ExitCode.OK;
      }
      case 'start':
        return startRun(conn(), io, {
          workflowId: one('workflow id'),
          inputs: values.input ?? [],
          ...(values['input-file'] !== undefined && { inputFile: values['input-file'] }),
          json,
          watch: Boolean(values.watch),
        });
      case 'retry':
        return retryRun(conn(), io, {
          runId: one('run id'),
          ...(values.from !== undefined && { from: values.from }),
          json,
        });
      case 'prune':
        return pruneRuns(conn(), io, {
          ...(values['older-than'] !== undefined && { olderThan: values['older-than'] }),
          ...(values.keep !== undefined && { keep: values.keep }),
          dryRun: Boolean(values['dry-run']),
          json,
        });
      case 'watch':
        return watchRun(conn(), io, { runId: one('run id'), json });
      case 'show': {
        const r = await call('runs', conn(), (c) => c.runs.get.query({ runId: one('run id') }));
        if (json) return print(io, { ...r.run, steps: r.steps });
        io.stdout(`run ${r.run.id}  ${r.run.status}  ${r.run.workflowId}@${r.run.workflowVersion}\n`);
        if (r.run.error) io.stdout(`error ${r.run.error.code}: ${r.run.error.message}\n`);
        for (const s of r.steps) {
          const took =
            s.startedAt !== undefined && s.finishedAt !== undefined ? `${s.finishedAt - s.startedAt}ms` : '';
          const why = s.error
            ? `  ${s.error.code}: ${s.error.message}`
            : s.waitReason
              ? `  (${s.waitReason})`
              : '';
          io.stdout(`  ${s.stepId.padEnd(20)} ${s.status.padEnd(9)} ${took.padStart(8)}${why}\n`);
        }
        if (r.run.outputs) io.stdout(`outputs ${JSON.stringify(r.run.outputs, null, 2)}\n`);
        return ExitCode.OK;
      }
      case 'logs': {
        const lines = await call('runs', conn(), (c) =>
          c.runs.logs.query({
            runId: one('run id'),
            ...(values.step !== undefined && { stepId: values.step }),
          }),
        );
        if (json) return print(io, lines);
        for (const e of lines)
          io.stdout(
            `${new Date(e.at).toISOString()} ${e.stepId ?? '-'} ${String(e.data.level ?? 'info')}: ${String(e.data.message ?? '')}\n`,
          );
        return ExitCode.OK;
      }
      case 'cancel': {
        const r = await call('runs', conn(), (c) => c.runs.cancel.mutate({ runId: one('run id') }));
        if (json) return print(io, r);
        io.stdout(`cancelling run ${r.runId}\n`);
        return ExitCode.OK;
      }
      case 'approve': {
        if (rest.length !== 2)
          throw usageError(
            'weft runs approve: give a run id and a step id\nrun "weft runs --help" for usage',
          );
        const [runId, stepId] = rest as [string, string];
        const r = await call('runs', conn(), (c) =>
          c.runs.approve.mutate({
            runId,
            stepId,
            approved: !values.reject,
            ...(values.comment !== undefined && { comment: values.comment }),
          }),
        );
        if (json) return print(io, r);
        io.stdout(`${values.reject ? 'rejected' : 'approved'} step ${stepId} of run ${runId}\n`);
        return ExitCode.OK;
      }
      case 'replay':
        return replayRun(io, {
          runId: one('run id'),
          ...(values.at !== undefined && { at: values.at }),
          json,
          source: values.db !== undefined ? { db: values.db } : { server: conn },
        });
      default:
        throw usageError(
          `weft runs: ${sub === undefined ? 'give a sub-command' : `unknown sub-command "${sub}"`}: list, start, retry, watch, prune, show, logs, cancel, approve or replay\nrun "weft runs --help" for usage`,
        );
    }
  },
};

function print(io: CliIo, value: unknown): ExitCode {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  return ExitCode.OK;
}
