import type { RunEvent, RunId, Store } from './ports';

interface Sub {
  listener: (e: RunEvent) => void;
  last: number;
  /** Live events that arrive while stored ones are being replayed. */
  buffer: RunEvent[] | undefined;
}

const PAGE = 1000;

/** Fan-out of a run's events: stored ones first, then live ones, each exactly once and in order. */
export class Subscriptions {
  private readonly subs = new Map<RunId, Set<Sub>>();

  constructor(private readonly store: Store) {}

  async allEvents(runId: RunId, afterSeq = 0): Promise<RunEvent[]> {
    const out: RunEvent[] = [];
    for (;;) {
      const page = await this.store.listEvents(runId, afterSeq, PAGE);
      out.push(...page);
      if (page.length < PAGE) return out;
      afterSeq = (page[page.length - 1] as RunEvent).seq;
    }
  }

  subscribe(runId: RunId, fromSeq: number, listener: (e: RunEvent) => void): () => void {
    const sub: Sub = { listener, last: Math.max(0, fromSeq - 1), buffer: [] };
    const set = this.subs.get(runId) ?? new Set();
    set.add(sub);
    this.subs.set(runId, set);
    void this.allEvents(runId, sub.last)
      .then((stored) => {
        const pending = sub.buffer ?? [];
        sub.buffer = undefined;
        this.deliver(sub, stored);
        this.deliver(sub, pending);
      })
      .catch(() => {
        sub.buffer = undefined;
      });
    return () => {
      set.delete(sub);
      // Only this set: an unsubscribe that comes late must not drop the set that replaced it.
      if (set.size === 0 && this.subs.get(runId) === set) this.subs.delete(runId);
    };
  }

  private deliver(sub: Sub, events: readonly RunEvent[]): void {
    for (const e of events) {
      if (e.seq <= sub.last) continue;
      sub.last = e.seq;
      try {
        sub.listener(e);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  publish(runId: RunId, events: readonly RunEvent[]): void {
    const set = this.subs.get(runId);
    if (!set) return;
    for (const sub of set) {
      if (sub.buffer) sub.buffer.push(...events);
      else this.deliver(sub, events);
    }
  }

  /** Runs driven by other processes: fetch what they committed since last time. */
  async pollRemote(isLocal: (runId: RunId) => boolean): Promise<void> {
    for (const [runId, set] of this.subs) {
      if (isLocal(runId)) continue;
      const ready = [...set].filter((s) => !s.buffer);
      if (ready.length === 0) continue;
      const from = Math.min(...ready.map((s) => s.last));
      try {
        const events = await this.allEvents(runId, from);
        for (const s of ready) this.deliver(s, events);
      } catch {
        // try again next poll
      }
    }
  }

  close(): void {
    this.subs.clear();
  }
}
