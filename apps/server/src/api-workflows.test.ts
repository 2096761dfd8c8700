import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, HELLO, startHarness, type Harness } from './testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('workflows API', () => {
  it('save stores a new immutable version with author and message; get, list and history show it', async () => {
    const c = h.client();
    const first = await c.workflows.save.mutate({ yaml: HELLO, message: 'first' });
    expect(first).toMatchObject({ id: 'hello', version: 1, unchanged: false });
    const second = await c.workflows.save.mutate({
      yaml: HELLO.replace("'hello '", "'hi '"),
      message: 'shorter',
    });
    expect(second.version).toBe(2);
    const got = await c.workflows.get.query({ id: 'hello' });
    expect(got.workflow).toMatchObject({ id: 'hello', name: 'Hello', latestVersion: 2, enabled: true });
    expect(got.version.yaml).toContain("'hi '");
    expect((await c.workflows.get.query({ id: 'hello', version: 1 })).version.yaml).toBe(HELLO);
    expect((await c.workflows.list.query()).map((w) => w.id)).toContain('hello');
    expect((await c.workflows.list.query({ search: 'nothing-like-this' })).length).toBe(0);
    const hist = await c.workflows.history.query({ id: 'hello' });
    expect(hist.map((v) => [v.version, v.message, v.author])).toEqual([
      [2, 'shorter', 'local'],
      [1, 'first', 'local'],
    ]);
  });

  it('save rejects an invalid workflow with its diagnostics and stores nothing', async () => {
    const c = h.client();
    const bad = HELLO.replace('id: hello', 'id: broken').replace('uses: transform', 'uses: nope@1');
    const f = await failure(c.workflows.save.mutate({ yaml: bad }));
    expect(f.code).toBe('BAD_REQUEST');
    expect(f.message).toMatch(/E_UNKNOWN_BLOCK/);
    expect(await failure(c.workflows.get.query({ id: 'broken' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'workflow "broken" not found',
    });
    expect((await failure(c.workflows.save.mutate({ yaml: '' }))).message).toMatch(/the YAML text is empty/);
    expect((await failure(c.workflows.save.mutate({ yaml: HELLO, id: 'other' }))).message).toMatch(
      /does not match/,
    );
  });

  it('diff shows a unified diff of two versions; bad versions are NOT_FOUND', async () => {
    const c = h.client();
    const d = await c.workflows.diff.query({ id: 'hello', from: 1, to: 2 });
    expect(d.changed).toBe(true);
    expect(d.patch).toContain('-      expression: "\'hello \' & inputs.name"');
    expect(d.patch).toContain('+      expression: "\'hi \' & inputs.name"');
    expect(await failure(c.workflows.diff.query({ id: 'hello', from: 1, to: 99 }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(c.workflows.diff.query({ id: 'hello', from: 0, to: 1 }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('rollback creates a new version equal to an old one', async () => {
    const c = h.client();
    const r = await c.workflows.rollback.mutate({ id: 'hello', version: 1 });
    expect(r.version).toBe(3);
    const v3 = await c.workflows.get.query({ id: 'hello', version: 3 });
    expect(v3.version.yaml).toBe(HELLO);
    expect(v3.version.message).toBe('rollback to version 1');
    expect(await failure(c.workflows.rollback.mutate({ id: 'hello', version: 42 }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('saving the latest text again stores no version; a new document never replaces an existing one', async () => {
    const c = h.client();
    const latest = (await c.workflows.get.query({ id: 'hello' })).version;
    const again = await c.workflows.save.mutate({ yaml: latest.yaml, message: 'no change' });
    expect(again).toMatchObject({ id: 'hello', version: latest.version, unchanged: true });
    expect((await c.workflows.history.query({ id: 'hello' }))[0]?.version).toBe(latest.version);
    const clash = await c.workflows.save.mutate({
      yaml: HELLO.replace("'hello '", "'other '"),
      create: true,
    });
    expect(clash).toMatchObject({ id: 'hello', version: latest.version, taken: true });
    expect((await c.workflows.get.query({ id: 'hello' })).version.version).toBe(latest.version);
    const fresh = await c.workflows.save.mutate({
      yaml: HELLO.replace('id: hello', 'id: hello-new'),
      create: true,
    });
    expect(fresh).toMatchObject({ id: 'hello-new', version: 1 });
  });

  it('export returns the YAML, without layout on request (comments kept)', async () => {
    const c = h.client();
    const withLayout = `# keep me\n${HELLO}layout:\n  greet: [10, 20]\n`;
    await c.workflows.save.mutate({ yaml: withLayout });
    const full = await c.workflows.export.query({ id: 'hello' });
    expect(full.yaml).toBe(withLayout);
    const bare = await c.workflows.export.query({ id: 'hello', noLayout: true });
    expect(bare.yaml).not.toContain('layout');
    expect(bare.yaml).toContain('# keep me');
    expect(await failure(c.workflows.export.query({ id: 'Not An Id' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('a layout-only save is a version but reports layoutOnly (re-arms nothing)', async () => {
    const c = h.client();
    const base = `${HELLO}layout:\n  greet: [10, 20]\n`;
    await c.workflows.save.mutate({ yaml: base });
    const moved = await c.workflows.save.mutate({ yaml: base.replace('[10, 20]', '[30, 40]') });
    expect(moved).toMatchObject({ layoutOnly: true, triggersChanged: false });
  });

  it('validate reports diagnostics without storing', async () => {
    const c = h.client();
    expect(await c.workflows.validate.query({ yaml: HELLO })).toMatchObject({
      valid: true,
      workflowId: 'hello',
    });
    const bad = await c.workflows.validate.query({ yaml: 'apiVersion: weft/v2\n' });
    expect(bad.valid).toBe(false);
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    expect(bad.diagnostics[0]).toHaveProperty('line');
    expect(await failure(c.workflows.validate.query({ yaml: 5 as unknown as string }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('setEnabled and delete; unknown ids are NOT_FOUND', async () => {
    const c = h.client();
    await c.workflows.save.mutate({ yaml: HELLO.replace('id: hello', 'id: doomed') });
    expect(await c.workflows.setEnabled.mutate({ id: 'doomed', enabled: false })).toEqual({
      id: 'doomed',
      enabled: false,
    });
    expect((await c.workflows.get.query({ id: 'doomed' })).workflow.enabled).toBe(false);
    expect(await failure(c.workflows.setEnabled.mutate({ id: 'ghost', enabled: true }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await c.workflows.delete.mutate({ id: 'doomed' })).toEqual({ id: 'doomed', deleted: true });
    expect(await failure(c.workflows.get.query({ id: 'doomed' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(c.workflows.delete.mutate({ id: 'doomed' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(c.workflows.history.query({ id: 'doomed' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
