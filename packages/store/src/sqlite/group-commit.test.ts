import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeaseLostError } from '@weft/engine';
import type { RunId } from '@weft/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ev, newRun, step } from '../conformance/fixtures';
import { SqliteStore } from './sqlite-store';

describe('SQLite group commit', () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  const open = (): { store: SqliteStore; path: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-group-commit-'));
    dirs.push(dir);
    const path = join(dir, 'weft.db');
    const store = new SqliteStore({ path });
    stores.push(store);
    return { store, path };
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates and commits issued together in one tick each succeed or fail alone', async () => {
    const { store } = open();
    const leased = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        store.createRun(newRun({ createdAt: i, lease: { owner: 'A', until: 60_000 } })),
      ),
    );
    const ids = leased.map((r) => r.run.id);
    // One tick: two new runs, three good commits, one from an owner without the lease, one duplicate key.
    const [created, dup, ...commits] = await Promise.allSettled([
      store.createRun(newRun({ idempotencyKey: 'same', createdAt: 10 })),
      store.createRun(newRun({ idempotencyKey: 'same', createdAt: 11 })),
      ...ids.map((id, i) =>
        store.commit({
          runId: id,
          owner: i === 2 ? 'B' : 'A',
          run: { status: 'SUCCESS', startedAt: 20, finishedAt: 21 },
          steps: [step(id, 'a', { status: 'SUCCESS', output: i })],
          events: [ev('run.started'), ev('step.succeeded', 'a', { output: i }), ev('run.succeeded')],
          release: true,
        }),
      ),
    ]);
    expect(created.status).toBe('fulfilled');
    expect(dup.status).toBe('fulfilled');
    const first = (created as PromiseFulfilledResult<{ run: { id: RunId }; created: boolean }>).value;
    const second = (dup as PromiseFulfilledResult<{ run: { id: RunId }; created: boolean }>).value;
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(commits.map((c) => c.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((commits[2] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
    for (const [i, id] of ids.entries()) {
      const run = await store.getRun(id);
      expect(run?.status).toBe(i === 2 ? 'QUEUED' : 'SUCCESS');
      expect((await store.listEvents(id, 0, 10)).length).toBe(i === 2 ? 1 : 4);
    }
    expect(await store.getRun(first.run.id)).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
  });

  it('writes issued in two consecutive event-loop turns share one transaction', async () => {
    const { store } = open();
    const groups: number[] = [];
    const tx = store as unknown as { groupTx: (batch: readonly unknown[]) => unknown[] };
    const real = tx.groupTx;
    vi.spyOn(tx, 'groupTx').mockImplementation((batch) => {
      groups.push(batch.length);
      return real(batch);
    });
    // A request's run is created in one turn; another request's, read by the next turn's I/O callback.
    const first = store.createRun(newRun({ createdAt: 1 }));
    const second = new Promise((resolve) =>
      setImmediate(() => resolve(store.createRun(newRun({ createdAt: 2 })))),
    );
    const made = (await Promise.all([first, second])) as { created: boolean }[];
    expect(made.map((m) => m.created)).toEqual([true, true]);
    expect(groups).toEqual([2]);
    // A third turn's write is the next group's (a lone write is written on its own, not as a group).
    const third = store.createRun(newRun({ createdAt: 3 }));
    await new Promise((r) => setImmediate(() => setImmediate(r)));
    const fourth = await new Promise((resolve) =>
      setImmediate(() => resolve(store.createRun(newRun({ createdAt: 4 })))),
    );
    await third;
    expect(fourth).toMatchObject({ created: true });
    expect(groups).toEqual([2]);
  });

  it('a busy store has its WAL checkpointed by a worker thread (no fsync on the committing thread)', async () => {
    const { store, path } = open();
    const payload = 'x'.repeat(2_000);
    const writeMany = async (n: number): Promise<void> => {
      await Promise.all(
        Array.from({ length: n }, (_, i) => store.createRun(newRun({ createdAt: i, inputs: { payload } }))),
      );
    };
    for (let round = 0; round < 5; round++) await writeMany(500); // past the threshold (2,000 writes)
    // From here the main connection checkpoints only at 4,000 WAL pages; the ~1 MB written next is far
    // less, so it reaches the database file only if the worker copies it there.
    await new Promise((r) => setTimeout(r, 300));
    const before = statSync(path).size;
    await writeMany(500);
    for (let i = 0; i < 100 && statSync(path).size < before + 800_000; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThan(before + 800_000);
    expect((await store.getRun((await store.createRun(newRun())).run.id))?.status).toBe('QUEUED');
  });
});
