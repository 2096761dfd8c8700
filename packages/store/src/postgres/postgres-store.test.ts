import { randomBytes } from 'node:crypto';
import type { NewRun, RunId, WaitReason } from '@weft/engine';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createClaimed, ev, newRun, step } from '../conformance/fixtures';
import { reposContract } from '../conformance/repos-contract';
import { expectEventsRoundTrip, storeContract } from '../conformance/store-contract';
import { openStore } from '../open-store';
import type { WeftStore } from '../repos';

const base = process.env.WEFT_TEST_PG_URL;
if (!base)
  throw new Error('WEFT_TEST_PG_URL is not set: run through the root vitest config, which starts PostgreSQL');

/** Each test gets its own schema, so test files (and tests) never see each other's rows. */
const freshUrl = (): string =>
  `${base}${base.includes('?') ? '&' : '?'}schema=t_${randomBytes(6).toString('hex')}`;

/** Rows of `sql` in the schema of a `freshUrl()`, read with a plain client (what the store wrote). */
async function rawRows<T>(url: string, sql: string, values: unknown[]): Promise<T[]> {
  const schema = new URL(url).searchParams.get('schema') as string;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

storeContract('PostgreSQL', async () => {
  const store = await openStore(freshUrl());
  return { store, close: () => store.close() };
});
reposContract('PostgreSQL', () => openStore(freshUrl()));

describe('PostgresStore specifics', () => {
  it('never hands one run to two engines claiming at the same time', async () => {
    const url = freshUrl();
    const engines = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    const first = engines[0] as WeftStore;
    for (let i = 0; i < 60; i++) await first.createRun(newRun({ createdAt: i }));
    const claims = await Promise.all(
      engines.flatMap((s, e) =>
        Array.from({ length: 4 }, (_, k) =>
          s.claimRuns({ owner: `E${e}-${k}`, now: 1_000, leaseMs: 60_000, limit: 7 }),
        ),
      ),
    );
    const all = claims.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(60);
    await Promise.all(engines.map((s) => s.close()));
  });

  it('keeps the workflow concurrency limit when engines admit at the same time', async () => {
    const url = freshUrl();
    const engines = await Promise.all([openStore(url), openStore(url)]);
    const a = engines[0] as WeftStore;
    const ids: RunId[] = [];
    for (let i = 0; i < 10; i++)
      ids.push((await a.createRun(newRun({ workflowId: 'lim', concurrencyLimit: 3, createdAt: i }))).run.id);
    const claims = await Promise.all(
      engines.flatMap((s, e) =>
        [0, 1, 2].map((k) => s.claimRuns({ owner: `E${e}${k}`, now: 100, leaseMs: 60_000, limit: 10 })),
      ),
    );
    expect(claims.flat().sort()).toEqual(ids.slice(0, 3).sort());
    await Promise.all(engines.map((s) => s.close()));
  });

  it('fences concurrent commits: after a takeover only the new owner writes', async () => {
    const url = freshUrl();
    const [a, b] = (await Promise.all([openStore(url), openStore(url)])) as [WeftStore, WeftStore];
    const id = await createClaimed(a, 'A', { createdAt: 0 });
    expect(await b.claimRuns({ owner: 'B', now: 60_001, leaseMs: 60_000, limit: 5 })).toEqual([id]);
    const results = await Promise.allSettled([
      a.commit({
        runId: id,
        owner: 'A',
        steps: [step(id, 's', { status: 'SUCCESS', output: 'from A' })],
        events: [ev('step.succeeded', 's')],
      }),
      b.commit({
        runId: id,
        owner: 'B',
        steps: [step(id, 's', { status: 'SUCCESS', output: 'from B' })],
        events: [ev('step.succeeded', 's')],
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((await a.getSteps(id)).map((s) => s.output)).toEqual(['from B']);
    expect((await a.listEvents(id, 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    await Promise.all([a.close(), b.close()]);
  });

  it('group commit: a write PostgreSQL refuses fails alone, the rest of its batch is written', async () => {
    const url = freshUrl();
    const store = await openStore(url);
    const ids: RunId[] = [];
    for (let i = 0; i < 4; i++) ids.push(await createClaimed(store, 'A'));
    const lease = { owner: 'A', until: 60_000 };
    // A run that ends in the commit that creates it, its step's record what its events make.
    const fresh = newRun({ lease });
    const created = (run: NewRun, stepId: string) => ({
      runId: run.id,
      owner: 'A',
      create: run,
      stepsFromEvents: true,
      run: { status: 'SUCCESS' as const, startedAt: 2_000, finishedAt: 2_001 },
      steps: [step(run.id, stepId, { status: 'SUCCESS', output: 7, finishedAt: 2_001 })],
      events: [
        ev('run.started', undefined, { steps: [stepId] }),
        ev('step.started', stepId, { attempt: 1 }),
        ev('step.succeeded', stepId, { output: 7 }),
        ev('run.succeeded'),
      ],
      release: true,
    });
    // One turn: a batch of creations, one of commits and one of commits that create their run, each
    // holding one row the server rejects (an attempt count that is no integer, a run id that exists),
    // so every batch statement fails as a whole.
    const [good, bad, made, dup, ...commits] = await Promise.allSettled([
      store.createRun(newRun({ createdAt: 7 })),
      store.createRun(newRun({ createdAt: 8, workflowVersion: 1.5 })),
      store.commit(created(fresh, 'a')),
      store.commit(created(newRun({ id: ids[1], lease }), 'b')),
      ...ids.map((id, i) =>
        store.commit({
          runId: id,
          owner: 'A',
          run: { status: 'RUNNING' },
          steps: [step(id, 'a', { attempts: i === 2 ? 1.5 : 1, output: i })],
          events: [ev('run.started'), ev('step.started', 'a')],
        }),
      ),
    ]);
    expect([good.status, bad.status]).toEqual(['fulfilled', 'rejected']);
    expect(commits.map((c) => c.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    for (const [i, id] of ids.entries()) {
      expect((await store.getRun(id))?.lastSeq).toBe(i === 2 ? 1 : 3);
      expect((await store.getSteps(id)).map((x) => x.output)).toEqual(i === 2 ? [] : [i]);
    }
    // The creating commit: one insert of the run as it ended, no step row (its events hold the step).
    expect([made.status, dup.status]).toEqual(['fulfilled', 'rejected']);
    expect(made.status === 'fulfilled' && made.value).toBe(5);
    expect(await store.getRun(fresh.id)).toMatchObject({ status: 'SUCCESS', lastSeq: 5, finishedAt: 2_001 });
    expect(await rawRows(url, 'SELECT step_id FROM step_runs WHERE run_id = $1', [fresh.id])).toEqual([]);
    expect(
      await rawRows(url, 'SELECT event_steps_upto AS n, lease_owner FROM runs WHERE id = $1', [fresh.id]),
    ).toEqual([{ n: 5, lease_owner: null }]);
    expect(await store.getSteps(fresh.id)).toMatchObject([{ stepId: 'a', status: 'SUCCESS', output: 7 }]);
    await store.close();
  });

  it('group commit: a busy turn is split into batches; every write lands, in order for each run', async () => {
    const store = await openStore(freshUrl());
    const ids: RunId[] = [];
    for (let i = 0; i < 70; i++) ids.push(await createClaimed(store, 'A', { createdAt: i }));
    const x = ids[0] as RunId;
    // One turn: 70 commits (more than one batch), the first and the last to the same run.
    const seqs = await Promise.all([
      ...ids.map((id) =>
        store.commit({ runId: id, owner: 'A', steps: [step(id, 'a')], events: [ev('step.started', 'a')] }),
      ),
      store.commit({
        runId: x,
        owner: 'A',
        steps: [step(x, 'a', { status: 'SUCCESS', output: 'last' })],
        events: [ev('step.succeeded', 'a')],
      }),
    ]);
    expect(seqs).toEqual([...ids.map(() => 2), 3]);
    expect((await store.listEvents(x, 0, 10)).map((e) => e.type)).toEqual([
      'run.created',
      'step.started',
      'step.succeeded',
    ]);
    expect((await store.getSteps(x)).map((s) => [s.status, s.output])).toEqual([['SUCCESS', 'last']]);
    // And 70 creations in one turn: every run is there.
    const made = await Promise.all(
      Array.from({ length: 70 }, (_, i) => store.createRun(newRun({ createdAt: 100 + i }))),
    );
    expect(made.every((m) => m.created)).toBe(true);
    for (const m of made) expect((await store.getRun(m.run.id))?.lastSeq).toBe(1);
    await store.close();
  });

  it('group commit: odd text and JSON values come back exactly as written', async () => {
    const store = await openStore(freshUrl());
    // Strings an array literal must quote or escape: quotes, backslashes, braces, commas, NULL, control
    // characters (JSON writes them as \n, \u0001), other scripts; JSON keeps its key order (and a lone
    // surrogate, which JSON escapes).
    const odd = [
      'a"b',
      'back\\slash\\',
      '{x,y}',
      'NULL',
      '',
      ' pad ',
      'line\nbreak\ttab\u0001',
      'é 💡 \u2028',
    ];
    const made = await Promise.all(
      odd.map((key, i) =>
        store.createRun(newRun({ createdAt: i, idempotencyKey: key, inputs: { z: key, a: i } })),
      ),
    );
    expect(made.every((m) => m.created)).toBe(true);
    for (const [i, m] of made.entries()) {
      const run = await store.getRun(m.run.id);
      expect(run?.idempotencyKey).toBe(odd[i]);
      expect(JSON.stringify(run?.inputs)).toBe(JSON.stringify({ z: odd[i], a: i }));
      expect((await store.listEvents(m.run.id, 0, 1))[0]?.data).toMatchObject({ inputs: { z: odd[i] } });
    }
    const ids: RunId[] = [];
    for (let i = 0; i < odd.length; i++) ids.push(await createClaimed(store, 'A', { createdAt: 100 + i }));
    const outputs: unknown[] = [
      null,
      'a "quoted"\nline \\ end',
      { b: 1, a: [null, 'x\ud800'] },
      0,
      false,
      '',
    ];
    await Promise.all(
      ids.map((id, i) =>
        store.commit({
          runId: id,
          owner: 'A',
          run: { status: 'WAITING', error: { code: 'BLOCK_ERROR', message: odd[i] as string } },
          steps: [
            step(id, `s-${i}`, {
              status: 'WAITING',
              output: outputs[i % outputs.length],
              port: odd[i] as string,
              waitReason: odd[i] as WaitReason,
              state: i % 2 === 0 ? null : { k: odd[i] },
            }),
          ],
          events: [ev('step.waiting', `s-${i}`, { text: odd[i], nested: { y: 1, x: 2 } })],
        }),
      ),
    );
    for (const [i, id] of ids.entries()) {
      const [s] = await store.getSteps(id);
      expect(s).toMatchObject({ stepId: `s-${i}`, port: odd[i], waitReason: odd[i] });
      expect(s?.output).toStrictEqual(outputs[i % outputs.length]);
      expect(s?.state).toStrictEqual(i % 2 === 0 ? null : { k: odd[i] });
      expect((await store.getRun(id))?.error).toEqual({ code: 'BLOCK_ERROR', message: odd[i] });
      const e = (await store.listEvents(id, 1, 1))[0];
      expect(JSON.stringify(e?.data)).toBe(JSON.stringify({ text: odd[i], nested: { y: 1, x: 2 } }));
    }
    await store.close();
  });

  it("packs a commit's events into shared rows and reads them back from any seq, with any limit", async () => {
    const url = freshUrl();
    const s = await openStore(url);
    const id = await expectEventsRoundTrip(s, { fractionalAt: false });
    await s.close();
    const rows = await rawRows<{ seq: string; type: string }>(
      url,
      'SELECT seq, type FROM run_events WHERE run_id = $1 ORDER BY seq',
      [id],
    );
    expect(rows.length).toBeLessThan(151 / 3);
    expect(rows.filter((r) => r.type === 'packed').length).toBe(rows.length - 3); // created, lone, big
    expect(Number(rows.at(-1)?.seq)).toBe(151);
  });

  it('migrates once when several processes open a new database together', async () => {
    const url = freshUrl();
    const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    for (const s of stores) expect(await s.migrated()).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('reports an unreachable server with a clear error', async () => {
    await expect(openStore('postgres://nobody@127.0.0.1:1/none')).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining('cannot reach PostgreSQL at 127.0.0.1:1/none') as string,
    });
  });
});
