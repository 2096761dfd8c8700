import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';
import { hmacHex } from './signature';

let h: Harness;

const hookWf = (id: string, trigger: string, extra = ''): string => `apiVersion: weft/v1
kind: Workflow
id: ${id}
${extra}triggers:
  - webhook: ${trigger}
steps:
  - id: first
    uses: transform
    with: { expression: "trigger.body" }
  - id: second
    uses: transform
    needs: [first]
    with: { expression: "{ 'got': steps.first.output, 'method': trigger.headers.\`x-test\` }" }
outputs:
  result: "\${{ steps.second.output }}"
`;

const runCount = async (workflowId: string): Promise<number> =>
  (await h.client().runs.list.query({ workflowId, limit: 500 })).runs.length;

beforeAll(async () => {
  h = await startHarness();
  const c = h.client();
  await c.secrets.set.mutate({ name: 'GH', value: "It's a Secret to Everybody" });
  await c.secrets.set.mutate({ name: 'STRIPE', value: 'whsec_test' });
  await c.workflows.save.mutate({
    yaml: hookWf('gh', '{ path: push, secret: "${{ secrets.GH }}", signature: github }'),
  });
  await c.workflows.save.mutate({
    yaml: hookWf('stripe', '{ path: events, secret: "${{ secrets.STRIPE }}", signature: stripe }'),
  });
  await c.workflows.save.mutate({ yaml: hookWf('plain', '{ path: in, mode: sync }') });
  await c.workflows.save.mutate({ yaml: hookWf('asyncy', '{ path: in }') });
  await c.workflows.save.mutate({
    yaml: hookWf('missing-secret', '{ path: in, secret: "${{ secrets.NOT_SET }}" }'),
  });
  await c.workflows.save.mutate({
    yaml: hookWf(
      'typed',
      '{ path: in, mode: sync }',
      'inputs:\n  count: { type: integer, required: true }\n',
    ),
  });
  await c.workflows.save.mutate({
    yaml: `apiVersion: weft/v1\nkind: Workflow\nid: fails\ntriggers:\n  - webhook: { path: in, mode: sync }\nsteps:\n  - id: boom\n    uses: fail\n    with: { message: "it broke" }\n`,
  });
});
afterAll(async () => {
  await h.stop();
});

describe('webhooks', () => {
  it("accepts GitHub's documented example signature and queues a run (202 {runId})", async () => {
    const res = await h.request('/hooks/gh/push', {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      body: 'Hello, World!',
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(done.run.outputs).toEqual({ result: { got: 'Hello, World!' } });
    expect(done.run.trigger).toMatchObject({ type: 'webhook', body: 'Hello, World!' });
  });

  it('a bad or missing signature answers 401 and creates no run', async () => {
    const before = await runCount('gh');
    const bad = await h.request('/hooks/gh/push', {
      method: 'POST',
      headers: {
        'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18',
      },
      body: 'Hello, World!',
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid signature: signature does not match' });
    const missing = await h.request('/hooks/gh/push', { method: 'POST', body: 'Hello, World!' });
    expect(missing.status).toBe(401);
    expect(await runCount('gh')).toBe(before);
  });

  it('checks Stripe signatures and their 5-minute window', async () => {
    const body = '{"id":"evt_1"}';
    const t = Math.floor(Date.now() / 1000);
    const sign = (ts: number): string => `t=${ts},v1=${hmacHex('whsec_test', `${ts}.${body}`)}`;
    const ok = await h.request('/hooks/stripe/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': sign(t) },
      body,
    });
    expect(ok.status).toBe(202);
    const old = await h.request('/hooks/stripe/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': sign(t - 600) },
      body,
    });
    expect(old.status).toBe(401);
    expect(((await old.json()) as { error: string }).error).toMatch(/5-minute window/);
  });

  it('sync mode answers the run outputs; a failed run answers 500 with its error', async () => {
    const res = await h.request('/hooks/plain/in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { got: { a: 1 }, method: 'yes' } });
    expect(res.headers.get('x-weft-run-id')).toBeTruthy();
    const failed = await h.request('/hooks/fails/in', { method: 'POST' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      error: 'step "boom" failed: it broke',
      status: 'FAILED',
      code: 'BLOCK_ERROR',
    });
  });

  it('an Idempotency-Key returns the run it already created', async () => {
    const send = (): Promise<Response> =>
      h.request('/hooks/asyncy/in', {
        method: 'POST',
        headers: { 'idempotency-key': 'delivery-1', 'content-type': 'application/json' },
        body: '{}',
      });
    const a = (await (await send()).json()) as { runId: string };
    const second = await send();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { runId: string }).runId).toBe(a.runId);
    expect(await runCount('asyncy')).toBe(1);
    expect(await h.server.store.repos.webhooks.get('asyncy', 'delivery-1')).toMatchObject({
      runId: a.runId,
      outcome: 'accepted',
    });
  });

  it('malformed JSON is 400 with a clear message, and creates no run', async () => {
    const before = await runCount('asyncy');
    const res = await h.request('/hooks/asyncy/in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^body is not valid JSON/);
    expect(await runCount('asyncy')).toBe(before);
  });

  it('body over the size limit is 413', async () => {
    const res = await h.request('/hooks/asyncy/in', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
  });

  it('declared inputs come from the JSON body; a body that does not fit is 400 naming the input', async () => {
    const good = await h.request('/hooks/typed/in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"count": 3}',
    });
    expect(good.status).toBe(200);
    const bad = await h.request('/hooks/typed/in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"count": "three"}',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/count/);
  });

  it('unknown workflow, unknown path and wrong method are 404/404/405; disabled is 403', async () => {
    expect((await h.request('/hooks/nobody/in', { method: 'POST' })).status).toBe(404);
    expect((await h.request('/hooks/asyncy/other', { method: 'POST' })).status).toBe(404);
    const get = await h.request('/hooks/asyncy/in');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await h.client().workflows.setEnabled.mutate({ id: 'asyncy', enabled: false });
    const before = await runCount('asyncy');
    const off = await h.request('/hooks/asyncy/in', { method: 'POST', body: '{}' });
    expect(off.status).toBe(403);
    expect(await runCount('asyncy')).toBe(before);
    await h.client().workflows.setEnabled.mutate({ id: 'asyncy', enabled: true });
  });

  it('a webhook whose secret is not set answers 500 naming the secret and creates no run', async () => {
    const res = await h.request('/hooks/missing-secret/in', { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/"NOT_SET" is not set/);
    expect(await runCount('missing-secret')).toBe(0);
  });
});
