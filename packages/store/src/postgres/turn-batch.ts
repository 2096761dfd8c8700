/** The outcome of one write of a batch: each write succeeds or fails on its own. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Collects the items added during two event-loop turns and hands them to `send` together (at the
 * second `setImmediate` after the first item: the I/O callbacks of the next turn — answers of
 * statements and requests already in flight — add theirs too, so fewer, larger statements carry the
 * same commits; as the SQLite store's group commit does, see docs/operations.md). A batch that reaches
 * `maxItems` is sent at once, while the turn goes on: the server starts on it while this process
 * still computes the rest, and the batches of a busy turn run side by side on several connections
 * (one statement of 1,000 runs kept the server waiting for node, then node waiting for the server).
 * Several batches may be in flight at once (one per pool connection); an item whose `key` (its run)
 * is in a batch still in flight waits for that batch, so two writes to one run keep their order even
 * when a full batch splits a turn, or they come in two turns.
 */
export class TurnBatch<I, O> {
  private pending: Pending<I, O>[] = [];
  private readonly flights = new Set<Promise<void>>();
  /** The batch in flight that holds an item of each key. */
  private readonly byKey = new Map<string, Promise<void>>();

  constructor(
    private readonly send: (items: I[]) => Promise<Settled<O>[]>,
    private readonly opts: { maxItems?: number; key?: (item: I) => string } = {},
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => setImmediate(() => void this.flush()));
      else if (this.pending.length >= (this.opts.maxItems ?? Infinity)) void this.flush();
    });
  }

  /** Sends what waits and resolves once no batch is in flight (for `close`). */
  async drain(): Promise<void> {
    await this.flush();
    await Promise.all(this.flights);
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return Promise.resolve();
    const keyOf = this.opts.key;
    const keys = keyOf ? batch.map((p) => keyOf(p.item)) : [];
    const before = new Set<Promise<void>>();
    for (const k of keys) {
      const f = this.byKey.get(k);
      if (f) before.add(f);
    }
    const flight = (
      before.size ? Promise.all(before).then(() => this.sendBatch(batch)) : this.sendBatch(batch)
    ).finally(() => {
      this.flights.delete(flight);
      for (const k of keys) if (this.byKey.get(k) === flight) this.byKey.delete(k);
    });
    this.flights.add(flight);
    for (const k of keys) this.byKey.set(k, flight);
    return flight;
  }

  private async sendBatch(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.send(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const o = out[i] as Settled<O>;
        if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
