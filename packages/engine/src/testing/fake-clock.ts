import type { Clock } from '../ports';

interface Timer {
  at: number;
  id: number;
  fn: () => void;
}

/** Lets pending promises (store calls, expression evaluation) settle. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A `Clock` that only moves when told to. `advance(ms)` fires due timers in time order;
 * `advanceAsync(ms)` also lets the engine's async work settle between timers, so a test can
 * run a week of retries and waits in milliseconds.
 */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  constructor(private current = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void): () => void {
    const t = { at, id: this.seq++, fn };
    this.timers.push(t);
    return () => {
      this.timers = this.timers.filter((x) => x !== t);
    };
  }

  /** Number of armed timers. */
  get pending(): number {
    return this.timers.length;
  }

  private next(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (t.at <= until && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    return best;
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (let t = this.next(target); t; t = this.next(target)) {
      this.timers = this.timers.filter((x) => x !== t);
      this.current = Math.max(this.current, t.at);
      t.fn();
    }
    this.current = target;
  }

  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (let t = this.next(target); t; t = this.next(target)) {
      this.timers = this.timers.filter((x) => x !== t);
      this.current = Math.max(this.current, t.at);
      t.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }
}
