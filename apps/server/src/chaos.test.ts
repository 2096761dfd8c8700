/**
 * Chaos (issue 9): mixed runs — chains, waits, retries with backoff, foreach with concurrency,
 * approvals, child workflows — while the real server process (`node apps/cli/dist/weft.mjs serve`,
 * spawned by ./testing/process like crash.test.ts) is killed with SIGKILL again and again, restarted
 * sometimes under the same `--instance-id` (a Docker restart) and sometimes under another one (a
 * takeover). Then, on SQLite and on PostgreSQL: no run lost, none duplicated, no step committed
 * twice, every run terminal with the right outputs.
 *
 * Nothing here waits on the clock: each kill comes after the server has been seen making progress
 * (a run ended since it started) with work still in flight, and the end is the event "every run is
 * terminal" (with a generous limit for a loaded machine).
 */
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunId } from '@weft/engine';
import { openStore } from '@weft/store';
import { spawnServer, until, type ServerProcess } from './testing/process';

const WORKFLOWS = [
  `apiVersion: weft/v1
kind: Workflow
id: chaos-chain
inputs:
  n: { type: number, required: true }
steps:
  - id: a
    uses: transform
    with: { expression: "inputs.n + 1" }
  - id: b
    uses: code
    needs: [a]
    with:
      input: "\${{ steps.a.output }}"
      source: "export default (x) => x * 2"
  - id: c
    uses: transform
    needs: [b]
    with: { expression: "steps.b.output + 1" }
outputs:
  result: "\${{ steps.c.output }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-wait
inputs:
  n: { type: number, required: true }
steps:
  - id: nap
    uses: wait
    with: { duration: 1s }
  - id: after
    uses: transform
    needs: [nap]
    with: { expression: "inputs.n * 10" }
outputs:
  result: "\${{ steps.after.output }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-retry
inputs:
  n: { type: number, required: true }
steps:
  - id: flaky
    uses: code
    retry: { attempts: 5, backoff: fixed, delay: 500ms }
    with:
      input: "\${{ attempt }}"
      source: "export default (n) => { if (n < 3) throw new Error('not yet ' + n); return n }"
outputs:
  result: "\${{ steps.flaky.output + inputs.n }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-foreach
inputs:
  n: { type: number, required: true }
steps:
  - id: each
    uses: code
    foreach: "\${{ [1..5] }}"
    concurrency: 2
    with:
      input: "\${{ item }}"
      source: "export default (x) => x * x"
outputs:
  result: "\${{ $sum(steps.each.output) + inputs.n }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-approval
inputs:
  n: { type: number, required: true }
steps:
  - id: gate
    uses: approval
    with: { message: "go?" }
  - id: after
    uses: transform
    needs: [gate.approved]
    with: { expression: "inputs.n - 1" }
outputs:
  result: "\${{ steps.after.output }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-child
inputs:
  n: { type: number, required: true }
steps:
  - id: twice
    uses: transform
    with: { expression: "inputs.n * 2" }
outputs:
  doubled: "\${{ steps.twice.output }}"
`,
  `apiVersion: weft/v1
kind: Workflow
id: chaos-parent
inputs:
  n: { type: number, required: true }
steps:
  - id: call
    uses: workflow
    with: { id: chaos-child, inputs: { n: "\${{ inputs.n }}" } }
  - id: after
    uses: transform
    needs: [call]
    with: { expression: "steps.call.output.doubled + 1" }
outputs:
  result: "\${{ steps.after.output }}"
`,
];

/** The workflows a test starts, and the `result` each run of input `n` must end with. */
const EXPECTED: Record<string, (n: number) => number> = {
  'chaos-chain': (n) => (n + 1) * 2 + 1,
  'chaos-wait': (n) => n * 10,
  'chaos-retry': (n) => 3 + n,
  'chaos-foreach': (n) => 55 + n,
  'chaos-approval': (n) => n - 1,
  'chaos-parent': (n) => n * 2 + 1,
};
const PER_WORKFLOW = 4;
const TERMINAL = ['SUCCESS', 'FAILED', 'CANCELLED'];
/** Instance ids of the successive lives of the server: same as the last one, or a new one. */
const LIVES = ['weft-0', 'weft-0', 'weft-1', 'weft-1', 'weft-0'];

const live: ServerProcess[] = [];
afterAll(async () => {
  for (const p of live) if (p.child.exitCode === null && p.child.signalCode === null) await p.kill9();
});

interface Started {
  runId: RunId;
  workflowId: string;
  n: number;
}

/** Calls during a kill fail to connect: try again on the next life (idempotency keys dedupe). */
async function tolerant<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch {
    return undefined;
  }
}

async function chaos(db: string | undefined): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'weft-chaos-'));
  const flags = (id: string): Record<string, string> => ({
    lease: '2s',
    poll: '200ms',
    'instance-id': id,
    ...(db ? { db } : {}),
  });
  const started = new Map<string, Started>(); // by idempotency key
  const approved = new Set<RunId>();
  const plan: { key: string; workflowId: string; n: number }[] = [];
  for (const workflowId of Object.keys(EXPECTED))
    for (let i = 0; i < PER_WORKFLOW; i++)
      plan.push({ key: `${workflowId}-${i}`, workflowId, n: plan.length + 1 });

  /** Start what is not started yet of the first lives' share of the plan (a mix of every kind). */
  const startRuns = async (s: ServerProcess, lives: number): Promise<void> => {
    for (const [i, p] of plan.entries()) {
      if (started.has(p.key) || i % LIVES.length >= lives) continue;
      const r = await tolerant(() =>
        s.client.runs.start.mutate({ workflowId: p.workflowId, inputs: { n: p.n }, idempotencyKey: p.key }),
      );
      if (!r) return; // the server is gone
      started.set(p.key, { runId: r.runId as RunId, workflowId: p.workflowId, n: p.n });
    }
  };
  /** Status of every run of the server (children included), or undefined while it is gone. */
  const statuses = async (s: ServerProcess): Promise<Map<string, string> | undefined> => {
    const page = await tolerant(() => s.client.runs.list.query({ limit: 500 }));
    return page && new Map(page.runs.map((r) => [r.id as string, r.status as string]));
  };
  /** Approve every approval run waiting at its gate (one that is not there yet answers an error). */
  const approve = async (s: ServerProcess, now: Map<string, string>): Promise<void> => {
    for (const r of started.values()) {
      if (r.workflowId !== 'chaos-approval' || approved.has(r.runId) || now.get(r.runId) !== 'WAITING')
        continue;
      const ok = await tolerant(() =>
        s.client.runs.approve.mutate({ runId: r.runId, stepId: 'gate', approved: true }),
      );
      if (ok) approved.add(r.runId);
    }
  };
  /** Runs ended so far (after approving what waits for it). */
  const terminalCount = async (s: ServerProcess): Promise<number | undefined> => {
    const now = await statuses(s);
    if (!now) return undefined;
    await approve(s, now);
    return [...started.values()].filter((r) => TERMINAL.includes(now.get(r.runId) ?? '')).length;
  };

  let kills = 0;
  for (const [life, id] of LIVES.entries()) {
    const s = await spawnServer({ cwd, flags: flags(id), timeoutMs: 60_000 });
    live.push(s);
    if (life === 0) for (const yaml of WORKFLOWS) await s.client.workflows.save.mutate({ yaml });
    await startRuns(s, life + 1); // new work in every life, so each kill hits runs in flight
    const before = (await terminalCount(s)) ?? 0;
    // Progress in this life (a run ended), then kill it with work still in flight.
    const seen = await until(
      'progress before the kill',
      async () => {
        const now = await terminalCount(s);
        return now !== undefined && (now > before || now === plan.length) ? now : undefined;
      },
      90_000,
      100,
    );
    await s.kill9();
    if (seen < plan.length) kills++;
  }

  const last = await spawnServer({ cwd, flags: flags('weft-0'), timeoutMs: 60_000 });
  live.push(last);
  await startRuns(last, LIVES.length);
  await until(
    'every run to be terminal',
    async () => (await terminalCount(last)) === plan.length,
    150_000,
    200,
  );
  expect(await last.term()).toBe(0);
  expect(kills).toBeGreaterThanOrEqual(3);
  expect(started.size).toBe(plan.length);

  // The database itself, with no server running.
  const store = await openStore(db ?? `sqlite:${join(cwd, '.weft', 'weft.db')}`);
  try {
    const problems: string[] = [];
    for (const workflowId of [...Object.keys(EXPECTED), 'chaos-child']) {
      const { runs } = await store.repos.runs.list({ workflowId, limit: 500 });
      // Not lost, not duplicated: exactly the runs started (children: one per parent run).
      if (runs.length !== PER_WORKFLOW)
        problems.push(`${workflowId}: ${runs.length} runs, expected ${PER_WORKFLOW}`);
      if (workflowId === 'chaos-child') {
        const parents = new Set(runs.map((r) => r.parent?.runId));
        if (parents.size !== runs.length) problems.push(`chaos-child: two children of one parent`);
      }
    }
    for (const r of started.values()) {
      const run = await store.getRun(r.runId);
      const result = (run?.outputs as { result?: unknown } | undefined)?.result;
      if (run?.status !== 'SUCCESS' || result !== EXPECTED[r.workflowId]?.(r.n))
        problems.push(
          `${r.runId} (${r.workflowId}): ${run?.status} ${JSON.stringify(run?.outputs ?? run?.error)}`,
        );
      const events = await store.listEvents(r.runId, 0, 100_000);
      events.forEach((e, i) => {
        if (e.seq !== i + 1) problems.push(`${r.runId}: event ${i} has seq ${e.seq}`);
      });
      const count = (pred: (e: (typeof events)[number]) => boolean) => events.filter(pred).length;
      const ends = count(
        (e) => e.type === 'run.succeeded' || e.type === 'run.failed' || e.type === 'run.cancelled',
      );
      if (ends !== 1) problems.push(`${r.runId}: ${ends} run end events`);
      for (const step of await store.getSteps(r.runId)) {
        // Committed once: one success per step, one finished record per foreach item.
        const ok = count((e) => e.type === 'step.succeeded' && e.stepId === step.stepId);
        if (ok !== 1) problems.push(`${r.runId}: step ${step.stepId} succeeded ${ok} times`);
        const items = events
          .filter((e) => e.type === 'step.item.finished' && e.stepId === step.stepId)
          .map((e) => String(e.data.index));
        if (new Set(items).size !== items.length) problems.push(`${r.runId}: ${step.stepId} item twice`);
      }
    }
    expect(problems).toEqual([]);
  } finally {
    await store.close();
  }
}

describe('issue 9 chaos: repeated kill -9 of the server with mixed runs in flight', () => {
  it('SQLite: nothing lost, duplicated or committed twice; every run ends right', { timeout: 420_000 }, () =>
    chaos(undefined),
  );

  it('PostgreSQL: the same', { timeout: 420_000 }, async () => {
    const base = process.env.WEFT_TEST_PG_URL;
    if (!base) throw new Error('WEFT_TEST_PG_URL is not set (scripts/pg-global-setup.ts starts one)');
    await chaos(`${base}?schema=chaos_${randomBytes(5).toString('hex')}`);
  });
});
