/** `weft triggers` against a real server (issue 15 item 4). */
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

let server: WeftServer;
let url = '';
let receiver: Server;
let receiverUrl = '';
/** What the receiver answers; requests it got. */
let answer = 500;
let hits = 0;

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
  receiver = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-cli-sched-'));
  const cfg = loadConfig({
    cwd: dataDir,
    env: {},
    flags: {
      port: '0',
      'data-dir': dataDir,
      'log-level': 'silent',
      'notify-url': receiverUrl,
      'notify-on': 'any',
      'notify-attempts': '2',
      'notify-backoff': '10ms',
    },
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
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
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

describe('weft notifications', () => {
  it('lists a dead letter and redelivers it', async () => {
    const started = await weft(['runs', 'start', 'nightly', '--json'], { env: env() });
    expect(started.code).toBe(0);
    const runId = (JSON.parse(started.stdout) as { runId: string }).runId;
    let dead = '';
    for (let i = 0; i < 1200 && !dead.includes(runId); i++) {
      dead = (await weft(['notifications', 'dead-letters'], { env: env() })).stdout;
      if (!dead.includes(runId)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(dead).toContain(`${runId}/server  DEAD      nightly SUCCESS  ${receiverUrl}  attempts 2`);
    expect(dead).toContain('last error: HTTP 500');
    expect(hits).toBe(2);
    const json = JSON.parse(
      (await weft(['notifications', 'list', '--state', 'dead', '--json'], { env: env() })).stdout,
    ) as {
      id: string;
    }[];
    expect(json.map((d) => d.id)).toEqual([`${runId}/server`]);

    answer = 204;
    expect(await weft(['notifications', 'redeliver', `${runId}/server`], { env: env() })).toMatchObject({
      code: 0,
      stdout: `delivery ${runId}/server queued again for ${receiverUrl}\n`,
    });
    let state = '';
    for (let i = 0; i < 1200 && state !== 'delivered'; i++) {
      const l = JSON.parse((await weft(['notifications', 'list', '--json'], { env: env() })).stdout) as {
        state: string;
      }[];
      state = l[0]?.state ?? '';
      if (state !== 'delivered') await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('delivered');
    expect((await weft(['notifications', 'dead-letters'], { env: env() })).stdout).toBe('no dead letters\n');
  });

  it('explains bad use', async () => {
    expect((await weft(['notifications', 'list', '--state', 'lost'], { env: env() })).stderr).toContain(
      '--state must be one of pending, delivered, dead, not "lost"',
    );
    expect((await weft(['notifications', 'redeliver'], { env: env() })).code).toBe(2);
    expect((await weft(['notifications', 'redeliver', 'nope/0'], { env: env() })).stderr).toContain(
      'notification delivery nope/0 not found',
    );
  });
});
