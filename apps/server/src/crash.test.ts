/**
 * kill -9 of a real server process with runs in flight — a wait, a retry backoff and an approval —
 * then a restart on the same database: every run finishes correctly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, until, type ServerProcess } from './testing/process';

const WAIT = `apiVersion: weft/v1
kind: Workflow
id: crash-wait
steps:
  - id: nap
    uses: wait
    with: { duration: 4s }
  - id: after
    uses: transform
    needs: [nap]
    with: { expression: "'woke'" }
outputs:
  said: "\${{ steps.after.output }}"
`;

const RETRY = `apiVersion: weft/v1
kind: Workflow
id: crash-retry
steps:
  - id: flaky
    uses: code
    retry: { attempts: 5, backoff: fixed, delay: 3s }
    with:
      input: "\${{ attempt }}"
      source: "export default (n) => { if (n < 3) throw new Error('not yet ' + n); return n }"
outputs:
  attempt: "\${{ steps.flaky.output }}"
`;

const APPROVAL = `apiVersion: weft/v1
kind: Workflow
id: crash-approval
steps:
  - id: gate
    uses: approval
    with: { message: "ship it?" }
  - id: after
    uses: transform
    needs: [gate.approved]
    with: { expression: "'approved by ' & steps.gate.output.by" }
outputs:
  said: "\${{ steps.after.output }}"
`;

const SLOW = `apiVersion: weft/v1
kind: Workflow
id: slow
steps:
  - id: slow
    uses: code
    with:
      source: "export default () => new Promise((r) => setTimeout(() => r('slept'), 1500))"
  - id: after
    uses: transform
    needs: [slow]
    with: { expression: "steps.slow.output & ' then woke'" }
outputs:
  said: "\${{ steps.after.output }}"
`;

const live: ServerProcess[] = [];
afterAll(async () => {
  for (const p of live) if (p.child.exitCode === null) await p.kill9();
});

describe('kill -9 with runs in flight', () => {
  it('after a restart, the wait, the retry backoff and the approval all finish correctly', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'weft-crash-'));
    const flags = { lease: '2s', poll: '200ms' };
    const a = await spawnServer({ cwd, flags });
    live.push(a);
    for (const yaml of [WAIT, RETRY, APPROVAL]) await a.client.workflows.save.mutate({ yaml });
    const wait = await a.client.runs.start.mutate({ workflowId: 'crash-wait' });
    const retry = await a.client.runs.start.mutate({ workflowId: 'crash-retry' });
    const approval = await a.client.runs.start.mutate({ workflowId: 'crash-approval' });

    await until('all three runs in flight', async () => {
      const [w, r, p] = await Promise.all(
        [wait, retry, approval].map((x) => a.client.runs.get.query({ runId: x.runId })),
      );
      const step = (x: typeof w, id: string) => x?.steps.find((s) => s.stepId === id);
      return (
        step(w, 'nap')?.waitReason === 'wait' &&
        step(r, 'flaky')?.waitReason === 'retry' &&
        step(p, 'gate')?.waitReason === 'approval'
      );
    });
    await a.kill9();

    const b = await spawnServer({ cwd, flags });
    live.push(b);
    await b.client.runs.approve.mutate({ runId: approval.runId, stepId: 'gate', approved: true });
    const finished = await until(
      'all three runs to end',
      async () => {
        const all = await Promise.all(
          [wait, retry, approval].map((x) => b.client.runs.get.query({ runId: x.runId })),
        );
        return all.every((r) => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.run.status)) ? all : undefined;
      },
      45_000,
    );
    const [w, r, p] = finished;
    expect(w?.run).toMatchObject({ status: 'SUCCESS', outputs: { said: 'woke' } });
    expect((w?.run.finishedAt ?? 0) - (w?.run.createdAt ?? 0)).toBeGreaterThanOrEqual(4000);
    expect(r?.run).toMatchObject({ status: 'SUCCESS', outputs: { attempt: 3 } });
    expect(r?.steps.find((s) => s.stepId === 'flaky')?.attempts).toBe(3);
    expect(p?.run).toMatchObject({ status: 'SUCCESS', outputs: { said: 'approved by local' } });
    expect(await b.term()).toBe(0);
  }, 90_000);
});

describe('SIGTERM with a step in flight', () => {
  it('lets the running step finish and be recorded, exits 0, and the run completes after a restart', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'weft-term-'));
    const a = await spawnServer({ cwd, flags: { poll: '200ms' } });
    live.push(a);
    await a.client.workflows.save.mutate({ yaml: SLOW });
    const { runId } = await a.client.runs.start.mutate({ workflowId: 'slow' });
    await until(
      'the slow step to run',
      async () =>
        (await a.client.runs.get.query({ runId })).steps.find((s) => s.stepId === 'slow')?.status ===
        'RUNNING',
    );
    expect(await a.term()).toBe(0);
    expect(a.lines.join('\n')).toContain('weft server stopped');

    const b = await spawnServer({ cwd, flags: { poll: '200ms' } });
    live.push(b);
    const done = await until(
      'the run to end',
      async () => {
        const r = await b.client.runs.get.query({ runId });
        return ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.run.status) ? r : undefined;
      },
      30_000,
    );
    expect(done.run).toMatchObject({ status: 'SUCCESS', outputs: { said: 'slept then woke' } });
    // Drained, not abandoned: the block ran once.
    expect(done.steps.find((s) => s.stepId === 'slow')?.attempts).toBe(1);
    expect(await b.term()).toBe(0);
  }, 60_000);
});
