import { setOwn } from '@weft/dsl';

/**
 * Secrets shorter than this are not masked: a one- or two-letter value matches inside ordinary words
 * and shreds every message (`s***ep "crm" f***iled`), and it is no secret anyway (the Azure Pipelines
 * agent, whose masker GitHub's runner shares, has the same floor as a setting). The run log gets a
 * warning naming the secret instead. It is longer than the `***` that replaces a value, so masking
 * always shortens a string and masking masked text again can never make it grow.
 */
export const MIN_MASKED_LENGTH = 4;

/** Encoded forms this short could match by chance inside unrelated text (base64 blobs). */
const MIN_ENCODED_LENGTH = 8;

/**
 * The forms a secret takes when a step writes it somewhere the masker reads: inside JSON text
 * (escaped `"`, `\`, newlines: PEM keys, JSON credentials), a URL (percent-encoded) or base64 (a Basic
 * auth header, a `$base64encode`). Base64 also at the two byte offsets where a value that follows other
 * bytes (`user:password`) starts inside an encoded group: only the characters those bytes decide.
 */
function encodedForms(value: string): string[] {
  const forms = new Set<string>();
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1)); // JSON text inside a JSON string (a logged payload)
  try {
    forms.add(encodeURIComponent(value));
  } catch {
    // a lone surrogate: no URL form
  }
  const bytes = new TextEncoder().encode(value);
  const b64 = base64(bytes);
  forms.add(b64);
  forms.add(toUrl(b64));
  for (let shift = 0; shift < 3; shift++) {
    const rest = bytes.subarray(shift);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    if (whole.length === 0) continue;
    const core = base64(whole);
    forms.add(core);
    forms.add(toUrl(core));
  }
  forms.delete(value);
  return [...forms].filter((f) => f.length >= MIN_ENCODED_LENGTH);
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const toUrl = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Replaces secret values by `***` in everything the engine stores or emits (dsl-v1 §4): strings and
 * object keys, the values themselves and their escaped and encoded forms, and values derived from
 * them (see {@link SecretMask.derive}). One pass per string finds every match first and then replaces
 * the merged ranges, so one secret's `***` is never matched by another.
 */
export class SecretMask {
  /** Every form to replace, longest first. */
  private values: string[] = [];
  private readonly known = new Set<string>();

  /**
   * Mask `value` (and its encoded forms). Returns false, masking nothing, when the value is shorter
   * than {@link MIN_MASKED_LENGTH} (the caller warns).
   */
  add(value: string): boolean {
    if (value.length < MIN_MASKED_LENGTH) return false;
    if (this.known.has(value)) return true;
    this.known.add(value);
    const added = [value, ...encodedForms(value)].filter((f) => !this.values.includes(f));
    this.values = [...this.values, ...added].sort((a, b) => b.length - a.length);
    return true;
  }

  /**
   * A value an expression computed from a secret is a secret too (taint): every string in it long
   * enough to mask is added, so `$base64encode(secrets.KEY)` or `$substring(secrets.KEY, 0, 8)` is
   * masked wherever it appears later.
   */
  derive(value: unknown): void {
    const stack: unknown[] = [value];
    // Strings taken from one value: an expression that wraps a secret and a big list together taints
    // the first ones only (a list of thousands is data, not secrets, and every mask costs a scan).
    let budget = 256;
    while (stack.length > 0 && budget > 0) {
      const v = stack.pop();
      if (typeof v === 'string') {
        budget--;
        // One that holds a known secret verbatim is masked there already (`Bearer ***` stays readable).
        if (this.text(v) === v) this.add(v);
      } else if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === 'object') stack.push(...Object.values(v));
    }
  }

  get active(): boolean {
    return this.values.length > 0;
  }

  text(s: string): string {
    let ranges: [number, number][] | undefined;
    for (const v of this.values) {
      for (let at = s.indexOf(v); at !== -1; at = s.indexOf(v, at + v.length))
        (ranges ??= []).push([at, at + v.length]);
    }
    if (!ranges) return s;
    ranges.sort((a, b) => a[0] - b[0]);
    let out = '';
    let pos = 0;
    let [start, end] = ranges[0] as [number, number];
    for (const [from, to] of ranges) {
      if (from <= end) end = Math.max(end, to);
      else {
        out += `${s.slice(pos, start)}***`;
        pos = end;
        start = from;
        end = to;
      }
    }
    return `${out}${s.slice(pos, start)}***${s.slice(end)}`;
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
      for (const [k, x] of Object.entries(v)) {
        let key = this.text(k);
        // Two keys that mask alike both survive (`***`, `***#2`): masking never drops data.
        for (let n = 2; key !== k && Object.prototype.hasOwnProperty.call(out, key); n++)
          key = `${this.text(k)}#${n}`;
        setOwn(out, key, this.walk(x));
      }
      return out;
    }
    return v;
  }
}
