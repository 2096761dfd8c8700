/**
 * Regression tests of issue 9 (hardening), server side: one `describe` per item of the issue, on
 * one shared in-memory server with auth on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './testing/harness';
import { hmacHex } from './webhooks/signature';

const ADMIN = 'wft_hardening_admin_token_0123456789ab';
let h: Harness;

const APPROVAL = `apiVersion: weft/v1
kind: Workflow
id: gate
steps:
  - id: ok
    uses: approval
    with: { message: "ship?" }
`;

const GH = `apiVersion: weft/v1
kind: Workflow
id: gh
triggers:
  - webhook: { path: push, secret: "\${{ secrets.GH }}", signature: github }
steps:
  - id: a
    uses: transform
    with: { expression: "trigger.body" }
`;

const VARHOOK = `apiVersion: weft/v1
kind: Workflow
id: varhook
vars:
  hook: "\${{ secrets.HOOK }}"
triggers:
  - webhook: { path: in, secret: "\${{ vars.hook }}" }
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
`;

beforeAll(async () => {
  h = await startHarness({ auth: true, adminToken: ADMIN });
  const c = h.client(ADMIN);
  await c.secrets.set.mutate({ name: 'HOOK', value: 'hook-value' });
  await c.workflows.save.mutate({ yaml: VARHOOK });
  await c.secrets.set.mutate({ name: 'GH', value: 'gh-secret' });
  await c.workflows.save.mutate({ yaml: APPROVAL });
  await c.workflows.save.mutate({ yaml: GH });
});
afterAll(async () => {
  await h.stop();
});

const runCount = async (workflowId: string): Promise<number> =>
  (await h.client(ADMIN).runs.list.query({ workflowId, limit: 500 })).runs.length;

describe('issue 9 item 11: smaller fixes', () => {
  it('concurrent approve / reject / approve on one step: the first applies, the later ones get CONFLICT', async () => {
    const c = h.client(ADMIN);
    const { runId } = await c.runs.start.mutate({ workflowId: 'gate' });
    await h.waitForStatus(runId, ['WAITING'], ADMIN);
    const results = await Promise.allSettled([
      c.runs.approve.mutate({ runId, stepId: 'ok', approved: true }),
      c.runs.approve.mutate({ runId, stepId: 'ok', approved: false }),
      c.runs.approve.mutate({ runId, stepId: 'ok', approved: true }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    for (const r of results.slice(1))
      expect(await failure(Promise.reject((r as PromiseRejectedResult).reason))).toMatchObject({
        code: 'CONFLICT',
      });
    const done = await h.waitForStatus(runId, ['SUCCESS'], ADMIN);
    expect(done.steps.find((s) => s.stepId === 'ok')?.output).toMatchObject({ approved: true });
    // A decision after the step ended is a CONFLICT too.
    expect(await failure(c.runs.approve.mutate({ runId, stepId: 'ok', approved: false }))).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a GitHub redelivery with the same X-GitHub-Delivery creates no second run', async () => {
    const before = await runCount('gh');
    const body = '{"zen":"hi"}';
    const send = () =>
      h.request('/hooks/gh/push', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
          'x-hub-signature-256': `sha256=${hmacHex('gh-secret', body)}`,
        },
        body,
      });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([202, 202]);
    const a = (await first.json()) as { runId: string };
    const b = (await second.json()) as { runId: string };
    expect(b.runId).toBe(a.runId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await runCount('gh')).toBe(before + 1);
  });

  it('a valid signature with an extra hex character appended is refused (401)', async () => {
    const before = await runCount('gh');
    const body = 'hello';
    for (const extra of ['0', 'f', '00']) {
      const res = await h.request('/hooks/gh/push', {
        method: 'POST',
        headers: { 'x-hub-signature-256': `sha256=${hmacHex('gh-secret', body)}${extra}` },
        body,
      });
      expect(res.status).toBe(401);
    }
    expect(await runCount('gh')).toBe(before);
  });

  it('?connectionParams={"token":…} authenticates SSE subscriptions only, not queries or mutations', async () => {
    const params = encodeURIComponent(JSON.stringify({ token: ADMIN }));
    const query = await h.request(
      `/api/trpc/workflows.list?connectionParams=${params}&input=${encodeURIComponent('{}')}`,
    );
    expect(query.status).toBe(401);
    const mutation = await h.request(`/api/trpc/secrets.set?connectionParams=${params}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'X', value: 'y' }),
    });
    expect(mutation.status).toBe(401);
    // The subscription (SSE) still accepts it: the run's events stream until it ends.
    const c = h.client(ADMIN);
    const { runId } = await c.runs.start.mutate({ workflowId: 'gate' });
    await c.runs.cancel.mutate({ runId });
    const sse = await h.request(
      `/api/trpc/runs.onEvents?connectionParams=${params}&input=${encodeURIComponent(JSON.stringify({ runId }))}`,
      { headers: { accept: 'text/event-stream' } },
    );
    expect(sse.status).toBe(200);
    const text = await sse.text();
    expect(text).toContain('run.cancelled');
  });

  it('malformed %-encoding in a webhook path answers 400, not 500', async () => {
    for (const path of ['/hooks/gh/%', '/hooks/gh/%E0%A4%A', '/hooks/gh/a%zz']) {
      const res = await h.request(path, { method: 'POST', body: 'x' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain('%-encoding');
    }
  });
});

describe('issue 9 item 9: tRPC request bodies are limited', () => {
  it('a body over apiBodyLimit answers 413 before it is read, and the server goes on', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const res = await h.request('/api/trpc/workflows.save', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ yaml: big }),
    });
    expect(res.status).toBe(413);
    expect(JSON.stringify(await res.json())).toContain('apiBodyLimit');
    // Streamed without a Content-Length: refused too.
    const chunks = new ReadableStream<Uint8Array>({
      start(ctrl) {
        const piece = new TextEncoder().encode('x'.repeat(1024 * 1024));
        for (let i = 0; i < 6; i++) ctrl.enqueue(piece);
        ctrl.close();
      },
    });
    const streamed = await h.request('/api/trpc/workflows.save', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await h.request('/healthz')).status).toBe(200);
  });
});

describe('issue 9 item 3: a webhook secret written as an expression is resolved, not used literally', () => {
  it('signed with the value: accepted; signed with the literal text: 401', async () => {
    const before = await runCount('varhook');
    const body = 'ping';
    const sign = (key: string) =>
      h.request('/hooks/varhook/in', {
        method: 'POST',
        headers: { 'x-weft-signature': `sha256=${hmacHex(key, body)}` },
        body,
      });
    expect((await sign('${{ vars.hook }}')).status).toBe(401);
    expect((await sign('hook-value')).status).toBe(202);
    expect(await runCount('varhook')).toBe(before + 1);
  });
});
