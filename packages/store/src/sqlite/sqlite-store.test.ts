import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { reposContract } from '../conformance/repos-contract';
import { expectEventsRoundTrip, storeContract } from '../conformance/store-contract';
import type { RunId, StepRecord } from '@weft/engine';
import { createClaimed, ev, newRun, step } from '../conformance/fixtures';
import { openStore } from '../open-store';
import type { WeftStore } from '../repos';
import { SqliteStore } from './sqlite-store';
import { cachedWorkflowRows } from './workflow-rows';

const dir = mkdtempSync(join(tmpdir(), 'weft-sqlite-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileUrl = (): string => `sqlite:${join(dir, `nested/dir-${++n}/weft.db`)}`;

storeContract('SQLite (file, WAL)', async () => {
  const store = await openStore(fileUrl());
  return { store, close: () => store.close() };
});
storeContract('SQLite (:memory:)', async () => {
  const store = await openStore('sqlite::memory:');
  return { store, close: () => store.close() };
});
reposContract('SQLite', () => openStore(fileUrl()));

describe('SqliteStore specifics', () => {
  it('rolls back a commit that fails half way: no run change, step or event survives', async () => {
    const s = await openStore('sqlite::memory:');
    const id = await createClaimed(s, 'A');
    const loop: Record<string, unknown> = {};
    loop.self = loop; // cannot be stored as JSON
    await expect(
      s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'RUNNING' },
        steps: [step(id, 'ok'), step(id, 'bad', { output: loop })],
        events: [ev('run.started')],
      }),
    ).rejects.toThrow(/circular/i);
    expect(await s.getRun(id)).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
    expect(await s.getSteps(id)).toEqual([]);
    expect(await s.listEvents(id, 0, 10)).toHaveLength(1);
    await s.close();
  });

  it('rolls back only the failing commit of a group committed together', async () => {
    const s = await openStore('sqlite::memory:');
    const a = await createClaimed(s, 'A');
    const b = await createClaimed(s, 'A');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const [ok, bad] = await Promise.allSettled([
      s.commit({
        runId: a,
        owner: 'A',
        run: { status: 'RUNNING' },
        steps: [step(a, 'x', { output: 1 })],
        events: [ev('run.started')],
      }),
      s.commit({
        runId: b,
        owner: 'A',
        run: { status: 'RUNNING' },
        steps: [step(b, 'x'), step(b, 'y', { output: loop })],
        events: [ev('run.started')],
      }),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: 2 });
    expect(bad?.status).toBe('rejected');
    expect(await s.getRun(a)).toMatchObject({ status: 'RUNNING', lastSeq: 2 });
    expect(await s.getRun(b)).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
    expect(await s.getSteps(b)).toEqual([]);
    await s.close();
  });

  it('keeps data across reopen and migrates idempotently', async () => {
    const url = fileUrl();
    const a = await openStore(url);
    await a.repos.secrets.put('K', 'c', 1);
    await a.close();
    const b = await openStore(url);
    expect(await b.migrated()).toBe(true);
    expect(await b.repos.secrets.get('K')).toMatchObject({ ciphertext: 'c' });
    await b.close();
    expect(await b.migrated()).toBe(false);
  });

  it('does not let a store call slip into a repository transaction', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    // Eight concurrent saves interleave with run creation; every save and run must survive.
    const saves = Array.from({ length: 8 }, (_, i) =>
      s.repos.workflows.saveVersion({ workflowId: 'w', yaml: `${i}`, hash: `${i}`, name: 'w', createdAt: i }),
    );
    const runs = Array.from({ length: 8 }, (_, i) =>
      s.createRun({
        id: `r${i}` as never,
        workflowId: 'w',
        workflowVersion: 1,
        inputs: {},
        trigger: null,
        createdAt: i,
      }),
    );
    await Promise.all([...saves, ...runs]);
    expect((await s.repos.workflows.history('w')).length).toBe(8);
    expect((await s.repos.runs.list()).runs.length).toBe(8);
    await s.close();
  });

  it("packs a commit's events into few rows and gives them back one by one, from any seq, by any limit", async () => {
    const url = fileUrl();
    const s = await openStore(url);
    const id = await expectEventsRoundTrip(s, { fractionalAt: true });
    await s.close();
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    const rows = db
      .prepare('SELECT seq, type, length(data) AS size FROM run_events WHERE run_id = ? ORDER BY seq')
      .all(id) as { seq: number; type: string; size: number }[];
    db.close();
    // Packed rows stay small enough for SQLite to keep them in their b-tree page (no overflow page);
    // the big event and the lone one have plain rows.
    const packed = rows.filter((r) => r.type === 'packed');
    expect(rows.length).toBeLessThan(151 / 3);
    expect(packed.length).toBe(rows.length - 4); // run.created, the lone event, the big one, the 100th
    for (const r of packed) expect(r.size).toBeLessThanOrEqual(902);
    expect(rows.at(-1)?.seq).toBe(151);
  });

  it('reads packed event rows written with absolute times (before times counted from the row)', async () => {
    const url = fileUrl();
    await (await openStore(url)).close();
    const db = new Database(url.slice('sqlite:'.length));
    const old = [
      [5_000, 'step.started', 'a', { attempt: 1 }],
      [5_003, 'step.succeeded', 'a', { output: 1 }],
    ];
    db.prepare('INSERT INTO run_events (run_id, seq, at, type, step_id, data) VALUES (?, ?, ?, ?, ?, ?)').run(
      'old-run',
      3,
      5_000,
      'packed',
      null,
      JSON.stringify(old),
    );
    db.close();
    const s = await openStore(url);
    expect((await s.listEvents('old-run' as RunId, 0, 10)).map((e) => [e.seq, e.at, e.type])).toEqual([
      [2, 5_000, 'step.started'],
      [3, 5_003, 'step.succeeded'],
    ]);
    await s.close();
  });

  it("packs the steps that ended in their run's creating commit into few rows; a step's own later row wins", async () => {
    const url = fileUrl();
    const s = await openStore(url);
    const run = newRun({ lease: { owner: 'A', until: 60_000 } });
    const id = run.id;
    // 40 ended steps (in short form, one too large to share a row, and in full form one with a port,
    // one failed, one skipped), and two that go on: those keep rows of their own, updated as before.
    const ended = Array.from({ length: 40 }, (_, i) =>
      step(id, `s${String(i).padStart(2, '0')}`, {
        status: i === 7 ? 'FAILED' : i === 8 ? 'SKIPPED' : 'SUCCESS',
        ...(i !== 8 && { input: { expression: `steps.s${i}.output + 1` } }),
        ...(i !== 7 &&
          i !== 8 && { output: i === 5 ? null : i === 9 ? 'x'.repeat(5_000) : { n: i, text: 'é"\\' } }),
        ...(i === 5 && { port: 'then' }),
        ...(i === 7 && { error: { code: 'BLOCK_ERROR', message: 'no' } }),
        finishedAt: 2_001,
      }),
    );
    const going = [
      step(id, 'w_wait', { status: 'WAITING', waitReason: 'wait', wakeAt: 9_000 }),
      step(id, 'z'),
    ];
    await s.commit({
      runId: id,
      owner: 'A',
      create: run,
      run: { status: 'RUNNING' },
      steps: [...going, ...ended],
      events: [ev('run.started')],
    });
    const sorted = [...ended, ...going].sort((a, b) => (a.stepId < b.stepId ? -1 : 1));
    expect(await s.getSteps(id)).toEqual(sorted);
    expect((await s.repos.runs.get(id))?.steps).toEqual(sorted);

    // A later commit that writes a packed step again (a step's record changing after it ended) and
    // the ones that went on: their rows are upserted; the packed record is shadowed, not read.
    const again = { ...ended[3], attempts: 2 } as StepRecord;
    const done = step(id, 'z', { status: 'SUCCESS', output: 1, finishedAt: 2_002 });
    await s.commit({ runId: id, owner: 'A', steps: [again, done], events: [ev('step.succeeded', 'z')] });
    expect(await s.getSteps(id)).toEqual(
      sorted.map((x) => (x.stepId === again.stepId ? again : x.stepId === 'z' ? done : x)),
    );
    await s.close();

    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    const rows = db
      .prepare(
        'SELECT step_id, status, length(state) AS size, state FROM step_runs WHERE run_id = ? ORDER BY step_id',
      )
      .all(id) as { step_id: string; status: string; size: number | null; state: string | null }[];
    db.close();
    const packed = rows.filter((r) => r.status === 'PACKED');
    // 39 ended steps in packed rows of at most ~900 bytes (no overflow page), the big one alone, the two
    // that went on, and the one written again.
    expect(packed.length).toBeLessThan(10);
    for (const r of packed) expect(r.size).toBeLessThanOrEqual(902);
    // Most in the short form: `["s00","SUCCESS",1,2000,1,{"expression":…},{…}]`.
    const entries = packed.flatMap((r) => JSON.parse(r.state ?? '[]') as unknown[]);
    expect(entries.filter((e) => Array.isArray(e))).toHaveLength(36);
    expect(entries[0]).toEqual([
      's00',
      'SUCCESS',
      1,
      2_000,
      1,
      { expression: 'steps.s0.output + 1' },
      { n: 0, text: 'é"\\' },
    ]);
    expect(rows.filter((r) => r.status !== 'PACKED').map((r) => r.step_id)).toEqual(
      ['w_wait', 's03', 's09', 'z'].sort(),
    );
  });

  it('names the problem when the file cannot be opened', async () => {
    await expect(openStore(`sqlite:${dir}`)).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining(dir) as string,
    });
  });
});

describe('SQLite workflow rows in memory', () => {
  const save = (s: WeftStore, id: string, at: number): Promise<number> =>
    s.repos.workflows.saveVersion({
      workflowId: id,
      name: id,
      yaml: `id: ${id}`,
      hash: `h${at}`,
      createdAt: at,
    });

  it('answers a row from memory and forgets it on every write through the repository', async () => {
    const s = await openStore(fileUrl());
    await save(s, 'wf', 1);
    const first = await s.repos.workflows.get('wf');
    expect(await s.repos.workflows.get('wf')).toBe(first); // the same object: no query
    await save(s, 'wf', 2);
    expect((await s.repos.workflows.get('wf'))?.latestVersion).toBe(2);
    await s.repos.workflows.setEnabled('wf', false, 3);
    expect((await s.repos.workflows.get('wf'))?.enabled).toBe(false);
    await s.repos.workflows.delete('wf');
    expect(await s.repos.workflows.get('wf')).toBeUndefined();
    expect(await s.repos.workflows.get('never-saved')).toBeUndefined();
    await s.close();
  });

  it("sees another process's save, disable and delete at once (PRAGMA data_version)", async () => {
    const url = fileUrl();
    const mine = await openStore(url);
    const other = await openStore(url);
    await save(mine, 'shared', 1);
    expect((await mine.repos.workflows.get('shared'))?.latestVersion).toBe(1);
    await save(other, 'shared', 2);
    expect((await mine.repos.workflows.get('shared'))?.latestVersion).toBe(2);
    await other.repos.workflows.setEnabled('shared', false, 3);
    expect((await mine.repos.workflows.get('shared'))?.enabled).toBe(false);
    await other.repos.workflows.delete('shared');
    expect(await mine.repos.workflows.get('shared')).toBeUndefined();
    await other.close();
    await mine.close();
  });

  it('answers `cached` only with a row read since the last write, by this or another connection', async () => {
    const url = fileUrl();
    const mine = await openStore(url);
    const other = await openStore(url);
    const rows = mine.repos.workflows;
    await save(mine, 'wf', 1);
    expect(rows.cached?.('wf')).toBeUndefined(); // not read yet: ask `get`
    const read = await rows.get('wf');
    expect(rows.cached?.('wf')).toBe(read);
    await save(mine, 'wf', 2);
    expect(rows.cached?.('wf')).toBeUndefined();
    expect((await rows.get('wf'))?.latestVersion).toBe(2);
    await other.repos.workflows.setEnabled('wf', false, 3);
    expect(rows.cached?.('wf')).toBeUndefined();
    expect((await rows.get('wf'))?.enabled).toBe(false);
    expect(rows.cached?.('wf')?.enabled).toBe(false);
    await other.close();
    await mine.close();
  });

  it("sees another process's commit from the next event-loop turn on the webhook path (`cached`)", async () => {
    const url = fileUrl();
    const mine = await openStore(url);
    const rows = mine.repos.workflows;
    await save(mine, 'wf', 1);
    await rows.get('wf');
    expect(rows.cached?.('wf')?.enabled).toBe(true);
    // Another process: a connection of its own that commits without this process's store.
    const other = new Database(url.slice('sqlite:'.length));
    other.prepare("UPDATE workflows SET enabled = 0 WHERE id = 'wf'").run();
    other.close();
    await new Promise((r) => setImmediate(r));
    expect(rows.cached?.('wf')).toBeUndefined();
    expect((await rows.get('wf'))?.enabled).toBe(false);
    await mine.close();
  });

  it('asks data_version once per event-loop turn on the webhook path, at once after a write here', async () => {
    const url = fileUrl();
    const mine = await openStore(url);
    await save(mine, 'wf', 1);
    const db = new Database(url.slice('sqlite:'.length));
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    let asked = 0;
    const turnEnds: (() => void)[] = [];
    const rows = cachedWorkflowRows(
      mine.repos.workflows,
      () => {
        asked++;
        return dataVersion.get() as number;
      },
      (fn) => turnEnds.push(fn),
    );
    await rows.get('wf');
    asked = 0;
    for (let i = 0; i < 10; i++) expect(rows.cached?.('wf')?.latestVersion).toBe(1);
    expect(asked).toBe(1);
    // A save through any store of this process is seen in the same turn.
    await save(mine, 'wf', 2);
    expect(rows.cached?.('wf')).toBeUndefined();
    expect(asked).toBe(2);
    expect((await rows.get('wf'))?.latestVersion).toBe(2);
    // The turn ends: the next lookup asks again.
    for (const end of turnEnds.splice(0)) end();
    asked = 0;
    rows.cached?.('wf');
    rows.cached?.('wf');
    expect(asked).toBe(1);
    db.close();
    await mine.close();
  });
});
