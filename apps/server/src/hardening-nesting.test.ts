/**
 * Regression tests of issue 9 item 7 on a real server (SQLite): JSON nested too deep is refused at
 * every entry with a 4xx or a failed step, never a 500/503 or a commit that fails in a loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DATA_DEPTH } from '@weft/dsl';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
/** Nested arrays built without recursion (JSON.stringify of these would overflow the test's stack). */
const nest = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const deepText = (n: number): string => `${'['.repeat(n)}1${']'.repeat(n)}`;

const WF = `apiVersion: weft/v1
kind: Workflow
id: deep
inputs:
  x: { type: array }
  depth: { type: number, default: 0 }
triggers:
  - webhook: { path: in }
steps:
  - id: a
    uses: echo@1
    with: { depth: "\${{ inputs.depth }}" }
`;

beforeAll(async () => {
  h = await startHarness({
    handlers: {
      // A block (a \`code\` step in the field) that answers data nested as deep as asked.
      'echo@1': (c) => ({ ok: true, output: nest(Number(c.with.depth)) }),
    },
  });
  await h.client().workflows.save.mutate({ yaml: WF });
});
afterAll(async () => h.stop());

const post = (path: string, body: string) =>
  h.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('issue 9 item 7: deeply nested data is bounded at every entry', () => {
  it('a block output nested 4,500 deep fails the step with LIMIT_EXCEEDED; the run ends', async () => {
    const c = h.client();
    const { runId } = await c.runs.start.mutate({ workflowId: 'deep', inputs: { x: [], depth: 4500 } });
    const run = await h.waitForStatus(runId, ['SUCCESS', 'FAILED', 'CANCELLED']);
    expect(run.run.status).toBe('FAILED');
    const a = run.steps.find((s) => s.stepId === 'a');
    expect(a?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(a?.error?.message).toContain(`deeper than ${MAX_DATA_DEPTH} levels`);
    // At the limit it is fine.
    const ok = await c.runs.start.mutate({ workflowId: 'deep', inputs: { x: [], depth: MAX_DATA_DEPTH } });
    expect((await h.waitForStatus(ok.runId, ['SUCCESS', 'FAILED'])).run.status).toBe('SUCCESS');
  });

  it('run inputs nested 5,000 deep answer 400 (BAD_REQUEST), not 500', async () => {
    const r = await post('/api/trpc/runs.start', `{"workflowId":"deep","inputs":{"x":${deepText(5000)}}}`);
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toContain('deeper than');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    // Through the typed client too, just over the limit (the engine's own check, past the HTTP one).
    const res = await h
      .client()
      .runs.start.mutate({ workflowId: 'deep', inputs: { x: nest(MAX_DATA_DEPTH) as unknown[] } })
      .catch((e: unknown) => e as { data?: { code?: string }; message: string });
    expect(res).toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });

  it('a query with deep ?input= answers 400', async () => {
    const input = encodeURIComponent(`{"runId":${deepText(5000)}}`);
    const r = await h.request(`/api/trpc/runs.get?input=${input}`);
    expect(r.status).toBe(400);
  });

  it('a webhook body nested 5,000 deep answers 400 (senders do not retry it), not 503', async () => {
    const r = await post('/hooks/deep/in', deepText(5000));
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('deeper than');
    const fine = await post('/hooks/deep/in', JSON.stringify({ x: [[1]] }));
    expect(fine.status).toBe(202);
    expect((await h.request('/healthz')).status).toBe(200);
  });
});
