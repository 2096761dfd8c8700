import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

let server: WeftServer;
let url = '';
let dataDir = '';
const ADMIN = 'wft_test_ops_admin_token_0123456789abcdef';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-cli-ops-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: { port: '0', 'data-dir': dataDir, 'log-level': 'silent', auth: 'true', 'admin-token': ADMIN },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  server = await createServer(cfg.value);
  url = (await server.start()).url;
});
afterAll(async () => {
  await server.stop();
});

const env = (token = ADMIN): Record<string, string> => ({ WEFT_SERVER: url, WEFT_TOKEN: token });

describe('weft tokens', () => {
  it('creates a token shown once, lists it without its value, and revokes it', async () => {
    const made = await weft(['tokens', 'create', 'ci-bot', '--role', 'editor', '--json'], { env: env() });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const token = JSON.parse(made.stdout) as { id: string; token: string; role: string };
    expect(token.role).toBe('editor');
    // The new token works.
    const asBot = await weft(['runs', 'list'], { env: env(token.token) });
    expect(asBot.code).toBe(0);

    const list = await weft(['tokens', 'list'], { env: env() });
    expect(list.stdout).toMatch(new RegExp(`${token.id}\\s+ci-bot\\s+editor`));
    expect(list.stdout).not.toContain(token.token);

    const revoked = await weft(['tokens', 'revoke', token.id], { env: env() });
    expect(revoked.stdout).toBe(`token ${token.id} revoked\n`);
    const after = await weft(['runs', 'list'], { env: env(token.token) });
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('unknown or revoked');
    expect((await weft(['tokens', 'list'], { env: env() })).stdout).toMatch(/ci-bot.*REVOKED/);
  });

  it('explains bad use', async () => {
    expect(await weft(['tokens', 'create', 'x'], { env: env() })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --role (admin, editor, viewer)'),
    });
    expect((await weft(['tokens', 'create', 'x', '--role', 'root'], { env: env() })).stderr).toContain(
      '--role must be one of admin, editor, viewer, not "root"',
    );
    expect((await weft(['tokens', 'revoke', 'nope'], { env: env() })).stderr).toContain(
      'token "nope" not found',
    );
    expect((await weft(['tokens', 'frob'], { env: env() })).code).toBe(2);
  });
});

describe('weft secrets rotate-key', () => {
  it('re-encrypts every secret with a new key saved to the key file', async () => {
    await weft(['secrets', 'set', 'ONE'], { env: env(), stdin: 'value-1' });
    await weft(['secrets', 'set', 'TWO'], { env: env(), stdin: 'value-2' });
    const keyFile = join(dataDir, 'secret.key');
    const before = readFileSync(keyFile, 'utf8');
    const r = await weft(['secrets', 'rotate-key'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^rotated the secret key: 2 secrets re-encrypted with key \S+ \(saved to /);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
  });
});

describe('weft audit', () => {
  it('exports the writes as JSON lines, oldest first, without secret values', async () => {
    const r = await weft(['audit', '--since', '1h', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; actor: string; userAgent?: string; time: string });
    const actions = lines.map((l) => l.action);
    expect(actions).toEqual(
      expect.arrayContaining(['tokens.create', 'tokens.revoke', 'secrets.set', 'secrets.rotateKey']),
    );
    expect(actions.indexOf('tokens.create')).toBeLessThan(actions.indexOf('tokens.revoke'));
    expect(lines.find((l) => l.action === 'secrets.set')).toMatchObject({
      actor: 'bootstrap-admin',
      userAgent: 'weft-cli',
    });
    expect(r.stdout).not.toContain('value-1');
    const only = await weft(['audit', '--action', 'secrets.', '--json'], { env: env() });
    expect(
      only.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string }).action),
    ).toEqual(['secrets.set', 'secrets.set', 'secrets.rotateKey']);
    expect(await weft(['audit', '--since', 'yesterday'], { env: env() })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--since must be a duration back from now'),
    });
  });
});

describe('weft runs start | watch | retry | list --since', () => {
  it('starts a run with typed inputs, follows it to the end, retries the failed step, lists by time', async () => {
    const dir = tempFiles({
      'double.yaml':
        'apiVersion: weft/v1\nkind: Workflow\nid: double\ninputs:\n  n: { type: number }\nsteps:\n  - id: twice\n    uses: transform\n    with: { expression: "inputs.n * 2" }\noutputs:\n  result: "${{ steps.twice.output }}"\n',
      'broken.yaml':
        'apiVersion: weft/v1\nkind: Workflow\nid: broken\nsteps:\n  - id: ok\n    uses: transform\n    with: { expression: "1" }\n  - id: boom\n    uses: fail\n    needs: [ok]\n    with: { message: "it broke" }\n',
    });
    expect((await weft(['apply', dir], { env: env() })).code).toBe(0);

    const watched = await weft(['runs', 'start', 'double', '--input', 'n=21', '--watch'], { env: env() });
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('step.succeeded twice');
    expect(watched.stdout).toMatch(/run \S+ SUCCESS\n$/);

    const bad = await weft(['runs', 'start', 'double', '--input', 'n=lots'], { env: env() });
    expect(bad.code).toBe(2);

    const started = await weft(['runs', 'start', 'broken', '--json'], { env: env() });
    const { runId } = JSON.parse(started.stdout) as { runId: string };
    const failed = await weft(['runs', 'watch', runId], { env: env() });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('it broke');
    expect(failed.stdout).toMatch(/FAILED: \S+ .*\n$/);

    const retried = await weft(['runs', 'retry', runId, '--json'], { env: env() });
    expect(retried.code).toBe(0);
    const first = JSON.parse(retried.stdout) as { runId: string };
    expect(first).toMatchObject({ retriedRunId: runId, fromStepId: 'boom' });
    const again = await weft(['runs', 'retry', runId, '--from', 'ok'], { env: env() });
    expect(again.stdout).toContain('from step ok: new run');
    const second = /new run (\S+)/.exec(again.stdout)?.[1] as string;
    for (const id of [first.runId, second])
      expect((await weft(['runs', 'watch', id], { env: env() })).code).toBe(1);

    const recent = await weft(['runs', 'list', '--since', '1h', '--workflow', 'broken', '--json'], {
      env: env(),
    });
    expect((JSON.parse(recent.stdout) as { runs: unknown[] }).runs).toHaveLength(3);
    const retries = await weft(['runs', 'list', '--trigger', 'retry', '--error', 'IT BROKE', '--json'], {
      env: env(),
    });
    expect(
      (JSON.parse(retries.stdout) as { runs: { trigger: { runId: string } }[] }).runs.map(
        (r) => r.trigger.runId,
      ),
    ).toEqual([runId, runId]);
    const okRun = /run (\S+) SUCCESS\n$/.exec(watched.stdout)?.[1] as string;
    const clean = await weft(['runs', 'retry', okRun], { env: env() });
    expect(clean.code).not.toBe(0);
    expect(clean.stderr).toContain('ended SUCCESS with no failed or cancelled step');
    const future = await weft(['runs', 'list', '--since', '2999-01-01', '--json'], { env: env() });
    expect((JSON.parse(future.stdout) as { runs: unknown[] }).runs).toHaveLength(0);
  });
});

describe('weft runs prune', () => {
  it('counts with --dry-run, then prunes ended runs and leaves a waiting one', async () => {
    const dir = tempFiles({
      'napper.yaml':
        'apiVersion: weft/v1\nkind: Workflow\nid: napper\nsteps:\n  - id: nap\n    uses: wait\n    with: { duration: 1h }\n',
    });
    expect((await weft(['apply', dir], { env: env() })).code).toBe(0);
    const napping = JSON.parse(
      (await weft(['runs', 'start', 'napper', '--json'], { env: env() })).stdout,
    ) as { runId: string };
    for (let i = 0; i < 200; i++) {
      const show = JSON.parse(
        (await weft(['runs', 'show', napping.runId, '--json'], { env: env() })).stdout,
      ) as {
        status: string;
      };
      if (show.status === 'WAITING') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const ended = (
      JSON.parse((await weft(['runs', 'list', '--limit', '500', '--json'], { env: env() })).stdout) as {
        runs: { status: string }[];
      }
    ).runs.filter((r) => ['SUCCESS', 'FAILED', 'CANCELLED'].includes(r.status)).length;
    expect(ended).toBeGreaterThan(0);
    // Everything ended is older than 1 ms by now.
    const dry = await weft(['runs', 'prune', '--older-than', '1ms', '--dry-run', '--json'], { env: env() });
    expect(JSON.parse(dry.stdout)).toMatchObject({ pruned: ended, dryRun: true });
    const done = await weft(['runs', 'prune', '--older-than', '1ms'], { env: env() });
    expect(done.stdout).toMatch(new RegExp(`^pruned ${ended} ended runs? and \\d+ events?\\n$`));
    const left = JSON.parse((await weft(['runs', 'list', '--json'], { env: env() })).stdout) as {
      runs: { id: string }[];
    };
    expect(left.runs.map((r) => r.id)).toEqual([napping.runId]);
    expect(await weft(['runs', 'prune'], { env: env() })).toMatchObject({ code: 2 });
    expect((await weft(['runs', 'prune', '--older-than', '30'], { env: env() })).stderr).toContain(
      'must be a duration such as 30d',
    );
  });
});
