/**
 * Group commit on PostgreSQL: the commits (and run creations) issued in one event-loop turn, across
 * runs, go to the server as ONE statement — arrays of rows `unnest`ed into data-modifying CTEs — so a
 * busy engine pays one round trip, one parse/plan and one WAL flush for many runs instead of one each.
 * Each commit is still fenced by its own lease owner: a commit whose lease is gone simply matches no
 * row and is told so on its own. If the batch statement fails as a whole (bad data in one commit, a
 * deadlock), every write in it is retried alone, so only the bad one fails — as on SQLite.
 */
import type { Commit, NewRun, StepRecord } from '@weft/engine';
import { RUN_PATCH_COLUMNS, runPatchColumns, stepParams } from '../internal/rows';
import { createdEvent, eventParams, newRunParams } from '../internal/run-store-shared';

/** pg array types of the run columns a patch may set (everything else is text). */
const PATCH_TYPES: Readonly<Record<string, string>> = {
  workflow_version: 'int',
  concurrency_limit: 'int',
  created_at: 'bigint',
  started_at: 'bigint',
  finished_at: 'bigint',
  wake_at: 'bigint',
};

/** Every column a run patch may set, in bit order of the per-row mask. */
const PATCH_COLUMNS: readonly string[] = [
  ...Object.values(RUN_PATCH_COLUMNS).map((c) => c.column),
  'parent_run_id',
  'parent_step_id',
];
const PATCH_BIT = new Map(PATCH_COLUMNS.map((c, i) => [c, i]));

const STEP_COLUMNS =
  'step_id, status, attempts, input, output, port, error, started_at, finished_at, wait_reason, wake_at, state';

/**
 * $1 idx, $2 run id, $3 owner, $4 event count, $5 patch mask, $6 release, $7.. one array per patch
 * column; then events (idx, ord, at, type, step_id, data), steps (idx + 12 columns), acks (idx, id).
 */
function batchCommitSql(): string {
  const p0 = 7;
  const patchArgs = PATCH_COLUMNS.map((c, i) => `$${p0 + i}::${PATCH_TYPES[c] ?? 'text'}[]`).join(', ');
  const patchNames = PATCH_COLUMNS.map((_, i) => `v${i}`).join(', ');
  const sets = PATCH_COLUMNS.map(
    (c, i) => `${c} = CASE WHEN (c.mask & ${1 << i}) <> 0 THEN c.v${i} ELSE runs.${c} END`,
  ).join(',\n      ');
  let n = p0 + PATCH_COLUMNS.length;
  const arg = (type: string): string => `$${n++}::${type}[]`;
  const ev = [arg('int'), arg('int'), arg('bigint'), arg('text'), arg('text'), arg('text')].join(', ');
  const st = [
    arg('int'),
    arg('text'),
    arg('text'),
    arg('int'),
    arg('text'),
    arg('text'),
    arg('text'),
    arg('text'),
    arg('bigint'),
    arg('bigint'),
    arg('text'),
    arg('bigint'),
    arg('text'),
  ].join(', ');
  const ack = [arg('int'), arg('bigint')].join(', ');
  // The rows are locked in id order first: two batches (or a batch and a lease renewal) touching
  // overlapping runs then queue behind each other instead of deadlocking.
  return `WITH c AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::bool[], ${patchArgs})
      AS c(idx, run_id, owner, nev, mask, rel, ${patchNames})
  ), r AS (
    UPDATE runs SET last_seq = runs.last_seq + c.nev,
      ${sets},
      lease_owner = CASE WHEN c.rel THEN NULL ELSE runs.lease_owner END,
      lease_until = CASE WHEN c.rel THEN NULL ELSE runs.lease_until END
    FROM c WHERE runs.id = c.run_id AND runs.lease_owner = c.owner
      AND runs.id IN (SELECT l.id FROM runs l WHERE l.id = ANY($2::text[]) ORDER BY l.id FOR UPDATE)
    RETURNING c.idx, runs.id, runs.last_seq, c.nev
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT r.id, r.last_seq - r.nev + e.ord, e.at, e.type, e.step_id, e.data
    FROM r JOIN unnest(${ev}) AS e(idx, ord, at, type, step_id, data) ON e.idx = r.idx
  ), st AS (
    INSERT INTO step_runs (run_id, ${STEP_COLUMNS})
    SELECT r.id, ${STEP_COLUMNS.split(', ')
      .map((c) => `s.${c}`)
      .join(', ')}
    FROM r JOIN unnest(${st}) AS s(idx, ${STEP_COLUMNS}) ON s.idx = r.idx
    ON CONFLICT (run_id, step_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, input = excluded.input,
      output = excluded.output, port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, wait_reason = excluded.wait_reason, wake_at = excluded.wake_at, state = excluded.state
  ), ack AS (
    DELETE FROM run_commands d USING r, unnest(${ack}) AS a(idx, id)
    WHERE a.idx = r.idx AND d.run_id = r.id AND d.id = a.id
  )
  SELECT idx, last_seq FROM r`;
}

let commitText: string | undefined;

/**
 * One statement for commits of distinct runs. Its rows are `{ idx, last_seq }` for the commits that
 * held their lease (idx = position in `commits`); a missing idx lost its lease or has no run.
 */
export function batchCommitQuery(commits: readonly Commit[]): { text: string; values: unknown[] } {
  commitText ??= batchCommitSql();
  const run = { idx: [] as number[], id: [] as string[], owner: [] as string[], nev: [] as number[] };
  const mask: number[] = [];
  const rel: boolean[] = [];
  const patch: unknown[][] = PATCH_COLUMNS.map(() => []);
  const ev: unknown[][] = [[], [], [], [], [], []];
  const st: unknown[][] = Array.from({ length: 13 }, () => []);
  const ack: unknown[][] = [[], []];
  commits.forEach((c, idx) => {
    run.idx.push(idx);
    run.id.push(c.runId);
    run.owner.push(c.owner);
    run.nev.push(c.events.length);
    rel.push(c.release === true);
    const { columns, values } = runPatchColumns((c.run ?? {}) as Record<string, unknown>);
    let m = 0;
    for (const col of patch) col.push(null);
    columns.forEach((col, i) => {
      const bit = PATCH_BIT.get(col) as number;
      m |= 1 << bit;
      (patch[bit] as unknown[])[idx] = values[i];
    });
    mask.push(m);
    c.events.forEach((e, i) => {
      const row = [idx, i + 1, e.at, e.type, e.stepId ?? null, JSON.stringify(e.data ?? {})];
      row.forEach((v, k) => (ev[k] as unknown[]).push(v));
    });
    // A step upserted twice in one commit: the last record wins (PostgreSQL refuses to touch a row twice).
    const byId = new Map<string, StepRecord>();
    for (const s of c.steps ?? []) byId.set(s.stepId, s);
    for (const s of byId.values()) {
      const row = [idx, ...stepParams(s).slice(1)]; // the run comes from idx
      row.forEach((v, k) => (st[k] as unknown[]).push(v));
    }
    for (const id of c.ackCommands ?? []) {
      (ack[0] as unknown[]).push(idx);
      (ack[1] as unknown[]).push(id);
    }
  });
  return {
    text: commitText,
    values: [run.idx, run.id, run.owner, run.nev, mask, rel, ...patch, ...ev, ...st, ...ack],
  };
}

/** The columns `newRunParams` fills, in its order, with their pg array types. */
const NEW_RUN_COLUMNS: readonly (readonly [string, string])[] = [
  ['id', 'text'],
  ['workflow_id', 'text'],
  ['workflow_version', 'int'],
  ['inputs', 'text'],
  ['trigger', 'text'],
  ['parent_run_id', 'text'],
  ['parent_step_id', 'text'],
  ['idempotency_key', 'text'],
  ['debug', 'text'],
  ['concurrency_limit', 'int'],
  ['created_at', 'bigint'],
  ['lease_owner', 'text'],
  ['lease_until', 'bigint'],
  ['admitted', 'int'],
  ['kind', 'text'],
];

let createText: string | undefined;

function batchCreateSql(): string {
  const n = NEW_RUN_COLUMNS.length;
  const args = NEW_RUN_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  const names = NEW_RUN_COLUMNS.map(([c]) => c).join(', ');
  const cols = NEW_RUN_COLUMNS.map(([c]) => `c.${c}`).join(', ');
  return `WITH c AS (
    SELECT * FROM unnest(${args}, $${n + 1}::bigint[], $${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[])
      AS c(${names}, ev_at, ev_type, ev_step_id, ev_data)
  ), ins AS (
    INSERT INTO runs (${names}, status, last_seq, wake_at)
    SELECT ${cols}, 'QUEUED', 1, NULL FROM c
    ON CONFLICT (workflow_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id
  ), ev AS (
    INSERT INTO run_events (run_id, seq, at, type, step_id, data)
    SELECT c.id, 1, c.ev_at, c.ev_type, c.ev_step_id, c.ev_data FROM ins JOIN c ON c.id = ins.id
  )
  SELECT id FROM ins`;
}

/**
 * One statement creating runs (with their `run.created` event). Rows: the ids created; a run not
 * among them found its idempotency key taken (by an older run or an earlier one of this batch).
 */
export function batchCreateQuery(runs: readonly NewRun[]): { text: string; values: unknown[] } {
  createText ??= batchCreateSql();
  const cols: unknown[][] = Array.from({ length: NEW_RUN_COLUMNS.length + 4 }, () => []);
  for (const run of runs) {
    const ev = eventParams(run.id, 1, createdEvent(run)).slice(2);
    [...newRunParams(run), ...ev].forEach((v, k) => (cols[k] as unknown[]).push(v));
  }
  return { text: createText, values: cols };
}
