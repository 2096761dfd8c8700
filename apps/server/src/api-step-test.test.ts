import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './testing/harness';

let h: Harness;

const YAML = `apiVersion: weft/v1
kind: Workflow
id: pipeline
steps:
  - id: first
    uses: echo@1
    with: { a: 1 }
  - id: second
    uses: echo@1
    needs: [first]
    with: { b: "\${{ steps.first.output.a + 1 }}" }
  - id: third
    uses: transform
    needs: [second]
    with: { expression: "steps.second.output.b * 10" }
outputs:
  result: "\${{ steps.third.output }}"
`;

beforeAll(async () => {
  h = await startHarness();
  await h.client().workflows.save.mutate({ yaml: YAML });
});
afterAll(async () => {
  await h.stop();
});

describe('debug.testStep', () => {
  it('runs only the step with the recorded upstream outputs and the edited input, stored as a step test', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'pipeline' });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.run.outputs).toEqual({ result: 20 });
    const calls = h.runner.calls.length;

    const edited = await c.debug.testStep.mutate({ runId, stepId: 'second', input: { b: 'edited' } });
    expect(edited).toMatchObject({
      testedRunId: runId,
      stepId: 'second',
      status: 'SUCCESS',
      step: { status: 'SUCCESS', attempts: 1, input: { b: 'edited' }, output: { b: 'edited' } },
    });
    expect(edited.runId).not.toBe(runId);
    // one block call (the tested step) and nothing downstream
    expect(h.runner.calls.length).toBe(calls + 1);
    const test = await c.runs.get.query({ runId: edited.runId });
    expect(test.run.trigger).toMatchObject({ type: 'step-test', runId, stepId: 'second' });
    expect(Object.fromEntries(test.steps.map((s) => [s.stepId, s.status]))).toEqual({
      first: 'SUCCESS',
      second: 'SUCCESS',
      third: 'SKIPPED',
    });

    // without an input: resolved from the recorded output of `first`
    const plain = await c.debug.testStep.mutate({ runId, stepId: 'second' });
    expect(plain.step).toMatchObject({ status: 'SUCCESS', input: { b: 2 }, output: { b: 2 } });

    // not a production run: runs.list leaves step tests out unless asked, the dashboard too
    const listed = (await c.runs.list.query({ workflowId: 'pipeline' })).runs.map((r) => r.id);
    expect(listed).toEqual([runId]);
    const tests = (await c.runs.list.query({ workflowId: 'pipeline', kind: 'step-test' })).runs;
    expect(tests.map((r) => r.id).sort()).toEqual([edited.runId, plain.runId].sort());
    expect((await c.runs.list.query({ workflowId: 'pipeline', kind: 'all' })).runs).toHaveLength(3);
    const dash = await c.dashboard.summary.query();
    expect(dash.durations.find((d) => d.workflowId === 'pipeline')?.runs).toBe(1);
  });

  it('reports a failing step and refuses unknown runs and steps, naming them', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'pipeline' });
    await h.waitForStatus(runId, ['SUCCESS']);
    const bad = await c.debug.testStep.mutate({ runId, stepId: 'third', input: { expression: '$nope(' } });
    expect(bad.status).toBe('FAILED');
    expect(bad.step.status).toBe('FAILED');
    expect(bad.step.error?.code).toBe('EXPRESSION_ERROR');
    expect(await failure(c.debug.testStep.mutate({ runId, stepId: 'ghost' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: `step "ghost" in run ${runId} not found`,
    });
    expect(
      await failure(
        c.debug.testStep.mutate({ runId: '00000000-0000-7000-8000-000000000000', stepId: 'first' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('debug.command skip with an output', () => {
  it('ends the paused step SUCCESS with the typed output, which downstream steps get', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({
      workflowId: 'pipeline',
      debug: { stepMode: false, breakpoints: [{ stepId: 'second' }] },
    });
    await h.waitForStatus(runId, ['WAITING']);
    expect(
      await failure(c.debug.command.mutate({ runId, stepId: 'second', action: 'continue', output: 1 })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: 'output goes with action "skip", not "continue"' });
    await c.debug.command.mutate({ runId, stepId: 'second', action: 'skip', output: { b: 7 } });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.run.outputs).toEqual({ result: 70 });
    expect(done.steps.find((s) => s.stepId === 'second')).toMatchObject({
      status: 'SUCCESS',
      output: { b: 7 },
    });
  });

  it('refuses a breakpoint condition that does not parse, naming the step', async () => {
    const c = h.client();
    const f = await failure(
      c.runs.start.mutate({
        workflowId: 'pipeline',
        debug: { stepMode: false, breakpoints: [{ stepId: 'second', condition: 'a = (' }] },
      }),
    );
    expect(f).toMatchObject({ code: 'BAD_REQUEST' });
    expect(f.message).toContain('breakpoint on "second": the condition is not valid JSONata');
  });
});
