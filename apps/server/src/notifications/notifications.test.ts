/**
 * Run-end notifications (issue 15 item 5) with real parts: a real server (SQLite, engine, scheduler),
 * real HTTP receivers on 127.0.0.1 that verify the signature themselves (node:crypto, not our
 * signer), the network policy, retries, dead letters and redeliver. The retry delay is a setting
 * (10 ms here) and the backoff schedule is checked with a fake clock, so nothing waits on the clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { openStore, type WeftStore } from '@weft/store';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger';
import { startHarness, failure, type Harness } from '../testing/harness';
import { backoffDelay, Notifier } from './notifier';
import { startReceiver, type Receiver } from './receiver';
import { policySender } from './send';

const SECRET = 'whsec_test_0123456789';

/** What a receiver does: check the time window, then the HMAC of "t.body" in constant time. */
function verified(header: string | string[] | undefined, body: string, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const want = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(Buffer.from(m[2]!, 'hex'), want);
}

const workflow = (id: string, notify: string, expression: string): string => `apiVersion: weft/v1
kind: Workflow
id: ${id}
notify:
${notify}steps:
  - id: work
    uses: transform
    with:
      expression: ${JSON.stringify(expression)}
outputs:
  result: "\${{ steps.work.output }}"
`;

const opened: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const x of opened.splice(0).reverse()) await x.stop();
});

async function receiver(status = 204): Promise<Receiver> {
  const r = await startReceiver(status);
  opened.push({ stop: () => r.close() });
  return r;
}

async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness({ env: { WEFT_NOTIFY_BACKOFF: '10ms', ...env } });
  opened.push(h);
  return h;
}

async function runToEnd(h: Harness, workflowId: string): Promise<string> {
  const { runId } = await h.client().runs.start.mutate({ workflowId, inputs: {} });
  await h.waitForStatus(runId, ['SUCCESS', 'FAILED', 'CANCELLED']);
  return runId;
}

describe('run-end notifications', () => {
  it('POSTs a signed notice that a receiver verifies, only for the statuses listed', async () => {
    const rx = await receiver();
    const h = await harness();
    const c = h.client();
    await c.secrets.set.mutate({ name: 'HOOK', value: SECRET });
    const notify = `  - on: [failed]\n    webhook:\n      url: ${rx.url}\n      secret: "\${{ secrets.HOOK }}"\n`;
    await c.workflows.save.mutate({ yaml: workflow('fails', notify, "$error('boom')"), create: true });
    await c.workflows.save.mutate({ yaml: workflow('works', notify, '41 + 1'), create: true });

    const ok = await runToEnd(h, 'works');
    const bad = await runToEnd(h, 'fails');
    const [hit] = await rx.waitForHits(1);
    expect(hit!.headers['content-type']).toBe('application/json');
    expect(hit!.headers['x-weft-delivery']).toBe(`${bad}/0`);
    expect(verified(hit!.headers['x-weft-signature'], hit!.body, SECRET)).toBe(true);
    expect(verified(hit!.headers['x-weft-signature'], hit!.body, 'another-secret')).toBe(false);
    expect(verified(hit!.headers['x-weft-signature'], hit!.body.replace('FAILED', 'SUCCESS'), SECRET)).toBe(
      false,
    );
    const notice = JSON.parse(hit!.body) as Record<string, unknown>;
    expect(Object.keys(notice).sort()).toEqual(
      ['error', 'finishedAt', 'outputs', 'runId', 'startedAt', 'status', 'version', 'workflowId'].sort(),
    );
    expect(notice).toMatchObject({
      runId: bad,
      workflowId: 'fails',
      version: 1,
      status: 'FAILED',
      outputs: null,
    });
    expect((notice.error as { message: string }).message).toContain('boom');
    expect(Date.parse(String(notice.finishedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(notice.startedAt)),
    );

    // The receiver answered; the outcome is stored right after.
    const stored = await until(async () => {
      const l = await c.notifications.list.query({ runId: bad });
      return l.deliveries[0]?.state === 'delivered' ? l : undefined;
    });
    expect(stored.deliveries).toEqual([
      expect.objectContaining({
        id: `${bad}/0`,
        state: 'delivered',
        attempts: 1,
        lastHttpStatus: 204,
        signed: true,
      }),
    ]);
    // The successful run was not listed in `on`: nothing was queued for it.
    await h.server.notifier.poll();
    expect((await c.notifications.list.query({ runId: ok })).deliveries).toEqual([]);
    expect(rx.hits).toHaveLength(1);
    // The secret's text never leaves the server.
    expect(JSON.stringify(stored)).not.toContain('secrets.HOOK');
  });

  it('retries a failing receiver, dead-letters the delivery, and redelivers it once the receiver is back', async () => {
    const rx = await receiver(503);
    const h = await harness({ WEFT_NOTIFY_ATTEMPTS: '3' });
    const c = h.client();
    const notify = `  - on: [any]\n    webhook: { url: "${rx.url}", secret: ${SECRET} }\n`;
    await c.workflows.save.mutate({ yaml: workflow('flaky', notify, '"done"'), create: true });
    const runId = await runToEnd(h, 'flaky');
    await rx.waitForHits(3);
    const dead = await until(async () => {
      const l = await c.notifications.list.query({ state: 'dead' });
      return l.deliveries.length > 0 ? l.deliveries : undefined;
    });
    expect(dead).toEqual([
      expect.objectContaining({
        id: `${runId}/0`,
        runId,
        workflowId: 'flaky',
        state: 'dead',
        attempts: 3,
        lastHttpStatus: 503,
        lastError: 'HTTP 503: receiver is down',
        payload: expect.objectContaining({ runId, status: 'SUCCESS', outputs: { result: 'done' } }),
      }),
    ]);
    expect(rx.hits).toHaveLength(3);
    // Every attempt is signed afresh over the same bytes.
    expect(new Set(rx.hits.map((x) => x.body)).size).toBe(1);
    for (const x of rx.hits) expect(verified(x.headers['x-weft-signature'], x.body, SECRET)).toBe(true);

    rx.answer(200);
    const again = await c.notifications.redeliver.mutate({ deliveryId: `${runId}/0` });
    expect(again).toMatchObject({ state: 'pending', attempts: 0 });
    const hits = await rx.waitForHits(4);
    expect(verified(hits[3]!.headers['x-weft-signature'], hits[3]!.body, SECRET)).toBe(true);
    expect(
      await until(async () => {
        const d = await c.notifications.get.query({ deliveryId: `${runId}/0` });
        return d.state === 'delivered' ? d : undefined;
      }),
    ).toMatchObject({ attempts: 1, lastHttpStatus: 200 });
    expect((await c.notifications.list.query({ state: 'dead' })).deliveries).toEqual([]);
    // A queued or unknown delivery cannot be redelivered; the audit log has the redeliver.
    expect(await failure(c.notifications.redeliver.mutate({ deliveryId: 'nope/0' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'notification delivery nope/0 not found',
    });
    const audit = await c.audit.list.query({ action: 'notifications.redeliver' });
    expect(audit.entries[0]).toMatchObject({ detail: { deliveryId: `${runId}/0` } });
  });

  it('the server-wide URL hears every workflow; a host the network policy denies is dead-lettered at once', async () => {
    const rx = await receiver();
    const h = await harness({
      WEFT_NOTIFY_URL: rx.url,
      WEFT_NOTIFY_ON: 'success,failed',
      WEFT_NOTIFY_SECRET: SECRET,
      WEFT_NETWORK_DENY: '10.0.0.0/8,127.0.0.2',
    });
    const c = h.client();
    await c.workflows.save.mutate({
      yaml: workflow('plain', '', '1').replace('notify:\n', ''),
      create: true,
    });
    const denied = `  - on: [any]\n    webhook: { url: "http://127.0.0.2:9/x" }\n`;
    await c.workflows.save.mutate({ yaml: workflow('walled', denied, '1'), create: true });
    const plain = await runToEnd(h, 'plain');
    const walled = await runToEnd(h, 'walled');
    const hits = await rx.waitForHits(2);
    const ids = hits.map((x) => (JSON.parse(x.body) as { runId: string }).runId).sort();
    expect(ids).toEqual([plain, walled].sort());
    for (const x of hits) expect(verified(x.headers['x-weft-signature'], x.body, SECRET)).toBe(true);
    const dead = await until(async () => {
      const d = (await c.notifications.list.query({ state: 'dead' })).deliveries;
      return d.length > 0 ? d : undefined;
    });
    expect(dead).toEqual([expect.objectContaining({ id: `${walled}/0`, attempts: 1, signed: false })]);
    expect(dead[0]?.lastError).toContain("denied by the server's network policy (127.0.0.2)");
  });
});

describe('the notifier on a fake clock', () => {
  let store: WeftStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('backs off exponentially between attempts and dead-letters after the last', async () => {
    const rx = await receiver(500);
    store = await openStore('sqlite::memory:');
    let now = 1_000_000;
    const n = new Notifier({
      repos: store.repos,
      version: async () => undefined,
      resolveSecret: async (text) => ({ ok: true, value: text }),
      send: policySender({ networkDeny: [] }),
      log: createLogger({ level: 'silent' }),
      now: () => now,
      maxAttempts: 4,
      backoffMs: 60_000,
    });
    await store.repos.notifications.enqueue([
      {
        id: 'r/0',
        runId: 'r',
        workflowId: 'wf',
        url: rx.url,
        runStatus: 'FAILED',
        payload: '{"version":1}',
        createdAt: now,
      },
    ]);
    const attemptsAt: number[] = [];
    for (let step = 0; step < 20 && attemptsAt.length < 4; step++) {
      const before = rx.hits.length;
      await n.poll();
      if (rx.hits.length > before) attemptsAt.push(now);
      now += 30_000;
    }
    // 1 min, 2 min, 4 min after the failures (polled every 30 s of fake time).
    expect(attemptsAt.map((t) => t - 1_000_000)).toEqual([0, 60_000, 180_000, 420_000]);
    expect(await store.repos.notifications.get('r/0')).toMatchObject({ state: 'dead', attempts: 4 });
    expect(backoffDelay(1, 10_000, 3_600_000)).toBe(10_000);
    expect(backoffDelay(20, 10_000, 3_600_000)).toBe(3_600_000);
  });
});

async function until<T>(fn: () => Promise<T | undefined>, limitMs = 60_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
