/**
 * Two server processes on one PostgreSQL run 200 runs together; one is killed (-9) half way. No run is
 * lost and no step runs twice at once: every block call goes to a recorder here that notices overlap.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, until, type ServerProcess } from './testing/process';

interface Call {
  key: string;
  start: number;
  end?: number;
}

const live: ServerProcess[] = [];
let recorder: Server | undefined;
afterAll(async () => {
  for (const p of live) if (p.child.exitCode === null) await p.kill9();
  recorder?.close();
});

const pgUrl = process.env.WEFT_TEST_PG_URL;

describe('two processes on one PostgreSQL', () => {
  it('run 200 runs with one killed half way: none lost, no step running twice at once', async () => {
    if (!pgUrl) throw new Error('WEFT_TEST_PG_URL is not set (the root vitest config starts PostgreSQL)');
    const calls: Call[] = [];
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    recorder = createServer((req, res) => {
      const key = req.url ?? '';
      const call: Call = { key, start: Date.now() };
      calls.push(call);
      if ((inFlight.get(key) ?? 0) > 0) overlaps++;
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        call.end = Date.now();
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      };
      res.once('close', finish);
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      }, 40);
    });
    await new Promise<void>((r) => recorder?.listen(0, '127.0.0.1', () => r()));
    const port = (recorder.address() as AddressInfo).port;

    const schema = `mp_${randomBytes(4).toString('hex')}`;
    const db = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`;
    const key = randomBytes(32).toString('hex');
    const common = { db, lease: '2s', poll: '200ms' };
    const a = await spawnServer({
      cwd: mkdtempSync(join(tmpdir(), 'weft-mp-a-')),
      flags: { ...common, 'instance-id': 'proc-a' },
      env: { WEFT_SECRET_KEY: key },
    });
    live.push(a);
    const b = await spawnServer({
      cwd: mkdtempSync(join(tmpdir(), 'weft-mp-b-')),
      flags: { ...common, 'instance-id': 'proc-b' },
      env: { WEFT_SECRET_KEY: key },
    });
    live.push(b);

    const url = (step: string): string => `http://127.0.0.1:${port}/${step}/\${{ run.id }}`;
    await a.client.workflows.save.mutate({
      yaml: `apiVersion: weft/v1
kind: Workflow
id: pair
permissions:
  network: ["127.0.0.1:${port}"]
steps:
  - id: one
    uses: http@1
    with: { url: "${url('one')}", method: POST }
  - id: two
    uses: http@1
    needs: [one]
    with: { url: "${url('two')}", method: POST }
`,
    });

    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const target = i % 2 === 0 ? a : b;
      ids.push((await target.client.runs.start.mutate({ workflowId: 'pair' })).runId);
    }
    const countDone = async (p: ServerProcess): Promise<number> => {
      const page = await p.client.runs.list.query({
        workflowId: 'pair',
        status: ['SUCCESS', 'FAILED', 'CANCELLED'],
        limit: 500,
      });
      return page.runs.length;
    };
    await until('half the runs to end', async () => (await countDone(b)) >= 100, 60_000, 50);
    await a.kill9();

    await until('every run to end', async () => (await countDone(b)) >= 200, 90_000, 200);
    const page = await b.client.runs.list.query({ workflowId: 'pair', limit: 500 });
    expect(page.runs.length).toBe(200);
    expect(new Set(page.runs.map((r) => r.id))).toEqual(new Set(ids));
    expect(page.runs.filter((r) => r.status !== 'SUCCESS').map((r) => [r.id, r.status, r.error])).toEqual([]);
    expect(overlaps).toBe(0);
    for (const id of ids) {
      for (const step of ['one', 'two']) {
        const mine = calls.filter((c) => c.key === `/${step}/${id}`);
        expect(mine.length, `${step} of ${id}`).toBeGreaterThanOrEqual(1);
      }
    }
    expect(await b.term()).toBe(0);
  }, 180_000);
});
