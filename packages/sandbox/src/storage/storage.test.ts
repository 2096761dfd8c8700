/**
 * storage@1 through the production sandbox: objects round-trip, every workflow sees only its own
 * store, the quota holds, and keys never become host paths.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKS_DIR, SandboxRunner, loadBlocks } from '../index';
import { makeCall } from '../testing/call';

const tmp = mkdtempSync(join(tmpdir(), 'weft-storage-'));
const dir = join(tmp, 'data', 'storage');
let runner: SandboxRunner;

beforeAll(() => {
  runner = new SandboxRunner({
    registry: loadBlocks(DEFAULT_BLOCKS_DIR),
    workers: 1,
    storage: { dir, quotaBytes: 100 },
  });
});
afterAll(async () => {
  await runner.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function store(workflowId: string | undefined, input: Record<string, unknown>) {
  const { call } = makeCall('storage@1', input);
  if (workflowId !== undefined) call.workflowId = workflowId;
  return runner.run(call);
}

async function ok(workflowId: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await store(workflowId, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.output as Record<string, unknown>;
}

describe('storage@1', () => {
  it('puts, gets, lists and deletes JSON, text and binary objects', async () => {
    expect(
      await ok('wf-a', { op: 'put', key: 'cfg/settings.json', value: { n: 1, tags: ['x'] } }),
    ).toMatchObject({
      key: 'cfg/settings.json',
      size: 20,
      contentType: 'application/json',
      usedBytes: 20,
      quotaBytes: 100,
    });
    await ok('wf-a', { op: 'put', key: 'notes.txt', text: 'héllo' });
    await ok('wf-a', { op: 'put', key: 'cfg/blob.bin', base64: '/wD+AQ==' });
    expect(await ok('wf-a', { op: 'get', key: 'cfg/settings.json' })).toMatchObject({
      found: true,
      value: { n: 1, tags: ['x'] },
      size: 20,
    });
    expect(await ok('wf-a', { op: 'get', key: 'notes.txt' })).toMatchObject({
      found: true,
      text: 'héllo',
      contentType: 'text/plain; charset=utf-8',
      size: 6,
    });
    expect(await ok('wf-a', { op: 'get', key: 'cfg/blob.bin' })).toMatchObject({
      found: true,
      base64: '/wD+AQ==',
      contentType: 'application/octet-stream',
      size: 4,
    });
    const listed = await ok('wf-a', { op: 'list', prefix: 'cfg/' });
    expect((listed.objects as { key: string }[]).map((o) => o.key)).toEqual([
      'cfg/blob.bin',
      'cfg/settings.json',
    ]);
    expect(listed).toMatchObject({ truncated: false, usedBytes: 30, quotaBytes: 100 });
    expect(await ok('wf-a', { op: 'list', limit: 1 })).toMatchObject({ truncated: true });
    expect(await ok('wf-a', { op: 'delete', key: 'cfg/blob.bin' })).toEqual({ deleted: true });
    expect(await ok('wf-a', { op: 'delete', key: 'cfg/blob.bin' })).toEqual({ deleted: false });
    expect(await ok('wf-a', { op: 'get', key: 'cfg/blob.bin' })).toEqual({ found: false });
  });

  it('keeps each workflow in its own store', async () => {
    await ok('wf-iso-1', { op: 'put', key: 'secret', text: 'one' });
    expect(await ok('wf-iso-2', { op: 'get', key: 'secret' })).toEqual({ found: false });
    expect(await ok('wf-iso-2', { op: 'list' })).toMatchObject({ objects: [], usedBytes: 0 });
    expect(await ok('wf-iso-2', { op: 'delete', key: 'secret' })).toEqual({ deleted: false });
    await ok('wf-iso-2', { op: 'put', key: 'secret', text: 'two' });
    expect(await ok('wf-iso-1', { op: 'get', key: 'secret' })).toMatchObject({ text: 'one' });
    expect(await ok('wf-iso-2', { op: 'get', key: 'secret' })).toMatchObject({ text: 'two' });
  });

  it('enforces the quota per workflow, counting a replaced object once', async () => {
    await ok('wf-q', { op: 'put', key: 'a', text: 'x'.repeat(60) });
    const over = await store('wf-q', { op: 'put', key: 'b', text: 'y'.repeat(41) });
    expect(over).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED', retryable: false } });
    if (!over.ok) expect(over.error.message).toContain('over its quota of 100');
    expect(await ok('wf-q', { op: 'get', key: 'b' })).toEqual({ found: false });
    await ok('wf-q', { op: 'put', key: 'b', text: 'y'.repeat(40) });
    // Replacing `a` frees its 60 bytes first: 90 + 40 fits? No — 130 > 100.
    expect(await store('wf-q', { op: 'put', key: 'a', text: 'z'.repeat(90) })).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED' },
    });
    expect(await ok('wf-q', { op: 'put', key: 'a', text: 'z'.repeat(60) })).toMatchObject({ usedBytes: 100 });
    // Another workflow has its own quota.
    expect(await ok('wf-q2', { op: 'put', key: 'a', text: 'w'.repeat(100) })).toMatchObject({
      usedBytes: 100,
    });
  });

  it('refuses keys that look like host paths and writes nothing outside its folder', async () => {
    for (const key of ['../escape', '/etc/passwd', 'a/../../b', 'a//b', './x', 'c:\\windows']) {
      const r = await store('wf-p', { op: 'put', key, text: 'x' });
      expect(r, key).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(readdirSync(tmp)).toEqual(['data']);
    expect(readdirSync(join(tmp, 'data'))).toEqual(['storage']);
    expect(readdirSync(dir).filter((f) => !/^objects\.db(-wal|-shm)?$/.test(f))).toEqual([]);
  });

  it('needs a workflow and the storage capability', async () => {
    expect(await store(undefined, { op: 'list' })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    const off = new SandboxRunner({ registry: loadBlocks(DEFAULT_BLOCKS_DIR), workers: 1 });
    try {
      const { call } = makeCall('storage@1', { op: 'list' });
      call.workflowId = 'wf-a';
      const r = await off.run(call);
      expect(r).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      if (!r.ok) expect(r.error.message).toContain('not enabled');
    } finally {
      await off.close();
    }
  });

  it('keeps objects across runner restarts', async () => {
    const again = new SandboxRunner({
      registry: loadBlocks(DEFAULT_BLOCKS_DIR),
      workers: 1,
      storage: { dir },
    });
    try {
      const { call } = makeCall('storage@1', { op: 'get', key: 'notes.txt' });
      call.workflowId = 'wf-a';
      expect(await again.run(call)).toMatchObject({ ok: true, output: { text: 'héllo' } });
    } finally {
      await again.close();
    }
  });
});
