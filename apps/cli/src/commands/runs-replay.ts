/**
 * `weft runs replay <run-id> [--at SEQ] [--json]`: a run's event log with the state after each event
 * (or the state at one event), rebuilt by the engine's pure replay (`ReplayCursor`) — the same reducer
 * the studio's scrubber uses. Events come from a server (`runs.events`) or a local database
 * (`--db sqlite:PATH`, where `weft run --db` records runs).
 */
import { ReplayCursor, type RunEvent, type RunState } from '@weft/engine/replay';
import type { RunId } from '@weft/engine';
import { isStoreError, openStore } from '@weft/store';
import { CliError, ExitCode, usageError } from '../exit-codes';
import type { CliIo } from '../io';
import { call, type Connection } from '../server-client';

const PAGE = 5000;

export type EventSource = { server: () => Connection } | { db: string };

/** Every event of the run, in order. */
async function loadEvents(runId: string, source: EventSource): Promise<RunEvent[]> {
  if ('server' in source) {
    const conn = source.server();
    const out: RunEvent[] = [];
    for (let after = 0; ;) {
      const page = await call('runs replay', conn, (c) =>
        c.runs.events.query({ runId, afterSeq: after, limit: PAGE }),
      );
      out.push(...(page as RunEvent[]));
      if (page.length < PAGE) return out;
      after = page[page.length - 1]?.seq ?? after;
    }
  }
  let store;
  try {
    store = await openStore(source.db);
  } catch (e) {
    if (isStoreError(e))
      throw new CliError(
        `weft runs replay: ${e.message}`,
        e.code === 'BAD_URL' ? ExitCode.USAGE : ExitCode.UNREACHABLE,
      );
    throw e;
  }
  try {
    if (!(await store.getRun(runId as RunId)))
      throw usageError(`weft runs replay: run "${runId}" not found in ${source.db}`);
    const out: RunEvent[] = [];
    for (let after = 0; ;) {
      const page = await store.listEvents(runId as RunId, after, PAGE);
      out.push(...page);
      if (page.length < PAGE) return out;
      after = page[page.length - 1]?.seq ?? after;
    }
  } finally {
    await store.close();
  }
}

/** `--at`: a whole number naming one of the run's events. */
function parseAt(raw: string | undefined, first: number, last: number, runId: string): number | undefined {
  if (raw === undefined) return undefined;
  const seq = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(seq))
    throw usageError(`weft runs replay: --at must be an event number (a whole number), not "${raw}"`);
  if (seq < first || seq > last)
    throw usageError(`weft runs replay: --at ${seq}: run ${runId} has events ${first} to ${last}`);
  return seq;
}

/** One line per step: `id STATUS` (attempts when more than one). */
function stepsLine(state: RunState): string {
  return Object.values(state.steps)
    .map((s) => `${s.stepId} ${s.status}${s.attempts > 1 ? `×${s.attempts}` : ''}`)
    .join(', ');
}

/** What an event is, in a few words. */
function describe(e: RunEvent): string {
  const d = e.data;
  const bits: string[] = [e.type];
  if (e.stepId) bits.push(e.stepId);
  if (typeof d.reason === 'string') bits.push(`(${d.reason})`);
  if (typeof d.attempt === 'number' && e.type !== 'step.succeeded') bits.push(`attempt ${d.attempt}`);
  if (typeof d.action === 'string') bits.push(d.action);
  const err = d.error as { code?: string; message?: string } | undefined;
  if (err?.code) bits.push(`${err.code}: ${err.message ?? ''}`);
  if (e.type === 'step.log') bits.push(`${String(d.level ?? 'info')}: ${String(d.message ?? '')}`);
  return bits.join(' ');
}

const time = (at: number): string => new Date(at).toISOString().slice(11, 23);

/** The compact state kept per event in `--json` (the whole state only at `--at`). */
function compact(state: RunState): {
  status: string;
  steps: Record<string, { status: string; attempts: number }>;
} {
  const steps: Record<string, { status: string; attempts: number }> = {};
  for (const s of Object.values(state.steps)) steps[s.stepId] = { status: s.status, attempts: s.attempts };
  return { status: state.status, steps };
}

export async function replayRun(
  io: CliIo,
  opts: { runId: string; at?: string; json: boolean; source: EventSource },
): Promise<ExitCode> {
  const events = await loadEvents(opts.runId, opts.source);
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) throw usageError(`weft runs replay: run ${opts.runId} has no events`);
  const cursor = new ReplayCursor(events);
  const at = parseAt(opts.at, first.seq, last.seq, opts.runId);
  if (at !== undefined) {
    const event = events.find((e) => e.seq === at) as RunEvent;
    const state = cursor.at(at);
    if (opts.json) {
      io.stdout(
        `${JSON.stringify({ runId: opts.runId, seq: at, lastSeq: last.seq, event, state }, null, 2)}\n`,
      );
      return ExitCode.OK;
    }
    printState(io, state, { event, lastSeq: last.seq });
    return ExitCode.OK;
  }
  if (opts.json) {
    const out = events.map((e) => ({ ...e, state: compact(cursor.at(e.seq)) }));
    io.stdout(`${JSON.stringify({ runId: opts.runId, events: out }, null, 2)}\n`);
    return ExitCode.OK;
  }
  const head = cursor.at(first.seq);
  io.stdout(`run ${opts.runId}  ${head.workflowId}@${head.workflowVersion}  ${events.length} events\n`);
  const width = String(last.seq).length;
  for (const e of events) {
    const state = cursor.at(e.seq);
    io.stdout(`#${String(e.seq).padStart(width)}  ${time(e.at)}  ${describe(e)}\n`);
    const steps = stepsLine(state);
    io.stdout(`${' '.repeat(width + 3)}run ${state.status}${steps ? ` · ${steps}` : ''}\n`);
  }
  return ExitCode.OK;
}

function printState(io: CliIo, state: RunState, o: { event: RunEvent; lastSeq: number }): void {
  const e = o.event;
  io.stdout(
    `run ${state.runId}  ${state.workflowId}@${state.workflowVersion}  at event ${e.seq} of ${o.lastSeq}: ${describe(e)} (${new Date(e.at).toISOString()})\n`,
  );
  io.stdout(`status ${state.status}\n`);
  if (state.error) io.stdout(`error ${state.error.code}: ${state.error.message}\n`);
  const width = Math.max(4, ...Object.keys(state.steps).map((k) => k.length));
  for (const s of Object.values(state.steps)) {
    const parts = [`  ${s.stepId.padEnd(width)}  ${s.status.padEnd(9)}`, `attempts ${s.attempts}`];
    if (s.waitReason) parts.push(`waiting: ${s.waitReason}`);
    if (s.startedAt !== undefined) {
      const end = s.finishedAt ?? e.at;
      parts.push(`${Math.max(0, end - s.startedAt)}ms${s.finishedAt === undefined ? ' so far' : ''}`);
    }
    if (s.input !== undefined) parts.push(`input ${JSON.stringify(s.input)}`);
    if (s.output !== undefined) parts.push(`output ${JSON.stringify(s.output)}`);
    if (s.error) parts.push(`error ${s.error.code}: ${s.error.message}`);
    io.stdout(`${parts.join('  ')}\n`);
  }
  if (state.outputs) io.stdout(`outputs ${JSON.stringify(state.outputs, null, 2)}\n`);
}
