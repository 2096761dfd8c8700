import { readFileSync } from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

let server: WeftServer;
let url = '';
const ADMIN = 'wft_test_admin_token_0123456789abcdef';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-cli-gitops-'));
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

const env = (): Record<string, string> => ({ WEFT_SERVER: url, WEFT_TOKEN: ADMIN });
const wf = (id: string, body = '"1"', comment = ''): string =>
  `apiVersion: weft/v1\nkind: Workflow\nid: ${id}${comment}\nsteps:\n  - id: a\n    uses: transform\n    with: { expression: ${body} }\nlayout:\n  a: [10, 20]\n`;

describe('weft apply', () => {
  it('prints a plan, applies it, and is idempotent', async () => {
    const dir = tempFiles({
      'one.yaml': wf('gitops-one', '"1"', ' # kept'),
      'two.yml': wf('gitops-two'),
      'weft.yaml': 'port: 8080\n',
    });
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'three.yaml'), wf('gitops-three'));

    const dry = await weft(['apply', dir, '--dry-run'], { env: env() });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\+ create\s+gitops-one/);
    expect(dry.stdout).toContain(
      'plan: 3 to create, 0 to update, 0 unchanged, 0 to delete (dry run: nothing changed)',
    );
    const listed = await weft(['apply', dir, '--dry-run', '--json'], { env: env() });
    expect((JSON.parse(listed.stdout) as { plan: { action: string }[] }).plan.map((p) => p.action)).toEqual([
      'create',
      'create',
      'create',
    ]);

    const first = await weft(['apply', dir], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('applied: 3 create, 0 update, 0 unchanged, 0 delete');

    const again = await weft(['apply', dir, '--json'], { env: env() });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { plan: { action: string }[] }).plan.map((p) => p.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);

    writeFileSync(join(dir, 'two.yml'), wf('gitops-two', '"2"'));
    const update = await weft(['apply', join(dir, 'one.yaml'), join(dir, 'two.yml'), '--prune'], {
      env: env(),
    });
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/~ update\s+gitops-two \(version 2\)/);
    expect(update.stdout).toMatch(/- delete\s+gitops-three/);
  });

  it('issue 9 item 8: a workflow file that starts with a UTF-8 BOM is applied, and --prune keeps it', async () => {
    const dir = tempFiles({ 'bom.yaml': `\uFEFF${wf('gitops-bom')}` });
    const first = await weft(['apply', dir], { env: env() });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\+ create\s+gitops-bom/);
    const again = await weft(['apply', dir, '--prune', '--dry-run'], { env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/= unchanged\s+gitops-bom/);
    expect(again.stdout).not.toMatch(/- delete\s+gitops-bom/);
    const validate = await weft(['validate', join(dir, 'bom.yaml')]);
    expect(validate.code).toBe(0);
  });

  it('applies nothing when a file is invalid (exit 3)', async () => {
    const dir = tempFiles({
      'good.yaml': wf('gitops-good'),
      'bad.yaml': wf('gitops-bad').replace('uses: transform', 'uses: nosuch@1'),
    });
    const r = await weft(['apply', dir], { env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad\.yaml:6:11: error E_UNKNOWN_BLOCK/);
    expect(r.stderr).toContain('nothing was applied');
    const exported = await weft(['export', 'gitops-good'], { env: env() });
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('gitops-good');
  });

  it('needs a server, a valid token, and a reachable address', async () => {
    const dir = tempFiles({ 'one.yaml': wf('gitops-x') });
    const none = await weft(['apply', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pass --server URL or set WEFT_SERVER');
    const badToken = await weft(['apply', dir, '--server', url, '--token', 'wrong']);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('refused the token');
    const down = await weft(['apply', dir, '--server', 'http://127.0.0.1:1', '--token', ADMIN]);
    expect(down.code).toBe(4);
    expect(down.stderr).toContain('cannot reach the server at http://127.0.0.1:1');
  });
});

describe('weft export', () => {
  it('prints the stored YAML with its comments, and without layout on request', async () => {
    const dir = tempFiles({ 'e.yaml': wf('gitops-export', '"1"', ' # a comment') });
    expect((await weft(['apply', dir], { env: env() })).code).toBe(0);
    const full = await weft(['export', 'gitops-export'], { env: env() });
    expect(full.code).toBe(0);
    expect(full.stdout).toBe(wf('gitops-export', '"1"', ' # a comment'));
    const bare = await weft(['export', 'gitops-export', '--no-layout'], { env: env() });
    expect(bare.stdout).toContain('# a comment');
    expect(bare.stdout).not.toContain('layout');
  });
});

describe('weft runs and weft secrets', () => {
  it('shows, lists and approves runs started on the server', async () => {
    const yaml = `apiVersion: weft/v1\nkind: Workflow\nid: gitops-approve\nsteps:\n  - id: ask\n    uses: approval\n    with: { message: "ship it?" }\n  - id: done\n    uses: transform\n    needs: [ask.approved]\n    with: { expression: "'shipped'" }\noutputs:\n  result: "\${{ steps.done.output }}"\n`;
    const dir = tempFiles({ 'a.yaml': yaml });
    expect((await weft(['apply', dir], { env: env() })).code).toBe(0);
    const start = await fetch(`${url}/api/trpc/runs.start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ workflowId: 'gitops-approve' }),
    });
    const runId = ((await start.json()) as { result: { data: { runId: string } } }).result.data.runId;
    const waiting = async (
      status: string,
    ): Promise<{ status: string; steps: { stepId: string; status: string }[] }> => {
      for (let i = 0; i < 200; i++) {
        const show = await weft(['runs', 'show', runId, '--json'], { env: env() });
        const run = JSON.parse(show.stdout) as {
          status: string;
          steps: { stepId: string; status: string }[];
        };
        if (run.status === status) return run;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`run never reached ${status}`);
    };
    expect((await waiting('WAITING')).steps.find((s) => s.stepId === 'ask')?.status).toBe('WAITING');
    const list = await weft(['runs', 'list', '--workflow', 'gitops-approve'], { env: env() });
    expect(list.stdout).toContain(runId);
    const approve = await weft(['runs', 'approve', runId, 'ask', '--comment', 'go'], { env: env() });
    expect(approve.code).toBe(0);
    const done = await waiting('SUCCESS');
    expect(done.steps.find((s) => s.stepId === 'done')?.status).toBe('SUCCESS');
    const human = await weft(['runs', 'show', runId], { env: env() });
    expect(human.stdout).toMatch(/done\s+SUCCESS/);
    const badStatus = await weft(['runs', 'list', '--status', 'nope'], { env: env() });
    expect(badStatus.code).toBe(2);
    const missing = await weft(['runs', 'show', '00000000-0000-0000-0000-000000000000'], { env: env() });
    expect(missing.code).toBe(2);
  });

  it('sets secrets from stdin, lists names only, and removes them', async () => {
    const set = await weft(['secrets', 'set', 'CLI_TOKEN'], { env: env(), stdin: 'hunter2\n' });
    expect(set.code).toBe(0);
    const list = await weft(['secrets', 'list', '--json'], { env: env() });
    expect(list.stdout).toContain('CLI_TOKEN');
    expect(list.stdout).not.toContain('hunter2');
    const empty = await weft(['secrets', 'set', 'OTHER'], { env: env(), stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no value on standard input');
    expect((await weft(['secrets', 'rm', 'CLI_TOKEN'], { env: env() })).code).toBe(0);
    expect((await weft(['secrets', 'list'], { env: env() })).stdout).not.toContain('CLI_TOKEN');
  });
});

describe('weft templates', () => {
  it('lists the gallery and writes a template that validates', async () => {
    const list = await weft(['templates', 'list', '--json']);
    const ids = (JSON.parse(list.stdout) as { id: string }[]).map((t) => t.id);
    expect(ids.length).toBeGreaterThan(0);
    const dir = tempFiles({});
    const out = join(dir, 'mine.yaml');
    expect((await weft(['templates', 'use', ids[0] as string, '-o', out])).code).toBe(0);
    expect((await weft(['validate', out])).code).toBe(0);
    expect((await weft(['templates', 'use', ids[0] as string, '-o', out])).code).toBe(2);
    expect((await weft(['templates', 'use', 'no-such-template'])).stderr).toContain(
      'no template "no-such-template"',
    );
  });

  it('filters the list by category and gives a used template a new id and a checklist', async () => {
    const list = await weft(['templates', 'list', '--category', 'reliability']);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['compensation', 'fallback-on-error', 'retry-backoff']);
    expect((await weft(['templates', 'list', '--category', 'nope'])).stderr).toContain('no category "nope"');
    const dir = tempFiles({});
    const out = join(dir, 'sum.yaml');
    const used = await weft(['templates', 'use', 'ai-summarise', '--id', 'my-summary', '-o', out]);
    expect(used.code).toBe(0);
    expect(used.stderr).toContain('secret OPENAI_API_KEY');
    expect(used.stderr).toContain('api.openai.com');
    expect(readFileSync(out, 'utf8')).toMatch(/^id: my-summary$/m);
    expect((await weft(['validate', out])).code).toBe(0);
  });
});
