/**
 * One commit = one SQL statement on PostgreSQL: a chain of data-modifying CTEs that moves the run
 * (fenced by its lease owner), appends the events with consecutive seq numbers, upserts the steps in
 * one batch and deletes the acknowledged commands. A single statement is atomic and costs one round
 * trip; if the lease check fails, nothing else is written.
 */
import type { Commit, StepRecord } from '@weft/engine';
import { jsonOrNull, runPatchColumns } from '../internal/rows';
import type { SqlValue } from '../internal/sql-db';

const texts = new Map<string, string>();

function commitSql(columns: readonly string[], release: boolean): string {
  const key = `${columns.join(',')}${release ? '+release' : ''}`;
  let sql = texts.get(key);
  if (sql) return sql;
  // $1 run id, $2 owner, $3 event count, $4..$7 events, $8..$19 steps, $20 acks, $21.. patch values.
  const sets = [
    'last_seq = last_seq + $3',
    ...columns.map((c, i) => `${c} = $${21 + i}`),
    ...(release ? ['lease_owner = NULL', 'lease_until = NULL'] : []),
  ].join(', ');
  sql = `WITH r AS (
    UPDATE runs SET ${sets} WHERE id = $1 AND lease_owner = $2 RETURNING last_seq
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT $1, r.last_seq - $3 + e.ord, e.at, e.type, e.step_id, e.data
    FROM r, unnest($4::bigint[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(at, type, step_id, data, ord)
  ), st AS (
    INSERT INTO step_runs (run_id, step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
    SELECT $1, s.step_id, s.status, s.attempts, s.input, s.output, s.port, s.error, s.started_at, s.finished_at, s.wait_reason, s.wake_at, s.state
    FROM r, unnest($8::text[], $9::text[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bigint[], $16::bigint[],
      $17::text[], $18::bigint[], $19::text[]) AS s(step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state)
    ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, input = excluded.input,
      output = excluded.output, port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, wait_reason = excluded.wait_reason, wake_at = excluded.wake_at, state = excluded.state
  ), ack AS (
    DELETE FROM run_commands WHERE run_id = $1 AND id = ANY($20::bigint[]) AND EXISTS (SELECT 1 FROM r)
  )
  SELECT last_seq FROM r`;
  texts.set(key, sql);
  return sql;
}

/** The statement text and its parameters for a commit. */
export function commitQuery(c: Commit): { text: string; values: unknown[] } {
  const { columns, values } = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
  // A step upserted twice in one commit: the last record wins (PostgreSQL refuses to touch a row twice).
  const byId = new Map<string, StepRecord>();
  for (const s of c.steps ?? []) byId.set(s.stepId, s);
  const steps = [...byId.values()];
  const col = <T>(f: (s: StepRecord) => T): T[] => steps.map(f);
  const params: unknown[] = [
    c.runId,
    c.owner,
    c.events.length,
    c.events.map((e) => e.at),
    c.events.map((e) => e.type),
    c.events.map((e) => e.stepId ?? null),
    c.events.map((e) => JSON.stringify(e.data ?? {})),
    col((s) => s.stepId),
    col((s) => s.status),
    col((s) => s.attempts),
    col((s) => jsonOrNull(s.input)),
    col((s) => jsonOrNull(s.output)),
    col((s) => s.port ?? null),
    col((s) => jsonOrNull(s.error)),
    col((s) => s.startedAt ?? null),
    col((s) => s.finishedAt ?? null),
    col((s) => s.waitReason ?? null),
    col((s) => s.wakeAt ?? null),
    col((s) => jsonOrNull(s.state)),
    c.ackCommands ?? [],
    ...(values as SqlValue[]),
  ];
  return { text: commitSql(columns, c.release === true), values: params };
}
