import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay, type RunEvent, type RunId } from '@weft/engine';
import { createServer, loadConfig, type WeftServer } from '@weft/server';
import { openStore } from '@weft/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFiles, weft } from '../testing/helpers';

const FLOW = `apiVersion: weft/v1
kind: Workflow
id: flow
inputs:
  n: { type: integer, default: 1 }
steps:
  - id: double
    uses: transform
    with: { expression: "inputs.n * 2" }
  - id: add
    uses: transform
    needs: [double]
    with:
      input: "\${{ steps.double.output }}"
      expression: "input + 1"
outputs:
  sum: "\${{ steps.add.output }}"
`;

interface Replayed {
  runId: string;
  events: (RunEvent & {
    state: { status: string; steps: Record<string, { status: string; attempts: number }> };
  })[];
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('weft runs replay --db (a run recorded locally by weft run --db)', () => {
  const dir = tempFiles({ 'flow.yaml': FLOW });
  const db = `sqlite:${join(dir, 'runs.db')}`;
  let runId = '';
  let events: RunEvent[] = [];

  beforeAll(async () => {
    const r = await weft(['run', join(dir, 'flow.yaml'), '--db', db, '--input', 'n=4', '--json']);
    expect(r.code).toBe(0);
    runId = (JSON.parse(r.stdout) as { runId: string }).runId;
    const store = await openStore(db);
    events = await store.listEvents(runId as RunId, 0, 10_000);
    await store.close();
  });

  it('prints every event with the state after it', async () => {
    const r = await weft(['runs', 'replay', runId, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`run ${runId}  flow@0  ${events.length} events`);
    expect(lines).toHaveLength(1 + 2 * events.length);
    expect(r.stdout).toMatch(/#\s*1 {2}\S+ {2}run\.created\n\s+run QUEUED\n/);
    expect(r.stdout).toMatch(
      /step\.started double attempt 1\n\s+run RUNNING · double RUNNING, add PENDING\n/,
    );
    expect(lines[lines.length - 1]?.trim()).toBe('run SUCCESS · double SUCCESS, add SUCCESS');
  });

  it('--json gives each event with the state rebuilt at it, equal to the engine replay', async () => {
    const r = await weft(['runs', 'replay', runId, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Replayed;
    expect(doc.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    for (const e of doc.events) {
      const want = replay(events, e.seq);
      expect(e.state.status).toBe(want.status);
      for (const [id, s] of Object.entries(want.steps))
        expect(e.state.steps[id]).toEqual({ status: s.status, attempts: s.attempts });
    }
  });

  it('--at SEQ prints the state at that event, as text or --json', async () => {
    const k = events.find((e) => e.type === 'step.succeeded' && e.stepId === 'double')?.seq as number;
    const j = await weft(['runs', 'replay', runId, '--db', db, '--at', String(k), '--json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout) as { seq: number; event: RunEvent; state: unknown };
    expect(doc.seq).toBe(k);
    expect(doc.event.type).toBe('step.succeeded');
    expect(doc.state).toEqual(plain(replay(events, k)));
    const t = await weft(['runs', 'replay', runId, '--db', db, '--at', String(k)]);
    expect(t.stdout).toContain(`at event ${k} of ${events.length}: step.succeeded double`);
    expect(t.stdout).toMatch(/\n {2}double {2}SUCCESS +attempts 1 .*output 8\n/);
    expect(t.stdout).toMatch(/\n {2}add +PENDING +attempts 0\n/);
    expect(t.stdout).toContain('status RUNNING');
  });

  it('names a bad SEQ, an unknown run and a bad database URL', async () => {
    const last = events.length;
    for (const [at, message] of [
      ['abc', '--at must be an event number (a whole number), not "abc"'],
      ['-1', '--at must be an event number'],
      ['0', `--at 0: run ${runId} has events 1 to ${last}`],
      [String(last + 1), `--at ${last + 1}: run ${runId} has events 1 to ${last}`],
    ] as const) {
      const r = await weft(['runs', 'replay', runId, '--db', db, `--at=${at}`]);
      expect(r.code, at).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const ghost = await weft(['runs', 'replay', 'no-such-run', '--db', db]);
    expect(ghost).toMatchObject({ code: 2, stderr: expect.stringContaining('run "no-such-run" not found') });
    expect((await weft(['runs', 'replay', runId, '--db', 'mysql://x'])).code).toBe(2);
    expect((await weft(['runs', 'replay', '--db', db])).stderr).toContain('give one run id');
  });
});

describe('weft runs replay --server', () => {
  let server: WeftServer;
  let url = '';

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-cli-replay-'));
    const cfg = loadConfig({
      cwd: dataDir,
      env: {},
      flags: { port: '0', 'data-dir': dataDir, 'log-level': 'silent' },
    });
    if (!cfg.ok) throw new Error(cfg.error.message);
    server = await createServer(cfg.value);
    url = (await server.start()).url;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('replays a server run from runs.events, the same as from its database', async () => {
    const env = { WEFT_SERVER: url };
    const dir = tempFiles({ 'flow.yaml': FLOW });
    expect((await weft(['apply', dir], { env })).code).toBe(0);
    const started = await weft(['runs', 'start', 'flow', '--input', 'n=2', '--json'], { env });
    expect(started.code).toBe(0);
    const runId = (JSON.parse(started.stdout) as { runId: string }).runId;
    expect((await weft(['runs', 'watch', runId], { env })).code).toBe(0);
    const r = await weft(['runs', 'replay', runId, '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Replayed;
    const last = doc.events[doc.events.length - 1];
    expect(last?.type).toBe('run.succeeded');
    expect(last?.state).toEqual({
      status: 'SUCCESS',
      steps: { double: { status: 'SUCCESS', attempts: 1 }, add: { status: 'SUCCESS', attempts: 1 } },
    });
    const at = await weft(['runs', 'replay', runId, '--at', '1'], { env });
    expect(at.stdout).toContain('at event 1 of');
    expect(at.stdout).toContain('status QUEUED');
    const ghost = await weft(['runs', 'replay', '01a23700-0000-7000-8000-000000000000'], { env });
    expect(ghost.code).toBe(2);
    expect(ghost.stderr).toContain('not found');
    const down = await weft(['runs', 'replay', runId], { env: { WEFT_SERVER: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(4);
  });
});
