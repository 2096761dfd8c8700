import type { AuditEntry } from '@weft/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from '../testing/harness';

const ADMIN = 'weft_audit_admin_token_0123456789abcdef';
const SECRET_VALUE = 'do-not-log-this-value-42';
const wf = (id: string, steps: string): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: ${id}\nsteps:\n${steps}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    auth: true,
    adminToken: ADMIN,
    handlers: {
      // What the sandbox answers when a block reaches a host it may not.
      'echo@1': (c) =>
        c.with.deny
          ? { ok: false, error: { code: 'PERMISSION_DENIED', message: 'host "evil.test" is not allowed' } }
          : { ok: true, output: c.with },
    },
  });
});
afterAll(async () => {
  await h.stop();
});

async function entries(): Promise<AuditEntry[]> {
  return (await h.client(ADMIN).audit.list.query({ order: 'asc', limit: 1000 })).entries;
}

describe('audit log', () => {
  it('every write leaves exactly one entry with who, when and what; secret values never appear', async () => {
    const c = h.client(ADMIN);
    const t0 = Date.now();
    await c.auth.signIn.mutate();
    await c.workflows.save.mutate({
      yaml: wf('audited', '  - id: a\n    uses: echo@1\n    with: { x: 1 }\n'),
    });
    await c.workflows.save.mutate({
      yaml: wf('gate', '  - id: gate\n    uses: approval\n    with: { message: ok? }\n'),
    });
    await c.workflows.save.mutate({
      yaml: wf('nap', '  - id: nap\n    uses: wait\n    with: { duration: 1h }\n'),
    });
    await c.workflows.save.mutate({
      yaml: wf('denied', '  - id: call\n    uses: echo@1\n    with: { deny: true }\n'),
    });
    await c.workflows.setEnabled.mutate({ id: 'audited', enabled: false });
    await c.workflows.setEnabled.mutate({ id: 'audited', enabled: true });

    const { runId } = await c.runs.start.mutate({ workflowId: 'audited' });
    await h.waitForStatus(runId, ['SUCCESS'], ADMIN);
    const retried = await c.runs.retry.mutate({ runId, fromStepId: 'a' });
    await h.waitForStatus(retried.runId, ['SUCCESS'], ADMIN);

    const napping = await c.runs.start.mutate({ workflowId: 'nap' });
    await h.waitForStatus(napping.runId, ['WAITING'], ADMIN);
    await c.runs.cancel.mutate({ runId: napping.runId });

    const gated = await c.runs.start.mutate({ workflowId: 'gate' });
    await h.waitForStatus(gated.runId, ['WAITING'], ADMIN);
    await c.runs.approve.mutate({ runId: gated.runId, stepId: 'gate', approved: true });

    const debugged = await c.runs.start.mutate({
      workflowId: 'audited',
      debug: { stepMode: true, breakpoints: [] },
    });
    await h.waitForStatus(debugged.runId, ['WAITING'], ADMIN);
    await c.debug.command.mutate({ runId: debugged.runId, stepId: 'a', action: 'continue' });

    const refused = await c.runs.start.mutate({ workflowId: 'denied' });
    await h.waitForStatus(refused.runId, ['FAILED'], ADMIN);

    await c.secrets.set.mutate({ name: 'API_KEY', value: SECRET_VALUE });
    await c.secrets.rotateKey.mutate();
    await c.secrets.delete.mutate({ name: 'API_KEY' });
    const token = await c.tokens.create.mutate({ name: 'ci', role: 'viewer' });
    await c.tokens.revoke.mutate({ id: token.id });
    await c.workflows.delete.mutate({ id: 'audited' });

    const log = await entries();
    const count = (action: string): number => log.filter((e) => e.action === action).length;
    expect({
      signIn: count('auth.signIn'),
      save: count('workflows.save'),
      setEnabled: count('workflows.setEnabled'),
      delete: count('workflows.delete'),
      start: count('runs.start'),
      retry: count('runs.retry'),
      cancel: count('runs.cancel'),
      approve: count('runs.approve'),
      debug: count('debug.command'),
      refusal: count('sandbox.permissionDenied'),
      secretSet: count('secrets.set'),
      secretRotate: count('secrets.rotateKey'),
      secretDelete: count('secrets.delete'),
      tokenCreate: count('tokens.create'),
      tokenRevoke: count('tokens.revoke'),
    }).toEqual({
      signIn: 1,
      save: 4,
      setEnabled: 2,
      delete: 1,
      start: 5,
      retry: 1,
      cancel: 1,
      approve: 1,
      debug: 1,
      refusal: 1,
      secretSet: 1,
      secretRotate: 1,
      secretDelete: 1,
      tokenCreate: 1,
      tokenRevoke: 1,
    });
    // Nothing but writes: reads (get, list, waitForStatus) left no entry.
    expect(log.length).toBe(23);
    for (const e of log) {
      expect(e.at).toBeGreaterThanOrEqual(t0);
      expect(e.outcome === 'ok' || e.action === 'sandbox.permissionDenied').toBe(true);
    }
    const human = log.filter((e) => e.action !== 'sandbox.permissionDenied');
    expect(new Set(human.map((e) => e.actor))).toEqual(new Set(['bootstrap-admin']));
    expect(log.find((e) => e.action === 'runs.cancel')).toMatchObject({
      target: napping.runId,
      role: 'admin',
    });
    expect(log.find((e) => e.action === 'runs.start' && e.target === 'gate')?.detail).toMatchObject({
      workflowId: 'gate',
      runId: gated.runId,
    });
    expect(log.find((e) => e.action === 'workflows.setEnabled')?.detail).toMatchObject({ enabled: false });
    expect(log.find((e) => e.action === 'tokens.create')?.detail).toMatchObject({
      id: token.id,
      role: 'viewer',
    });
    expect(log.find((e) => e.action === 'sandbox.permissionDenied')).toMatchObject({
      actor: 'system',
      outcome: 'denied',
      target: refused.runId,
      detail: { stepId: 'call', uses: 'echo@1' },
    });
    const text = JSON.stringify(log);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(token.token);
    expect(text).not.toContain('apiVersion');
  });

  it('records refused writes as denied (wrong role, no token) and failed sign-ins', async () => {
    const viewer = await h.client(ADMIN).tokens.create.mutate({ name: 'reader', role: 'viewer' });
    const before = (await entries()).length;
    expect(await failure(h.client(viewer.token).workflows.delete.mutate({ id: 'gate' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(h.client('weft_wrong').auth.signIn.mutate())).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // A rejected input changed nothing, so it is not a write.
    expect(await failure(h.client(ADMIN).secrets.set.mutate({ name: 'bad name', value: 'x' }))).toMatchObject(
      {
        code: 'BAD_REQUEST',
      },
    );
    const after = (await entries()).slice(before);
    expect(after.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['workflows.delete', 'reader', 'denied'],
      ['auth.signIn', 'anonymous', 'denied'],
    ]);
    expect(await failure(h.client(viewer.token).audit.list.query())).toMatchObject({ code: 'FORBIDDEN' });
  });
});
