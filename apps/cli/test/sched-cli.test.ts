/** `weft triggers` against a real server (issue 15 item 4). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from './helpers';

let server: WeftServer;
let url = '';

const NIGHTLY = `apiVersion: weft/v1
kind: Workflow
id: nightly
triggers:
  - cron: "30 2 * * *"
    timezone: America/New_York
steps:
  - id: a
    uses: transform
    with: { expression: "1" }
`;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-cli-sched-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: { port: '0', 'data-dir': dataDir, 'log-level': 'silent' },
  });
  if (!cfg.ok) throw new Error(cfg.error.message);
  server = await createServer(cfg.value);
  url = (await server.start()).url;
  const applied = await weft(['apply', tempFiles({ 'nightly.yaml': NIGHTLY })], {
    env: { WEFT_SERVER: url },
  });
  expect(applied.code).toBe(0);
});
afterAll(async () => {
  await server.stop();
});

const env = (): Record<string, string> => ({ WEFT_SERVER: url });

describe('weft triggers', () => {
  it('lists a cron trigger in words with its zone and next fires, as text and JSON', async () => {
    const text = await weft(['triggers', 'list'], { env: env() });
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('nightly cron:0  active  30 2 * * * — At 02:30 (America/New_York)');
    expect(text.stdout).toMatch(/ {2}next: \d{4}-\d\d-\d\dT\d\d:30:00\.000Z, /);
    const json = await weft(['triggers', 'list', '--workflow', 'nightly', '--json'], { env: env() });
    const list = JSON.parse(json.stdout) as { triggerKey: string; nextFires: number[]; paused: boolean }[];
    expect(list).toHaveLength(1);
    expect(list[0]?.nextFires).toHaveLength(5);
    expect(list[0]?.paused).toBe(false);
  });

  it('pauses and resumes a trigger', async () => {
    expect(await weft(['triggers', 'pause', 'nightly', 'cron:0'], { env: env() })).toMatchObject({
      code: 0,
      stdout: 'nightly cron:0 paused\n',
    });
    expect((await weft(['triggers', 'list'], { env: env() })).stdout).toContain('nightly cron:0  PAUSED');
    expect(await server.store.repos.pauses.get('nightly', 'cron:0')).toBeDefined();
    const resumed = await weft(['triggers', 'resume', 'nightly', 'cron:0'], { env: env() });
    expect(resumed.stdout).toMatch(/^nightly cron:0 resumed; next fire \d{4}-/);
    expect(await server.store.repos.pauses.get('nightly', 'cron:0')).toBeUndefined();
  });

  it('explains bad use', async () => {
    expect(await weft(['triggers', 'pause', 'nightly'], { env: env() })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give a workflow id and a trigger key'),
    });
    expect((await weft(['triggers', 'pause', 'nightly', 'cron:3'], { env: env() })).stderr).toContain(
      'workflow nightly has no trigger cron:3; its triggers are cron:0',
    );
    expect((await weft(['triggers', 'frob'], { env: env() })).code).toBe(2);
  });
});
