/**
 * The `Store` port's contract, as tests. Call `storeContract(name, factory)` from a `*.test.ts` file;
 * `factory` returns a fresh, empty store for each test (and optionally a way to close it).
 * Runs against SqliteStore, PostgresStore and the engine's MemoryStore.
 */
import { LeaseLostError } from '@weft/engine';
import type { RunId, Store } from '@weft/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { createClaimed, ev, newRun, step } from './fixtures';

export interface StoreHandle {
  store: Store;
  close?: () => Promise<void>;
}

export function storeContract(name: string, factory: () => Promise<StoreHandle>): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle | undefined;
    const open = async (): Promise<Store> => {
      handle = await factory();
      return handle.store;
    };
    afterEach(async () => {
      await handle?.close?.();
      handle = undefined;
    });

    it('creates a QUEUED run whose first event is run.created with seq 1', async () => {
      const s = await open();
      const input = newRun({ inputs: { name: 'Ada' }, debug: { stepMode: true, breakpoints: [] } });
      const { run, created } = await s.createRun(input);
      expect(created).toBe(true);
      expect(run).toMatchObject({
        id: input.id,
        status: 'QUEUED',
        lastSeq: 1,
        inputs: { name: 'Ada' },
        workflowId: 'wf',
        workflowVersion: 1,
      });
      expect(await s.getRun(input.id)).toEqual(run);
      const events = await s.listEvents(input.id, 0, 10);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ runId: input.id, seq: 1, type: 'run.created' });
      expect(await s.getRun('nope' as RunId)).toBeUndefined();
    });

    it('returns the existing run for a reused idempotency key of the same workflow', async () => {
      const s = await open();
      const first = await s.createRun(newRun({ idempotencyKey: 'k1' }));
      const again = await s.createRun(newRun({ idempotencyKey: 'k1', inputs: { other: true } }));
      expect(again.created).toBe(false);
      expect(again.run.id).toBe(first.run.id);
      expect(again.run.inputs).toEqual(first.run.inputs);
      const otherWf = await s.createRun(newRun({ idempotencyKey: 'k1', workflowId: 'other' }));
      expect(otherWf.created).toBe(true);
      expect(otherWf.run.id).not.toBe(first.run.id);
      expect(await s.listEvents(first.run.id, 0, 10)).toHaveLength(1);
    });

    it('assigns consecutive seq numbers across commits and returns the new lastSeq', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A');
      const seq1 = await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'RUNNING', startedAt: 2_000 },
        events: [ev('run.started'), ev('step.started', 'a')],
      });
      expect(seq1).toBe(3);
      const seq2 = await s.commit({
        runId: id,
        owner: 'A',
        events: [ev('step.succeeded', 'a', { output: 1 })],
      });
      expect(seq2).toBe(4);
      expect(await s.commit({ runId: id, owner: 'A', run: { wakeAt: 5_000 }, events: [] })).toBe(4);
      const events = await s.listEvents(id, 0, 100);
      expect(events.map((e) => [e.seq, e.type, e.stepId])).toEqual([
        [1, 'run.created', undefined],
        [2, 'run.started', undefined],
        [3, 'step.started', 'a'],
        [4, 'step.succeeded', 'a'],
      ]);
      expect(events[3]?.data).toEqual({ output: 1 });
      const run = await s.getRun(id);
      expect(run).toMatchObject({ status: 'RUNNING', startedAt: 2_000, lastSeq: 4, wakeAt: 5_000 });
    });

    it('upserts step records and applies run patches, clearing a field set to undefined', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A');
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'RUNNING', wakeAt: 9_000 },
        steps: [step(id, 'a'), step(id, 'b', { status: 'PENDING', attempts: 0 })],
        events: [ev('step.started', 'a')],
      });
      await s.commit({
        runId: id,
        owner: 'A',
        run: { wakeAt: undefined, outputs: { total: 3 } },
        steps: [
          step(id, 'a', {
            status: 'SUCCESS',
            output: { rows: [1, 2] },
            port: 'yes',
            finishedAt: 2_500,
            input: { q: 'x' },
            state: { i: 2 },
          }),
        ],
        events: [ev('step.succeeded', 'a')],
      });
      const steps = (await s.getSteps(id)).sort((x, y) => x.stepId.localeCompare(y.stepId));
      expect(steps).toEqual([
        {
          runId: id,
          stepId: 'a',
          status: 'SUCCESS',
          attempts: 1,
          startedAt: 2_000,
          finishedAt: 2_500,
          output: { rows: [1, 2] },
          port: 'yes',
          input: { q: 'x' },
          state: { i: 2 },
        },
        { runId: id, stepId: 'b', status: 'PENDING', attempts: 0, startedAt: 2_000 },
      ]);
      const run = await s.getRun(id);
      expect(run?.wakeAt).toBeUndefined();
      expect(run?.outputs).toEqual({ total: 3 });
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'FAILED', error: { code: 'BLOCK_ERROR', message: 'boom' }, finishedAt: 3_000 },
        steps: [
          step(id, 'b', {
            status: 'FAILED',
            error: { code: 'TIMEOUT', message: 'slow', retryable: false },
            output: null,
          }),
        ],
        events: [ev('run.failed')],
      });
      expect(await s.getRun(id)).toMatchObject({
        status: 'FAILED',
        error: { code: 'BLOCK_ERROR', message: 'boom' },
        finishedAt: 3_000,
      });
      const b = (await s.getSteps(id)).find((x) => x.stepId === 'b');
      expect(b).toMatchObject({
        status: 'FAILED',
        error: { code: 'TIMEOUT', message: 'slow', retryable: false },
        output: null,
      });
    });

    it('rejects a commit from an owner without the lease and writes nothing of it', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A');
      await s.addCommand(id, { type: 'cancel' }, 1_500);
      const [cmd] = await s.listCommands(id);
      const attempt = s.commit({
        runId: id,
        owner: 'B',
        run: { status: 'SUCCESS' },
        steps: [step(id, 'a')],
        events: [ev('run.succeeded')],
        ackCommands: [cmd?.id ?? -1],
      });
      await expect(attempt).rejects.toBeInstanceOf(LeaseLostError);
      await expect(attempt).rejects.toMatchObject({ code: 'LEASE_LOST', runId: id });
      expect(await s.getRun(id)).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
      expect(await s.getSteps(id)).toEqual([]);
      expect(await s.listEvents(id, 0, 10)).toHaveLength(1);
      expect(await s.listCommands(id)).toHaveLength(1);
    });

    it('applies commits to many runs issued at once each on its own: a fenced one fails alone', async () => {
      const s = await open();
      const ids: RunId[] = [];
      for (let i = 0; i < 12; i++) ids.push((await s.createRun(newRun({ createdAt: i }))).run.id);
      await s.claimRuns({ owner: 'A', now: 100, leaseMs: 60_000, limit: 100 });
      const results = await Promise.allSettled(
        ids.map((id, i) =>
          s.commit({
            runId: id,
            owner: i === 5 ? 'B' : 'A',
            run: { status: 'RUNNING' },
            steps: [step(id, 'a', { output: i })],
            events: [ev('run.started'), ev('step.started', 'a')],
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(ids.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
      expect((results[5] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
      for (const [i, id] of ids.entries()) {
        const run = await s.getRun(id);
        expect(run?.lastSeq).toBe(i === 5 ? 1 : 3);
        expect((await s.getSteps(id)).map((x) => x.output)).toEqual(i === 5 ? [] : [i]);
      }
    });

    it('writes of one turn across runs (group commit) keep every field, order and fence of each', async () => {
      const s = await open();
      const [a, b, c] = [
        await createClaimed(s, 'A'),
        await createClaimed(s, 'A'),
        await createClaimed(s, 'A'),
      ];
      await s.commit({
        runId: b,
        owner: 'A',
        run: { status: 'WAITING', wakeAt: 9_000 },
        events: [ev('run.waiting')],
      });
      await s.addCommand(c, { type: 'cancel' }, 10);
      await s.addCommand(c, { type: 'retry', fromStepId: 'x' }, 11);
      const [cmd] = await s.listCommands(c);
      const parent = await createClaimed(s, 'A');
      // One turn: two creations sharing a key, and commits with different patches, two of them to run a.
      const [first, second, ...rest] = await Promise.allSettled([
        s.createRun(newRun({ idempotencyKey: 'turn', createdAt: 5 })),
        s.createRun(newRun({ idempotencyKey: 'turn', createdAt: 6 })),
        s.commit({
          runId: a,
          owner: 'A',
          run: { status: 'RUNNING', startedAt: 20, parent: { runId: parent, stepId: 'call' } },
          steps: [step(a, 'x'), step(a, 'y', { status: 'SUCCESS', output: { v: 'ü' } })],
          events: [ev('run.started'), ev('step.started', 'x'), ev('step.succeeded', 'y')],
        }),
        s.commit({
          runId: a,
          owner: 'A',
          steps: [step(a, 'x', { status: 'FAILED', attempts: 2 })],
          events: [ev('step.failed', 'x')],
        }),
        s.commit({
          runId: b,
          owner: 'A',
          run: { status: 'RUNNING', wakeAt: undefined },
          events: [ev('run.resumed')],
        }),
        s.commit({
          runId: c,
          owner: 'A',
          run: { status: 'CANCELLED', finishedAt: 30, error: { code: 'CANCELLED', message: 'stop' } },
          events: [ev('run.cancelled')],
          ackCommands: [cmd?.id ?? 0],
          release: true,
        }),
        s.commit({ runId: parent, owner: 'B', run: { status: 'FAILED' }, events: [ev('run.failed')] }),
      ]);
      expect([first.status, second.status, ...rest.map((r) => r.status)]).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      const made = (first as PromiseFulfilledResult<{ run: { id: RunId }; created: boolean }>).value;
      expect(made.created).toBe(true);
      expect((second as PromiseFulfilledResult<unknown>).value).toMatchObject({
        created: false,
        run: { id: made.run.id },
      });
      expect(rest.slice(0, 4).map((r) => (r as PromiseFulfilledResult<number>).value)).toEqual([4, 5, 3, 2]);
      expect((rest[4] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);

      expect(await s.getRun(a)).toMatchObject({
        status: 'RUNNING',
        startedAt: 20,
        lastSeq: 5,
        parent: { runId: parent, stepId: 'call' },
      });
      const steps = (await s.getSteps(a)).sort((x, y) => x.stepId.localeCompare(y.stepId));
      expect(steps.map((x) => [x.stepId, x.status, x.attempts, x.output])).toEqual([
        ['x', 'FAILED', 2, undefined],
        ['y', 'SUCCESS', 1, { v: 'ü' }],
      ]);
      expect((await s.listEvents(a, 0, 10)).map((e) => [e.seq, e.type])).toEqual([
        [1, 'run.created'],
        [2, 'run.started'],
        [3, 'step.started'],
        [4, 'step.succeeded'],
        [5, 'step.failed'],
      ]);
      const runB = await s.getRun(b);
      expect(runB).toMatchObject({ status: 'RUNNING', lastSeq: 3 });
      expect(runB?.wakeAt).toBeUndefined();
      expect(await s.getRun(c)).toMatchObject({
        status: 'CANCELLED',
        finishedAt: 30,
        error: { code: 'CANCELLED' },
      });
      expect((await s.listCommands(c)).map((x) => x.command)).toEqual([{ type: 'retry', fromStepId: 'x' }]);
      // c's lease was released in the same write; the fenced commit wrote nothing to `parent`.
      await expect(s.commit({ runId: c, owner: 'A', events: [ev('step.log', 'a')] })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      expect(await s.getRun(parent)).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
      expect((await s.listEvents(made.run.id, 0, 10)).map((e) => e.type)).toEqual(['run.created']);
    });

    it('leases claimed runs: no one else claims them until the lease expires, then the old owner is fenced', async () => {
      const s = await open();
      const { run } = await s.createRun(newRun({ createdAt: 1_000 }));
      expect(await s.claimRuns({ owner: 'A', now: 1_000, leaseMs: 10_000, limit: 10 })).toEqual([run.id]);
      // A QUEUED run being started by its owner is not handed out again, to anyone.
      expect(await s.claimRuns({ owner: 'A', now: 2_000, leaseMs: 10_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 2_000, leaseMs: 10_000, limit: 10 })).toEqual([]);
      await s.commit({
        runId: run.id,
        owner: 'A',
        run: { status: 'RUNNING', wakeAt: 3_000 },
        events: [ev('run.started')],
      });
      expect(await s.claimRuns({ owner: 'B', now: 5_000, leaseMs: 10_000, limit: 10 })).toEqual([]);
      // The lease holder gets its own due runs again (and a fresh lease, to 15_000).
      expect(await s.claimRuns({ owner: 'A', now: 5_000, leaseMs: 10_000, limit: 10 })).toEqual([run.id]);
      expect(await s.claimRuns({ owner: 'B', now: 14_999, leaseMs: 10_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 15_000, leaseMs: 10_000, limit: 10 })).toEqual([run.id]);
      await expect(
        s.commit({ runId: run.id, owner: 'A', run: { status: 'RUNNING' }, events: [ev('run.started')] }),
      ).rejects.toBeInstanceOf(LeaseLostError);
      expect(await s.renewLeases('A', [run.id], 99_000)).toEqual([run.id]);
      expect(
        await s.commit({
          runId: run.id,
          owner: 'B',
          run: { wakeAt: undefined },
          events: [ev('step.started', 'a')],
        }),
      ).toBe(3);
    });

    it('takes over the runs of an engine that died, once its lease expired', async () => {
      const s = await open();
      const running = await createClaimed(s, 'A', { createdAt: 1_000 }); // leased to 61_001
      const waiting = await createClaimed(s, 'A', { createdAt: 1_001 });
      await s.commit({
        runId: running,
        owner: 'A',
        run: { status: 'RUNNING' },
        steps: [step(running, 'slow')],
        events: [ev('step.started', 'slow')],
      });
      await s.commit({ runId: waiting, owner: 'A', run: { status: 'WAITING' }, events: [ev('run.waiting')] });
      expect(await s.claimRuns({ owner: 'B', now: 61_000, leaseMs: 30_000, limit: 10 })).toEqual([]);
      expect((await s.claimRuns({ owner: 'B', now: 61_002, leaseMs: 30_000, limit: 10 })).sort()).toEqual(
        [running, waiting].sort(),
      );
      // A RUNNING run that nobody holds needs an engine too; a WAITING one waits for its wakeAt or a command.
      await s.releaseRun('B', running);
      await s.releaseRun('B', waiting);
      expect(await s.claimRuns({ owner: 'C', now: 61_003, leaseMs: 30_000, limit: 10 })).toEqual([running]);
    });

    it('issue 9 item 2: an owner takes back its own runs, expired at once, all of them with reclaimOwn', async () => {
      const s = await open();
      const running = await createClaimed(s, 'weft-0', { createdAt: 1_000 }); // leased to 61_001
      await s.commit({
        runId: running,
        owner: 'weft-0',
        run: { status: 'RUNNING' },
        steps: [step(running, 'slow')],
        events: [ev('step.started', 'slow')],
      });
      const queued = (
        await s.createRun(newRun({ createdAt: 1_001, lease: { owner: 'weft-0', until: 61_001 } }))
      ).run.id;
      // Steady state: its own live leases are not handed out again.
      expect(await s.claimRuns({ owner: 'weft-0', now: 2_000, leaseMs: 30_000, limit: 10 })).toEqual([]);
      // A restarted engine with the same name takes them back at once.
      expect(
        (
          await s.claimRuns({ owner: 'weft-0', now: 2_000, leaseMs: 30_000, limit: 10, reclaimOwn: true })
        ).sort(),
      ).toEqual([running, queued].sort());
      // Nobody else can meanwhile; once expired, the owner gets its RUNNING run back without reclaimOwn.
      expect(await s.claimRuns({ owner: 'B', now: 3_000, leaseMs: 30_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'weft-0', now: 32_001, leaseMs: 30_000, limit: 10 })).toContain(
        running,
      );
    });

    it('renews leases so a live owner keeps its runs', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', { createdAt: 1_000 });
      expect(await s.renewLeases('A', [id], 100_000)).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 90_000, leaseMs: 1_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 100_000, leaseMs: 1_000, limit: 10 })).toEqual([id]);
      expect(await s.renewLeases('A', [], 1)).toEqual([]);
    });

    it('releases a lease so another engine can claim the run at once', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', { createdAt: 1_000 });
      await s.releaseRun('B', id); // not B's: no effect
      expect(await s.claimRuns({ owner: 'B', now: 1_002, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await s.releaseRun('A', id);
      expect(await s.claimRuns({ owner: 'B', now: 1_002, leaseMs: 1_000, limit: 10 })).toEqual([id]);
    });

    it('claims only runs that are due: wakeAt reached or a command pending, never finished ones', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', { createdAt: 1_000 });
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'WAITING', wakeAt: 50_000 },
        events: [ev('run.waiting')],
      });
      await s.releaseRun('A', id);
      expect(await s.claimRuns({ owner: 'B', now: 49_999, leaseMs: 1_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 50_000, leaseMs: 1_000, limit: 10 })).toEqual([id]);
      // Waiting for an approval: no wakeAt, only a command wakes it.
      await s.commit({ runId: id, owner: 'B', run: { wakeAt: undefined }, events: [] });
      await s.releaseRun('B', id);
      expect(await s.claimRuns({ owner: 'C', now: 999_999, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await s.addCommand(id, { type: 'approve', stepId: 'ok', approved: true, by: 'ann' }, 60_000);
      expect(await s.claimRuns({ owner: 'C', now: 60_000, leaseMs: 1_000, limit: 10 })).toEqual([id]);
      const cmds = await s.listCommands(id);
      expect(cmds).toEqual([
        {
          id: expect.any(Number) as number,
          runId: id,
          command: { type: 'approve', stepId: 'ok', approved: true, by: 'ann' },
          createdAt: 60_000,
        },
      ]);
      await s.commit({
        runId: id,
        owner: 'C',
        run: { status: 'SUCCESS', finishedAt: 61_000 },
        events: [ev('run.succeeded')],
        ackCommands: cmds.map((c) => c.id),
      });
      expect(await s.listCommands(id)).toEqual([]);
      await s.releaseRun('C', id);
      await s.addCommand(id, { type: 'cancel' }, 62_000);
      expect(await s.claimRuns({ owner: 'D', now: 10_000_000, leaseMs: 1_000, limit: 10 })).toEqual([]);
    });

    it('keeps commands in order and acknowledges only the ones named', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A');
      await s.addCommand(id, { type: 'debug', stepId: 'x', action: 'continue' }, 10);
      await s.addCommand(id, { type: 'debug', stepId: 'x', action: 'skip' }, 11);
      await s.addCommand(id, { type: 'retry', fromStepId: 'y' }, 12);
      const cmds = await s.listCommands(id);
      expect(cmds.map((c) => c.command)).toEqual([
        { type: 'debug', stepId: 'x', action: 'continue' },
        { type: 'debug', stepId: 'x', action: 'skip' },
        { type: 'retry', fromStepId: 'y' },
      ]);
      await s.commit({
        runId: id,
        owner: 'A',
        events: [ev('debug.command')],
        ackCommands: [cmds[0]?.id ?? 0],
      });
      expect((await s.listCommands(id)).map((c) => c.createdAt)).toEqual([11, 12]);
      await expect(s.addCommand('missing' as RunId, { type: 'cancel' }, 1)).rejects.toThrow(/missing/);
    });

    it('respects the claim limit', async () => {
      const s = await open();
      for (let i = 0; i < 5; i++) await s.createRun(newRun({ createdAt: 1_000 + i }));
      const a = await s.claimRuns({ owner: 'A', now: 2_000, leaseMs: 1_000, limit: 2 });
      const b = await s.claimRuns({ owner: 'B', now: 2_000, leaseMs: 1_000, limit: 10 });
      expect(a).toHaveLength(2);
      expect(b).toHaveLength(3);
      expect(new Set([...a, ...b]).size).toBe(5);
      expect(await s.claimRuns({ owner: 'C', now: 2_000, leaseMs: 1_000, limit: 0 })).toEqual([]);
    });

    it('admits QUEUED runs in creation order under the workflow concurrency limit', async () => {
      const s = await open();
      const ids: RunId[] = [];
      for (let i = 0; i < 4; i++)
        ids.push(
          (await s.createRun(newRun({ workflowId: 'limited', concurrencyLimit: 2, createdAt: 1_000 + i })))
            .run.id,
        );
      const free = (await s.createRun(newRun({ workflowId: 'free', createdAt: 5_000 }))).run.id;
      const first = await s.claimRuns({ owner: 'A', now: 10_000, leaseMs: 60_000, limit: 10 });
      expect(first.sort()).toEqual([ids[0], ids[1], free].sort());
      // Admitted but not yet started still holds a slot: another engine gets nothing of `limited`.
      expect(await s.claimRuns({ owner: 'B', now: 10_000, leaseMs: 60_000, limit: 10 })).toEqual([]);
      const [r0, r1] = [ids[0] as RunId, ids[1] as RunId];
      await s.commit({ runId: r0, owner: 'A', run: { status: 'RUNNING' }, events: [ev('run.started')] });
      await s.commit({ runId: r1, owner: 'A', run: { status: 'WAITING' }, events: [ev('run.waiting')] });
      expect(await s.claimRuns({ owner: 'B', now: 10_001, leaseMs: 60_000, limit: 10 })).toEqual([]);
      await s.commit({
        runId: r0,
        owner: 'A',
        run: { status: 'SUCCESS', finishedAt: 10_002 },
        events: [ev('run.succeeded')],
      });
      expect(await s.claimRuns({ owner: 'B', now: 10_003, leaseMs: 60_000, limit: 10 })).toEqual([ids[2]]);
      await s.commit({
        runId: r1,
        owner: 'A',
        run: { status: 'CANCELLED', finishedAt: 10_004 },
        events: [ev('run.cancelled')],
      });
      expect(await s.claimRuns({ owner: 'C', now: 10_005, leaseMs: 60_000, limit: 10 })).toEqual([ids[3]]);
    });

    it('pages through events after a sequence number', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A');
      await s.commit({
        runId: id,
        owner: 'A',
        events: Array.from({ length: 25 }, (_, i) => ev('step.log', 's', { i })),
      });
      const page1 = await s.listEvents(id, 0, 10);
      const page2 = await s.listEvents(id, 10, 10);
      const page3 = await s.listEvents(id, 20, 10);
      expect(page1.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page2.map((e) => e.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      expect(page3.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25, 26]);
      expect(page3[5]?.data).toEqual({ i: 24 });
      expect(await s.listEvents(id, 26, 10)).toEqual([]);
    });

    it('lists the child runs of a parent', async () => {
      const s = await open();
      const parent = (await s.createRun(newRun())).run.id;
      const c1 = (
        await s.createRun(
          newRun({ workflowId: 'child', parent: { runId: parent, stepId: 'sub' }, createdAt: 2_000 }),
        )
      ).run.id;
      const c2 = (
        await s.createRun(
          newRun({ workflowId: 'child', parent: { runId: parent, stepId: 'sub2' }, createdAt: 3_000 }),
        )
      ).run.id;
      await s.createRun(newRun());
      const kids = await s.listChildRuns(parent);
      expect(kids.map((r) => [r.id, r.parent])).toEqual([
        [c1, { runId: parent, stepId: 'sub' }],
        [c2, { runId: parent, stepId: 'sub2' }],
      ]);
      expect(await s.listChildRuns(c1)).toEqual([]);
    });

    it('creates a run already leased and admitted when asked (the creating engine starts it itself)', async () => {
      const s = await open();
      const { run, created } = await s.createRun(
        newRun({ createdAt: 1_000, lease: { owner: 'A', until: 31_000 } }),
      );
      expect(created).toBe(true);
      expect(run).toMatchObject({ status: 'QUEUED', lastSeq: 1 });
      expect((await s.listEvents(run.id, 0, 10))[0]?.data).not.toHaveProperty('lease');
      // No claim is needed to commit, and nobody else can claim it while the lease lives.
      expect(
        await s.commit({
          runId: run.id,
          owner: 'A',
          run: { status: 'RUNNING', startedAt: 1_001 },
          events: [ev('run.started')],
        }),
      ).toBe(2);
      expect(await s.claimRuns({ owner: 'B', now: 30_999, leaseMs: 1_000, limit: 10 })).toEqual([]);
      // Its creator died: once the lease expires another engine takes it over.
      expect(await s.claimRuns({ owner: 'B', now: 31_000, leaseMs: 1_000, limit: 10 })).toEqual([run.id]);
      await expect(
        s.commit({ runId: run.id, owner: 'A', events: [ev('step.started', 'a')] }),
      ).rejects.toBeInstanceOf(LeaseLostError);
    });

    it('a commit that creates its run (Commit.create) stores it as createRun then the commit would', async () => {
      const s = await open();
      const lease = { owner: 'A', until: 60_000 };
      // Ended in its first commit (a sync webhook's run), next to one that goes on, in one turn.
      const done = newRun({ inputs: { n: 1 }, trigger: { type: 'webhook', body: { n: 1 } }, lease });
      const going = newRun({ lease });
      const [lastDone, lastGoing] = await Promise.all([
        s.commit({
          runId: done.id,
          owner: 'A',
          create: done,
          run: {
            status: 'SUCCESS',
            outputs: { n: 2 },
            startedAt: 2_000,
            finishedAt: 2_001,
            wakeAt: undefined,
          },
          steps: [step(done.id, 'a', { status: 'SUCCESS', output: 2, finishedAt: 2_001 })],
          events: [
            ev('run.started'),
            ev('step.started', 'a'),
            ev('step.succeeded', 'a'),
            ev('run.succeeded'),
          ],
          release: true,
        }),
        s.commit({
          runId: going.id,
          owner: 'A',
          create: going,
          run: { status: 'RUNNING', startedAt: 2_000 },
          steps: [step(going.id, 'a')],
          events: [ev('run.started'), ev('step.started', 'a')],
        }),
      ]);
      expect([lastDone, lastGoing]).toEqual([5, 3]);
      expect(await s.getRun(done.id)).toEqual({
        id: done.id,
        workflowId: 'wf',
        workflowVersion: 1,
        status: 'SUCCESS',
        inputs: { n: 1 },
        outputs: { n: 2 },
        trigger: { type: 'webhook', body: { n: 1 } },
        createdAt: 1_000,
        startedAt: 2_000,
        finishedAt: 2_001,
        lastSeq: 5,
      });
      const events = await s.listEvents(done.id, 0, 10);
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'run.created'],
        [2, 'run.started'],
        [3, 'step.started'],
        [4, 'step.succeeded'],
        [5, 'run.succeeded'],
      ]);
      expect(events[0]?.data).toEqual({
        workflowId: 'wf',
        workflowVersion: 1,
        inputs: { n: 1 },
        trigger: { type: 'webhook', body: { n: 1 } },
      });
      expect(await s.getSteps(done.id)).toMatchObject([{ stepId: 'a', status: 'SUCCESS', output: 2 }]);
      // Neither is claimable by another engine: one ended, the other is leased to A.
      const claimed = await s.claimRuns({ owner: 'B', now: 3_000, leaseMs: 1_000, limit: 10 });
      expect(claimed).toEqual([]);
      expect(await s.getRun(going.id)).toMatchObject({ status: 'RUNNING', lastSeq: 3 });
      await expect(
        s.commit({
          runId: going.id,
          owner: 'A',
          run: { status: 'SUCCESS', finishedAt: 4_000 },
          events: [ev('run.succeeded')],
          release: true,
        }),
      ).resolves.toBe(4);
      // A second create of the same run fails and writes nothing.
      await expect(
        s.commit({ runId: going.id, owner: 'A', create: going, events: [ev('run.started')] }),
      ).rejects.toThrow();
      expect(await s.getRun(going.id)).toMatchObject({ status: 'SUCCESS', lastSeq: 4 });
      // A patch that sets a column beyond the run's state (here its inputs) is stored as the commit
      // says all the same (SQLite: as a create, then the commit).
      const other = newRun({ inputs: { n: 1 }, lease });
      await expect(
        s.commit({
          runId: other.id,
          owner: 'A',
          create: other,
          run: { inputs: { n: 2 }, startedAt: 2_500 },
          events: [ev('run.started')],
        }),
      ).resolves.toBe(2);
      expect(await s.getRun(other.id)).toMatchObject({
        status: 'QUEUED',
        inputs: { n: 2 },
        startedAt: 2_500,
        lastSeq: 2,
      });
    });

    it('a leased QUEUED run is taken over once its lease expires, and a reused key ignores the lease', async () => {
      const s = await open();
      const { run } = await s.createRun(
        newRun({ createdAt: 1_000, idempotencyKey: 'k', lease: { owner: 'A', until: 5_000 } }),
      );
      const again = await s.createRun(
        newRun({ createdAt: 1_001, idempotencyKey: 'k', lease: { owner: 'B', until: 90_000 } }),
      );
      expect(again).toMatchObject({ created: false, run: { id: run.id } });
      expect(await s.claimRuns({ owner: 'B', now: 4_999, leaseMs: 1_000, limit: 10 })).toEqual([]);
      expect(await s.claimRuns({ owner: 'B', now: 5_000, leaseMs: 1_000, limit: 10 })).toEqual([run.id]);
    });

    it('a commit with `release` gives up the lease in the same transaction, after the fence check', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', { createdAt: 1_000 });
      await expect(
        s.commit({ runId: id, owner: 'B', release: true, events: [ev('run.started')] }),
      ).rejects.toBeInstanceOf(LeaseLostError);
      await s.commit({
        runId: id,
        owner: 'A',
        run: { status: 'RUNNING', startedAt: 1_002 },
        events: [ev('run.started')],
        release: true,
      });
      // Released mid-flight: a RUNNING run nobody holds is claimable at once by anyone.
      expect(await s.claimRuns({ owner: 'B', now: 1_003, leaseMs: 60_000, limit: 10 })).toEqual([id]);
      expect(
        await s.commit({
          runId: id,
          owner: 'B',
          run: { status: 'SUCCESS', finishedAt: 1_004 },
          events: [ev('run.succeeded')],
          release: true,
        }),
      ).toBe(3);
      await expect(s.commit({ runId: id, owner: 'B', events: [ev('step.log', 'a')] })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      expect(await s.getRun(id)).toMatchObject({ status: 'SUCCESS', lastSeq: 3 });
    });

    it('round-trips values exactly: null vs absent output, unicode, nested data', async () => {
      const s = await open();
      const id = await createClaimed(s, 'A', {
        inputs: { text: 'héllo ✓ 日本', list: [1, null, { a: true }] },
        trigger: { type: 'webhook', body: { x: 1 } },
      });
      await s.commit({
        runId: id,
        owner: 'A',
        steps: [step(id, 'n', { output: null }), step(id, 'u')],
        events: [ev('step.succeeded', 'n', { v: null })],
      });
      const steps = (await s.getSteps(id)).sort((x, y) => x.stepId.localeCompare(y.stepId));
      expect(steps[0]?.output).toBeNull();
      expect('output' in (steps[1] ?? {})).toBe(false);
      const run = await s.getRun(id);
      expect(run?.inputs).toEqual({ text: 'héllo ✓ 日本', list: [1, null, { a: true }] });
      expect(run?.trigger).toEqual({ type: 'webhook', body: { x: 1 } });
    });

    it('round-trips values exactly in a group commit: null fields, key order, quotes and escapes', async () => {
      const s = await open();
      const ids = [await createClaimed(s, 'A'), await createClaimed(s, 'A')];
      const odd = { z: 'a "quote" \\ back\nslash \u0001 😀', a: [null, { y: 1, b: 2 }], m: {} };
      // One turn, two runs: the commits travel in one statement.
      await Promise.all(
        ids.map((id) =>
          s.commit({
            runId: id,
            owner: 'A',
            run: { status: 'SUCCESS', outputs: odd, error: undefined, finishedAt: 9 },
            steps: [
              step(id, 'nulls', { input: null, output: null, error: null as never, state: null }),
              step(id, 'odd', { status: 'SUCCESS', input: odd, output: odd, port: 'true' }),
              step(id, 'bare'),
            ],
            events: [ev('step.succeeded', 'odd', { output: odd }), ev('run.succeeded', undefined, odd)],
          }),
        ),
      );
      for (const id of ids) {
        const steps = (await s.getSteps(id)).sort((x, y) => x.stepId.localeCompare(y.stepId));
        const [bare, nulls, oddStep] = steps;
        expect(['input', 'output', 'error', 'state'].filter((k) => k in (bare ?? {}))).toEqual([]);
        expect(nulls).toMatchObject({ input: null, output: null, error: null, state: null });
        expect(oddStep).toMatchObject({ input: odd, output: odd, port: 'true' });
        expect(Object.keys(oddStep?.output as object)).toEqual(['z', 'a', 'm']);
        const events = await s.listEvents(id, 1, 10);
        expect(events.map((e) => [e.type, e.stepId, e.data])).toEqual([
          ['step.succeeded', 'odd', { output: odd }],
          ['run.succeeded', undefined, odd],
        ]);
        expect(Object.keys(events[1]?.data ?? {})).toEqual(['z', 'a', 'm']);
        expect(await s.getRun(id)).toMatchObject({ status: 'SUCCESS', outputs: odd, finishedAt: 9 });
      }
    });
  });
}

/**
 * Commits 151 events to a new run of `s` (a lone one, then 150 in one commit: one too large to share a
 * packed row, with `fractionalAt` one at a time that is not a whole ms,
 * which SQLite stores and PostgreSQL's bigint column refuses) and checks that they
 * come back one by one, from any seq, by any limit. Returns the run, whose rows the caller inspects.
 */
export async function expectEventsRoundTrip(s: Store, o: { fractionalAt: boolean }): Promise<RunId> {
  const id = await createClaimed(s, 'A');
  const events = Array.from({ length: 150 }, (_, i) =>
    ev(
      i % 2 ? 'step.succeeded' : 'step.started',
      `s"${i >> 1}`,
      i === 77 ? { big: 'x'.repeat(40_000) } : { i },
      i === 100 && o.fractionalAt ? 2_100.5 : 2_000 + i * 7,
    ),
  );
  await s.commit({ runId: id, owner: 'A', events: events.slice(0, 1) }); // a lone event: a plain row
  await s.commit({ runId: id, owner: 'A', events: events.slice(1) });
  const all = await s.listEvents(id, 0, 1000);
  expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 151 }, (_, i) => i + 1));
  expect(all.slice(1)).toEqual(events.map((e, i) => ({ ...e, runId: id, seq: i + 2 })));
  for (const after of [0, 1, 2, 40, 64, 65, 66, 77, 78, 79, 80, 140, 150, 151])
    for (const limit of [0, 1, 3, 64, 200])
      expect(await s.listEvents(id, after, limit), `after ${after}, limit ${limit}`).toEqual(
        all.filter((e) => e.seq > after).slice(0, limit),
      );
  return id;
}
