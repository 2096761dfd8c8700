import { setOwn } from '@weft/dsl';

/** Replaces secret values by `***` in everything the engine stores or emits (dsl-v1 §4). */
export class SecretMask {
  private readonly values: string[] = [];

  add(value: string): void {
    if (value.length > 0 && !this.values.includes(value)) {
      this.values.push(value);
      this.values.sort((a, b) => b.length - a.length); // longest first, so overlaps mask fully
    }
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  text(s: string): string {
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('***');
    return out;
  }

  /** A masked deep copy (or the value itself when no secret is known). */
  apply<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) setOwn(out, k, this.walk(x));
      return out;
    }
    return v;
  }
}
