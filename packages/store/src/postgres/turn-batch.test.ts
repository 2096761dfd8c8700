import { describe, expect, it } from 'vitest';
import { TurnBatch } from './turn-batch';
import type { Settled } from './turn-batch';

interface Write {
  run: string;
  n: number;
}

/** A `send` whose batches the test answers one by one. */
function server(): {
  send: (items: Write[]) => Promise<Settled<number>[]>;
  sent: Write[][];
  answer: (i: number) => void;
} {
  const sent: Write[][] = [];
  const answers: (() => void)[] = [];
  return {
    sent,
    send: (items) =>
      new Promise((resolve) => {
        sent.push(items);
        answers.push(() => resolve(items.map((w) => ({ ok: true, value: w.n }))));
      }),
    answer: (i) => answers[i]?.(),
  };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Until a batch begun before it is sent: two event-loop turns. */
const twoTurns = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('TurnBatch', () => {
  it('sends the writes of two turns together, and a full batch at once', async () => {
    const s = server();
    const b = new TurnBatch(s.send, { maxItems: 3 });
    const out = [1, 2, 3, 4].map((n) => b.add({ run: `r${n}`, n }));
    expect(s.sent.map((x) => x.map((w) => w.n))).toEqual([[1, 2, 3]]); // full: sent within the turn
    await nextTurn();
    expect(s.sent).toHaveLength(1); // 4 waits a turn for the writes the next turn's callbacks add
    out.push(b.add({ run: 'r5', n: 5 }));
    await nextTurn();
    expect(s.sent.map((x) => x.map((w) => w.n))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    s.answer(1);
    s.answer(0);
    expect(await Promise.all(out)).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends a batch two turns after its first write', async () => {
    const s = server();
    const b = new TurnBatch(s.send, { maxItems: 2 });
    const out = [1, 2, 3].map((n) => b.add({ run: `r${n}`, n }));
    expect(s.sent.map((x) => x.map((w) => w.n))).toEqual([[1, 2]]);
    await twoTurns();
    expect(s.sent.map((x) => x.map((w) => w.n))).toEqual([[1, 2], [3]]);
    s.answer(1);
    s.answer(0);
    expect(await Promise.all(out)).toEqual([1, 2, 3]);
  });

  it('holds a write back while an earlier write of the same key is in flight', async () => {
    const s = server();
    const b = new TurnBatch(s.send, { maxItems: 2, key: (w: Write) => w.run });
    const first = [b.add({ run: 'x', n: 1 }), b.add({ run: 'y', n: 2 })];
    const again = b.add({ run: 'x', n: 3 });
    const other = b.add({ run: 'z', n: 4 });
    await nextTurn();
    expect(s.sent).toHaveLength(1); // x's second write waits for its first, and z waits with it
    s.answer(0);
    expect(await Promise.all(first)).toEqual([1, 2]);
    await twoTurns();
    expect(s.sent.map((x) => x.map((w) => w.n))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const free = b.add({ run: 'w', n: 5 }); // no key in flight: sent two turns later
    await twoTurns();
    expect(s.sent).toHaveLength(3);
    s.answer(2);
    s.answer(1);
    expect(await Promise.all([again, other, free])).toEqual([3, 4, 5]);
    await b.drain();
  });
});
