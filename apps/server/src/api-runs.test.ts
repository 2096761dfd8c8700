import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, HELLO, startHarness, type Harness } from './testing/harness';

let h: Harness;

const wf = (id: string, steps: string, extra = ''): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: ${id}\n${extra}steps:\n${steps}`;

beforeAll(async () => {
  h = await startHarness({
    handlers: {
      'echo@1': (c) => {
        c.log('info', `echoing ${JSON.stringify(c.with)}`);
        return { ok: true, output: c.with };
      },
    },
  });
  const c = h.client();
  await c.workflows.save.mutate({ yaml: HELLO });
  await c.workflows.save.mutate({
    yaml:
      wf(
        'approve-me',
        `  - id: gate\n    uses: approval\n    with: { message: ok? }\n  - id: after\n    uses: transform\n    needs: [gate.approved]\n    with: { expression: "'approved by ' & steps.gate.output.by" }\n`,
        '',
      ).replace('steps:', 'steps:') + 'outputs:\n  said: "${{ steps.after.output }}"\n',
  });
  await c.workflows.save.mutate({
    yaml: wf('sleepy', `  - id: nap\n    uses: wait\n    with: { duration: 1h }\n`),
  });
  await c.workflows.save.mutate({
    yaml: wf(
      'logs',
      `  - id: first\n    uses: echo@1\n    with: { a: 1 }\n  - id: second\n    uses: transform\n    needs: [first]\n    with: { expression: "steps.first.output.a + 1" }\n`,
    ),
  });
});
afterAll(async () => {
  await h.stop();
});

describe('runs API', () => {
  it('start runs the latest version with inputs; get shows every step; list filters', async () => {
    const c = h.client();
    const started = await c.runs.start.mutate({ workflowId: 'hello', inputs: { name: 'Ada' } });
    expect(started.created).toBe(true);
    const done = await h.waitForStatus(started.runId, ['SUCCESS', 'FAILED']);
    expect(done.run).toMatchObject({
      status: 'SUCCESS',
      outputs: { greeting: 'hello Ada' },
      workflowVersion: 1,
    });
    expect(done.steps.map((s) => [s.stepId, s.status])).toEqual([['greet', 'SUCCESS']]);
    const list = await c.runs.list.query({ workflowId: 'hello', status: 'SUCCESS' });
    expect(list.runs.map((r) => r.id)).toContain(started.runId);
    expect((await c.runs.list.query({ workflowId: 'sleepy' })).runs.map((r) => r.id)).not.toContain(
      started.runId,
    );
  });

  it('start rejects inputs that do not fit, naming the input, and creates no run', async () => {
    const c = h.client();
    const before = (await c.runs.list.query({ workflowId: 'hello', limit: 500 })).runs.length;
    const f = await failure(c.runs.start.mutate({ workflowId: 'hello', inputs: { name: 42 } }));
    expect(f.code).toBe('BAD_REQUEST');
    expect(f.message).toMatch(/name/);
    expect((await c.runs.list.query({ workflowId: 'hello', limit: 500 })).runs.length).toBe(before);
    expect(await failure(c.runs.start.mutate({ workflowId: 'ghost' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'workflow "ghost" not found',
    });
    expect(await failure(c.runs.start.mutate({ workflowId: 'BAD ID' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('an idempotency key returns the run it already created', async () => {
    const c = h.client();
    const a = await c.runs.start.mutate({ workflowId: 'hello', idempotencyKey: 'order-17' });
    const b = await c.runs.start.mutate({ workflowId: 'hello', idempotencyKey: 'order-17' });
    expect(b).toMatchObject({ runId: a.runId, created: false });
  });

  it('list pages with a cursor; a bad cursor is BAD_REQUEST', async () => {
    const c = h.client();
    for (let i = 0; i < 3; i++) await c.runs.start.mutate({ workflowId: 'hello' });
    const p1 = await c.runs.list.query({ workflowId: 'hello', limit: 2 });
    expect(p1.runs.length).toBe(2);
    expect(p1.nextCursor).toBeDefined();
    const p2 = await c.runs.list.query({ workflowId: 'hello', limit: 2, cursor: p1.nextCursor });
    expect(p2.runs.map((r) => r.id)).not.toContain(p1.runs[0]?.id);
    expect(await failure(c.runs.list.query({ cursor: 'garbage' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(c.runs.list.query({ limit: 10_000 }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('get, events and logs of an unknown run are NOT_FOUND', async () => {
    const c = h.client();
    expect(await failure(c.runs.get.query({ runId: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'run "nope" not found',
    });
    expect(await failure(c.runs.events.query({ runId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(c.runs.logs.query({ runId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('events give the log in order; logs give the step log lines', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'logs' });
    await h.waitForStatus(runId, ['SUCCESS']);
    const events = await c.runs.events.query({ runId });
    expect(events[0]?.type).toBe('run.created');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe('run.succeeded');
    const after = await c.runs.events.query({ runId, afterSeq: 2 });
    expect(after[0]?.seq).toBe(3);
    const logs = await c.runs.logs.query({ runId, stepId: 'first' });
    expect(logs.map((e) => e.data.message)).toContain('echoing {"a":1}');
  });

  it('onEvents streams events over SSE from a sequence number and ends with the run', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'hello' });
    await h.waitForStatus(runId, ['SUCCESS']);
    const input = encodeURIComponent(JSON.stringify({ runId, afterSeq: 1 }));
    const res = await h.request(`/api/trpc/runs.onEvents?input=${input}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBe(2);
    expect(text).toContain('"type":"run.succeeded"');
    expect(text).not.toContain('"type":"run.created"');
  });

  it('approve lets a WAITING approval step go on; approving a step that does not wait is CONFLICT', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'approve-me' });
    const waiting = await h.waitForStatus(runId, ['WAITING']);
    expect(waiting.steps.find((s) => s.stepId === 'gate')).toMatchObject({
      status: 'WAITING',
      waitReason: 'approval',
    });
    expect(await failure(c.runs.approve.mutate({ runId, stepId: 'after' }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(c.runs.approve.mutate({ runId, stepId: 'ghost' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    await c.runs.approve.mutate({ runId, stepId: 'gate', approved: true, comment: 'fine' });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.run.outputs).toEqual({ said: 'approved by local' });
  });

  it('cancel ends a waiting run CANCELLED; cancelling an ended run is CONFLICT', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'sleepy' });
    await h.waitForStatus(runId, ['WAITING']);
    await c.runs.cancel.mutate({ runId });
    const done = await h.waitForStatus(runId, ['CANCELLED']);
    expect(done.steps[0]?.status).toBe('CANCELLED');
    expect(await failure(c.runs.cancel.mutate({ runId }))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(c.runs.cancel.mutate({ runId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retry from a step makes a new run where that step runs again', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'logs' });
    await h.waitForStatus(runId, ['SUCCESS']);
    const calls = h.runner.calls.length;
    const retry = await c.runs.retry.mutate({ runId, fromStepId: 'second' });
    expect(retry.runId).not.toBe(runId);
    const done = await h.waitForStatus(retry.runId, ['SUCCESS', 'FAILED']);
    expect(done.run.status).toBe('SUCCESS');
    // `first` kept its result: the block was not called again.
    expect(h.runner.calls.length).toBe(calls);
    expect(await failure(c.runs.retry.mutate({ runId, fromStepId: 'ghost' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('debug: a run in step mode pauses before each step; continue lets it go on', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({
      workflowId: 'logs',
      debug: { stepMode: true, breakpoints: [] },
    });
    const paused = await h.waitForStatus(runId, ['WAITING']);
    expect(paused.steps.find((s) => s.stepId === 'first')).toMatchObject({
      status: 'WAITING',
      waitReason: 'breakpoint',
    });
    expect(
      await failure(c.debug.command.mutate({ runId, stepId: 'second', action: 'continue' })),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(
      await failure(c.debug.command.mutate({ runId, stepId: 'first', action: 'jump' as 'continue' })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    await c.debug.command.mutate({ runId, stepId: 'first', action: 'continue', input: { a: 41 } });
    for (let i = 0; i < 200; i++) {
      const r = await c.runs.get.query({ runId });
      const second = r.steps.find((s) => s.stepId === 'second');
      if (second?.status === 'WAITING') break;
      await new Promise((res) => setTimeout(res, 25));
    }
    await c.debug.command.mutate({ runId, stepId: 'second', action: 'continue' });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.steps.find((s) => s.stepId === 'second')?.output).toBe(42);
  });
});
