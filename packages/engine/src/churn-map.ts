/**
 * Maps and sets for entries that come and go all the time (one per run in flight) inside an object
 * that lives as long as the process (the engine's registries of runs).
 *
 * Why not a plain `Map`: V8 keeps a Map's retired hash tables (replaced when it grows, shrinks, is
 * cleared, or has filled up with deleted entries) linked to their successors, still holding the
 * entries they had when retired, until the next full collection. Once one table of a long-lived Map
 * has been promoted to the old generation, that dead table keeps every later table — and every run
 * that sat in one when it was retired — alive through each young collection, so they are all
 * promoted and only a full collection frees them: ~4–5 KB per webhook run, ~15% of the server's CPU
 * spent in GC (docs/server.md). Starting a fresh `Map` after a while ends the chain; the old one's
 * tables are then garbage like any other.
 *
 * Iteration (`values`, `keys`, `entries`) returns a copy, so a renewal during a loop cannot make the
 * loop see entries deleted meanwhile; these are for the rare paths (stop, leases), not per run.
 */

/** Deletions after which a fresh Map is started (and at least twice the entries it still holds). */
const RENEW_AFTER = 64;

export class ChurnMap<K, V> {
  private map = new Map<K, V>();
  private deletes = 0;

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    this.map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.map.delete(key)) return false;
    if (++this.deletes >= RENEW_AFTER && this.deletes >= 2 * this.map.size) {
      this.map = new Map(this.map);
      this.deletes = 0;
    }
    return true;
  }

  /** Empty it (a fresh Map: `Map.prototype.clear` retires the table with its entries in it). */
  clear(): void {
    if (this.map.size === 0 && this.deletes === 0) return;
    this.map = new Map();
    this.deletes = 0;
  }

  values(): V[] {
    return [...this.map.values()];
  }

  keys(): K[] {
    return [...this.map.keys()];
  }

  entries(): [K, V][] {
    return [...this.map.entries()];
  }
}

/** A Set with the same renewal as `ChurnMap` (see there). */
export class ChurnSet<T> {
  private set = new Set<T>();
  private deletes = 0;

  get size(): number {
    return this.set.size;
  }

  has(value: T): boolean {
    return this.set.has(value);
  }

  add(value: T): this {
    this.set.add(value);
    return this;
  }

  delete(value: T): boolean {
    if (!this.set.delete(value)) return false;
    if (++this.deletes >= RENEW_AFTER && this.deletes >= 2 * this.set.size) {
      this.set = new Set(this.set);
      this.deletes = 0;
    }
    return true;
  }

  clear(): void {
    if (this.set.size === 0 && this.deletes === 0) return;
    this.set = new Set();
    this.deletes = 0;
  }

  values(): T[] {
    return [...this.set];
  }
}
