/**
 * weft block install|list|remove|verify|keys against a running server (admin token): a block
 * installed while the server runs is in its catalog and runs at once (no restart); weft apply
 * refuses a lock mismatch; a server that requires signatures refuses unsigned blocks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@weft/api';
import { buildBlock, initBlock } from '@weft/block-sdk';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

const ADMIN = 'wft_test_admin_token_blocks_0123456789';
let root = '';
let blockDir = '';
const started: WeftServer[] = [];

async function startServer(
  extra: Record<string, string> = {},
): Promise<{ url: string; env: Record<string, string> }> {
  const dataDir = mkdtempSync(join(root, 'srv-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: {
      port: '0',
      'data-dir': dataDir,
      'log-level': 'silent',
      auth: 'true',
      'admin-token': ADMIN,
      ...extra,
    },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  const server = await createServer(cfg.value);
  started.push(server);
  const { url } = await server.start();
  return { url, env: { WEFT_SERVER: url, WEFT_TOKEN: ADMIN } };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'weft-block-srv-'));
  blockDir = join(root, 'hello-srv');
  await initBlock('hello-srv', blockDir);
  await buildBlock(blockDir);
}, 120_000);

afterAll(async () => {
  for (const s of started) await s.stop();
});

const workflow =
  'apiVersion: weft/v1\nkind: Workflow\nid: greet-srv\nsteps:\n  - id: g\n    uses: hello-srv@1\n    with: { name: Ada }\noutputs:\n  text: ${{ steps.g.output.greeting }}\n';

describe('weft block against a server', () => {
  it('installs a block that a run uses at once, without a restart; lock mismatches are refused', async () => {
    const { url, env } = await startServer();
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${ADMIN}` } })],
    });
    expect((await client.catalog.list.query()).map((b) => b.name)).not.toContain('hello-srv');
    const dir = tempFiles({ 'greet.yaml': workflow });
    const early = await weft(['apply', dir], { env });
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('hello-srv@1');

    const viewerless = await weft(['block', 'install', blockDir, '--yes'], { env: { WEFT_SERVER: url } });
    expect(viewerless.code).toBe(2);

    const r = await weft(['block', 'install', blockDir, '--yes'], { env });
    expect(r.stderr).toContain('network:  no');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`installed hello-srv@1.0.0 into server ${url}`);
    expect((await client.catalog.list.query()).map((b) => b.name)).toContain('hello-srv');
    const listed = await weft(['block', 'list'], { env });
    expect(listed.stdout).toMatch(/hello-srv@1\.0\.0\s+installed\s+[0-9a-f]{16}\s+unsigned/);

    expect((await weft(['block', 'lock', dir], { env })).code).toBe(0);
    const applied = await weft(['apply', dir], { env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const { runId } = await client.runs.start.mutate({ workflowId: 'greet-srv' });
    let run = await client.runs.get.query({ runId });
    for (let i = 0; i < 600 && !['SUCCESS', 'FAILED', 'CANCELLED'].includes(run.run.status); i++) {
      await new Promise((res) => setTimeout(res, 50));
      run = await client.runs.get.query({ runId });
    }
    expect(run.run.status).toBe('SUCCESS');
    expect(run.run.outputs).toEqual({ text: 'Hello, Ada!' });

    const lockFile = join(dir, 'weft.lock');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { blocks: Record<string, { sha256: string }> };
    lock.blocks['hello-srv@1.0.0'] = { sha256: 'f'.repeat(64) };
    writeFileSync(lockFile, JSON.stringify(lock));
    const refused = await weft(['apply', dir], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `weft apply: weft.lock: block hello-srv@1.0.0 on server ${url} has sha256`,
    );
    expect(refused.stderr).toContain('nothing was applied');

    expect((await weft(['block', 'verify'], { env })).stdout).toContain('ok    hello-srv@1.0.0');
    expect((await weft(['block', 'remove', 'hello-srv@1.0.0'], { env })).code).toBe(0);
    expect((await client.catalog.list.query()).map((b) => b.name)).not.toContain('hello-srv');
  });

  it('a server that requires signatures refuses unsigned and untrusted blocks, and takes trusted ones', async () => {
    const { env } = await startServer({ 'require-block-signatures': 'true' });
    const keys = mkdtempSync(join(root, 'keys-'));
    await weft(['block', 'keys', 'generate', 'team', '--out', keys]);
    await weft([
      'block',
      'pack',
      blockDir,
      '--sign',
      join(keys, 'team.key'),
      '--out',
      join(root, 'signed.tgz'),
    ]);
    const unsigned = await weft(['block', 'install', blockDir, '--yes'], { env });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain(
      'block hello-srv@1.0.0 refused: it is unsigned and this server requires signatures',
    );
    const untrusted = await weft(['block', 'install', join(root, 'signed.tgz'), '--yes'], { env });
    expect(untrusted.stderr).toContain('which is not in the trust store');
    expect((await weft(['block', 'keys', 'add', 'team', join(keys, 'team.pub')], { env })).code).toBe(0);
    const ok = await weft(['block', 'install', join(root, 'signed.tgz'), '--yes'], { env });
    expect(ok.stdout).toContain('signed by team');
    expect((await weft(['block', 'keys', 'remove', 'team'], { env })).code).toBe(0);
    const v = await weft(['block', 'verify'], { env });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('not in the trust store');
  });
});
