/** `weft runs start | retry | watch` (the operator side of `weft runs`). */
import type { RunStatus } from '@weft/engine';
import { parse as parseYaml } from 'yaml';
import { ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';
import { runInputsFromFlags } from '../run-inputs';
import { call, type Connection } from '../server-client';
import { parseAge } from '../time-flags';

const ENDED = new Set<RunStatus>(['SUCCESS', 'FAILED', 'CANCELLED']);

export const exitFor = (status: RunStatus): ExitCode =>
  status === 'SUCCESS' ? ExitCode.OK : ExitCode.FAILED;

/** Start a run of a stored workflow; `--input k=v` values are read as the workflow declares them. */
export async function startRun(
  conn: Connection,
  io: CliIo,
  opts: { workflowId: string; inputs: readonly string[]; inputFile?: string; json: boolean; watch: boolean },
): Promise<ExitCode> {
  const stored = await call('runs', conn, (c) => c.workflows.get.query({ id: opts.workflowId }));
  const doc = parseYaml(stored.version.yaml) as { inputs?: Record<string, never> } | null;
  const inputs = runInputsFromFlags(doc?.inputs ?? {}, opts.inputs, opts.inputFile);
  const r = await call('runs', conn, (c) => c.runs.start.mutate({ workflowId: opts.workflowId, inputs }));
  if (opts.watch) return watchRun(conn, io, { runId: r.runId, json: opts.json });
  if (opts.json) io.stdout(`${JSON.stringify(r)}\n`);
  else io.stdout(`started run ${r.runId} of ${opts.workflowId} (${r.status})\n`);
  return ExitCode.OK;
}

/** A new run from a step (default: the run's first failed step, chosen by the server). */
export async function retryRun(
  conn: Connection,
  io: CliIo,
  opts: { runId: string; from?: string; json: boolean },
): Promise<ExitCode> {
  const r = await call('runs', conn, (c) =>
    c.runs.retry.mutate({ runId: opts.runId, ...(opts.from !== undefined && { fromStepId: opts.from }) }),
  );
  if (opts.json) io.stdout(`${JSON.stringify(r)}\n`);
  else io.stdout(`retrying run ${opts.runId} from step ${r.fromStepId}: new run ${r.runId}\n`);
  return ExitCode.OK;
}

/**
 * Follow a run's events and log lines until it ends; the exit code is its status (0 SUCCESS, 1
 * FAILED/CANCELLED). `--json` prints each event as one JSON line.
 */
export async function watchRun(
  conn: Connection,
  io: CliIo,
  opts: { runId: string; json: boolean; pollMs?: number },
): Promise<ExitCode> {
  let after = 0;
  for (;;) {
    const events = await call('runs', conn, (c) =>
      c.runs.events.query({ runId: opts.runId, afterSeq: after, limit: 1000 }),
    );
    for (const e of events) {
      after = e.seq;
      if (opts.json) {
        io.stdout(`${JSON.stringify(e)}\n`);
        continue;
      }
      const t = new Date(e.at).toISOString();
      const d = e.data as Record<string, unknown>;
      if (e.type === 'step.log')
        io.stdout(`${t} ${e.stepId ?? '-'} ${String(d.level ?? 'info')}: ${String(d.message ?? '')}\n`);
      else {
        const err = (d.error ?? (typeof d.code === 'string' ? d : undefined)) as
          { code?: string; message?: string } | undefined;
        io.stdout(
          `${t} ${e.type}${e.stepId ? ` ${e.stepId}` : ''}${err?.code ? ` ${err.code}: ${err.message ?? ''}` : ''}\n`,
        );
      }
    }
    if (events.length === 1000) continue;
    const { run } = await call('runs', conn, (c) => c.runs.get.query({ runId: opts.runId }));
    if (ENDED.has(run.status)) {
      // Events committed together with the end are in the store now: print what is left.
      const rest = await call('runs', conn, (c) =>
        c.runs.events.query({ runId: opts.runId, afterSeq: after, limit: 1000 }),
      );
      if (rest.length > 0) {
        after = rest[rest.length - 1]?.seq ?? after;
        for (const e of rest)
          io.stdout(
            opts.json
              ? `${JSON.stringify(e)}\n`
              : `${new Date(e.at).toISOString()} ${e.type}${e.stepId ? ` ${e.stepId}` : ''}\n`,
          );
      }
      if (!opts.json)
        io.stdout(
          `run ${run.id} ${run.status}${run.error ? `: ${run.error.code} ${run.error.message}` : ''}\n`,
        );
      return exitFor(run.status);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
  }
}

/** Delete ended runs by age and/or count (never queued, running or waiting ones). */
export async function pruneRuns(
  conn: Connection,
  io: CliIo,
  opts: { olderThan?: string; keep?: string; dryRun: boolean; json: boolean },
): Promise<ExitCode> {
  if (opts.olderThan === undefined && opts.keep === undefined)
    throw usageError('weft runs prune: give --older-than 30d, --keep N or both: what to prune');
  const olderThanMs =
    opts.olderThan === undefined ? undefined : parseAge('runs prune', '--older-than', opts.olderThan);
  const keep = opts.keep === undefined ? undefined : Number(opts.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 0))
    throw usageError(`weft runs prune: --keep must be a whole number, not "${opts.keep}"`);
  const r = await call('runs', conn, (c) =>
    c.retention.prune.mutate({
      ...(olderThanMs !== undefined && { olderThanMs }),
      ...(keep !== undefined && { keepPerWorkflow: keep }),
      dryRun: opts.dryRun,
    }),
  );
  if (opts.json) io.stdout(`${JSON.stringify(r)}\n`);
  else
    io.stdout(
      `${r.dryRun ? 'would prune' : 'pruned'} ${r.pruned} ended run${r.pruned === 1 ? '' : 's'} and ${r.events} event${r.events === 1 ? '' : 's'}${r.dryRun ? ' (dry run: nothing deleted)' : ''}\n`,
    );
  return ExitCode.OK;
}
