/** The runs explorer's API: filters by trigger and error text, retry from the failed step, live log lines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, HELLO, startHarness, type Harness } from './testing/harness';

let h: Harness;
/** Held `echo@1` calls (`with.hold`), released by the test. */
const held = new Map<string, () => void>();

const wf = (id: string, steps: string): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: ${id}\nsteps:\n${steps}`;

beforeAll(async () => {
  h = await startHarness({
    handlers: {
      'echo@1': async (c) => {
        const w = c.with as { fail?: string; hold?: string };
        if (w.hold !== undefined) {
          c.log('info', `waiting for ${w.hold}`);
          await new Promise<void>((resolve) => held.set(w.hold as string, resolve));
          c.log('warn', `released ${w.hold}`);
        }
        if (w.fail !== undefined) return { ok: false, error: { code: 'BLOCK_ERROR', message: w.fail } };
        return { ok: true, output: c.with };
      },
    },
  });
  const c = h.client();
  await c.workflows.save.mutate({ yaml: HELLO });
  await c.workflows.save.mutate({
    yaml: wf(
      'pay',
      `  - id: load\n    uses: echo@1\n    with: { a: 1 }\n  - id: charge\n    uses: echo@1\n    needs: [load]\n    with: { fail: "card DECLINED by 100% of banks" }\n`,
    ),
  });
  await c.workflows.save.mutate({
    yaml: wf('slow', `  - id: hold\n    uses: echo@1\n    with: { hold: "\${{ inputs.key }}" }\n`).replace(
      'steps:',
      'inputs:\n  key: { type: string }\nsteps:',
    ),
  });
});
afterAll(async () => {
  for (const release of held.values()) release();
  await h.stop();
});

describe('runs explorer API', () => {
  it('lists runs by trigger type and by error text across workflows', async () => {
    const c = h.client();
    const ok = await c.runs.start.mutate({ workflowId: 'hello' });
    const bad = await c.runs.start.mutate({ workflowId: 'pay' });
    await h.waitForStatus(ok.runId, ['SUCCESS']);
    const failed = await h.waitForStatus(bad.runId, ['FAILED']);
    expect(failed.run.error?.message).toMatch(/declined/i);

    const ids = async (q: Parameters<typeof c.runs.list.query>[0]): Promise<string[]> =>
      (await c.runs.list.query(q)).runs.map((r) => r.id);
    expect(await ids({ errorText: 'declined' })).toEqual([bad.runId]);
    expect(await ids({ errorText: '100%' })).toEqual([bad.runId]);
    expect(await ids({ errorText: 'no such text' })).toEqual([]);
    expect(await ids({ trigger: 'api' })).toEqual(expect.arrayContaining([ok.runId, bad.runId]));
    expect(await ids({ trigger: ['cron', 'webhook'] })).toEqual([]);
    expect(await failure(c.runs.list.query({ trigger: 'Cron; DROP' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/trigger type/),
    });
  });

  it('retries from the first failed step by default, and says why a run cannot be retried', async () => {
    const c = h.client();
    const bad = await c.runs.start.mutate({ workflowId: 'pay' });
    await h.waitForStatus(bad.runId, ['FAILED']);
    const retry = await c.runs.retry.mutate({ runId: bad.runId });
    expect(retry).toMatchObject({ retriedRunId: bad.runId, fromStepId: 'charge' });
    const again = await h.waitForStatus(retry.runId, ['FAILED']);
    expect(again.run.trigger).toMatchObject({ type: 'retry', runId: bad.runId, fromStepId: 'charge' });
    expect((await c.runs.list.query({ trigger: 'retry' })).runs.map((r) => r.id)).toContain(retry.runId);

    const ok = await c.runs.start.mutate({ workflowId: 'hello' });
    await h.waitForStatus(ok.runId, ['SUCCESS']);
    expect(await failure(c.runs.retry.mutate({ runId: ok.runId }))).toMatchObject({
      code: 'CONFLICT',
      message: `run ${ok.runId} ended SUCCESS with no failed or cancelled step; name the step to retry from`,
    });
    const slow = await c.runs.start.mutate({ workflowId: 'slow', inputs: { key: 'retry-running' } });
    await h.waitForStatus(slow.runId, ['RUNNING']);
    expect(await failure(c.runs.retry.mutate({ runId: slow.runId }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/is still RUNNING; cancel it first/),
    });
    await c.runs.cancel.mutate({ runId: slow.runId });
    await h.waitForStatus(slow.runId, ['CANCELLED']);
  });

  it('a log line is stored while its step still runs', async () => {
    const c = h.client();
    const run = await c.runs.start.mutate({ workflowId: 'slow', inputs: { key: 'live' } });
    let lines = await c.runs.logs.query({ runId: run.runId });
    for (let i = 0; lines.length === 0 && i < 800; i++) {
      await new Promise((res) => setTimeout(res, 25));
      lines = await c.runs.logs.query({ runId: run.runId });
    }
    // The block has not returned (the test holds it) and its first line is already stored.
    const r = await c.runs.get.query({ runId: run.runId });
    expect(r.steps.find((s) => s.stepId === 'hold')?.status).toBe('RUNNING');
    expect(lines.map((e) => [e.stepId, e.data])).toEqual([
      ['hold', { level: 'info', message: 'waiting for live' }],
    ]);
    expect(typeof lines[0]?.at).toBe('number');
    held.get('live')?.();
    await h.waitForStatus(run.runId, ['SUCCESS']);
    const all = await c.runs.logs.query({ runId: run.runId });
    expect(all.map((e) => e.data.message)).toEqual(['waiting for live', 'released live']);
  });
});
