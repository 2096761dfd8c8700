import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions';
import { MemoryStore } from './testing/memory-store';
import type { RunEvent, RunId } from './ports';

const ev = (seq: number): RunEvent =>
  ({ seq, type: 'step.started', stepId: 's', at: seq, data: {} }) as RunEvent;

const R1 = 'r1' as RunId;

describe('Subscriptions', () => {
  it('a late unsubscribe of a replaced set does not cut off the listeners that came after it', async () => {
    const subs = new Subscriptions(new MemoryStore());
    const off1 = subs.subscribe(R1, 1, () => {});
    off1();
    const seen: number[] = [];
    subs.subscribe(R1, 1, (e) => seen.push(e.seq));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    // The first subscription's stream closes late (an HTTP stream is torn down after the fact).
    off1();
    subs.publish(R1, [ev(1), ev(2)]);
    expect(seen).toEqual([1, 2]);
  });
});
