import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, HELLO, startHarness, type Harness } from './testing/harness';

describe('catalog, secrets, templates (auth off)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('catalog lists blocks with schemas; get resolves a uses; unknown is NOT_FOUND', async () => {
    const c = h.client();
    const list = await c.catalog.list.query();
    const names = list.map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['transform', 'approval', 'echo']));
    expect(list.find((b) => b.name === 'if')?.ports).toEqual(['then', 'else']);
    expect((await c.catalog.get.query({ uses: 'echo@1' })).title).toBe('Echo');
    expect(await failure(c.catalog.get.query({ uses: 'nope@9' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'block "nope@9" not found',
    });
    expect(await failure(c.catalog.get.query({ uses: '' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('secrets: values are write-only, stored encrypted, listed by name; rotation re-encrypts', async () => {
    const c = h.client();
    expect(await c.secrets.set.mutate({ name: 'API_KEY', value: 'super-secret-value' })).toEqual({
      name: 'API_KEY',
    });
    const list = await c.secrets.list.query();
    expect(list.map((s) => s.name)).toEqual(['API_KEY']);
    expect(JSON.stringify(list)).not.toContain('super-secret-value');
    const row = await h.server.store.repos.secrets.get('API_KEY');
    expect(row?.ciphertext).not.toContain('super-secret-value');
    const keyFile = join(h.dataDir, 'secret.key');
    const before = readFileSync(keyFile, 'utf8');
    const rotated = await c.secrets.rotateKey.mutate();
    expect(rotated.count).toBe(1);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
    const after = await h.server.store.repos.secrets.get('API_KEY');
    expect(after?.ciphertext.split(':')[1]).toBe(rotated.keyId);
    expect(await failure(c.secrets.set.mutate({ name: 'bad name', value: 'x' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await c.secrets.delete.mutate({ name: 'API_KEY' })).toEqual({ name: 'API_KEY', deleted: true });
    expect(await failure(c.secrets.delete.mutate({ name: 'API_KEY' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a run reads a secret, and its value is masked in what the API answers', async () => {
    const c = h.client();
    await c.secrets.set.mutate({ name: 'TOKEN', value: 'tok-abcdef-123' });
    await c.workflows.save.mutate({
      yaml: `apiVersion: weft/v1\nkind: Workflow\nid: uses-secret\nsteps:\n  - id: call\n    uses: echo@1\n    with: { auth: "Bearer \${{ secrets.TOKEN }}" }\n`,
    });
    const { runId } = await c.runs.start.mutate({ workflowId: 'uses-secret' });
    const done = await h.waitForStatus(runId, ['SUCCESS', 'FAILED']);
    expect(h.runner.callsOf('call')[0]?.with).toEqual({ auth: 'Bearer tok-abcdef-123' });
    const answer = JSON.stringify([done, await c.runs.events.query({ runId })]);
    expect(answer).not.toContain('tok-abcdef-123');
    expect(answer).toContain('***');
  });

  it('templates list the gallery and get one; every shipped template validates', async () => {
    const c = h.client();
    const list = await c.templates.list.query();
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const t of list) {
      const full = await c.templates.get.query({ id: t.id });
      expect(full.title.length).toBeGreaterThan(0);
      const v = await c.workflows.validate.query({ yaml: full.yaml });
      expect({ id: t.id, diagnostics: v.diagnostics.filter((d) => d.severity === 'error') }).toEqual({
        id: t.id,
        diagnostics: [],
      });
    }
    expect(await failure(c.templates.get.query({ id: '../etc/passwd' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(c.templates.get.query({ id: '' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('whoami with auth off is the local admin', async () => {
    expect(await h.client().auth.whoami.query()).toEqual({
      authEnabled: false,
      signedIn: true,
      name: 'local',
      role: 'admin',
    });
  });
});

describe('auth (tokens and roles)', () => {
  const ADMIN = 'admin-token-for-tests-0123456789';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ auth: true, adminToken: ADMIN });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('without a token every procedure but whoami is UNAUTHORIZED', async () => {
    const anon = h.client();
    expect(await anon.auth.whoami.query()).toEqual({
      authEnabled: true,
      signedIn: false,
      name: null,
      role: null,
    });
    expect(await failure(anon.workflows.list.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'this server requires an API token: send Authorization: Bearer <token>',
    });
    expect(await failure(h.client('wrong-token').workflows.list.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'the API token is unknown or revoked',
    });
  });

  it('roles: viewer reads, editor writes workflows and runs, admin manages secrets and tokens', async () => {
    const admin = h.client(ADMIN);
    const viewer = await admin.tokens.create.mutate({ name: 'ci-viewer', role: 'viewer' });
    const editor = await admin.tokens.create.mutate({ name: 'ci-editor', role: 'editor' });
    expect(viewer.token).toMatch(/^weft_/);
    const v = h.client(viewer.token);
    const e = h.client(editor.token);

    expect(await failure(v.workflows.save.mutate({ yaml: HELLO }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'this needs the editor role; token "ci-viewer" has viewer',
    });
    const saved = await e.workflows.save.mutate({ yaml: HELLO });
    expect((await e.workflows.history.query({ id: 'hello' }))[0]?.author).toBe('ci-editor');
    expect(saved.version).toBe(1);
    expect((await v.workflows.list.query()).map((w) => w.id)).toEqual(['hello']);
    const run = await e.runs.start.mutate({ workflowId: 'hello' });
    expect(await failure(v.runs.cancel.mutate({ runId: run.runId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(e.secrets.set.mutate({ name: 'X', value: 'y' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(e.tokens.list.query())).toMatchObject({ code: 'FORBIDDEN' });
    expect((await v.secrets.list.query()).length).toBe(0);

    const tokens = await admin.tokens.list.query();
    expect(tokens.map((t) => t.name)).toEqual(
      expect.arrayContaining(['bootstrap-admin', 'ci-viewer', 'ci-editor']),
    );
    expect(JSON.stringify(tokens)).not.toContain(viewer.token);
    expect(tokens[0]).not.toHaveProperty('hash');

    await admin.tokens.revoke.mutate({ id: viewer.id });
    expect(await failure(v.workflows.list.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure(admin.tokens.revoke.mutate({ id: viewer.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(admin.tokens.create.mutate({ name: 'x', role: 'root' as 'admin' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('only the hash of a token is stored', async () => {
    const rows = await h.server.store.repos.tokens.list();
    expect(JSON.stringify(rows)).not.toContain(ADMIN);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });
});

describe('bootstrap admin token', () => {
  it('with auth on and no token, one is written to <dataDir>/admin.token with mode 0600 and works', async () => {
    const h = await startHarness({ auth: true });
    try {
      const file = join(h.dataDir, 'admin.token');
      const token = readFileSync(file, 'utf8').trim();
      const { statSync } = await import('node:fs');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await h.client(token).auth.whoami.query()).toMatchObject({
        signedIn: true,
        role: 'admin',
        name: 'bootstrap-admin',
      });
    } finally {
      await h.stop();
    }
  });
});
