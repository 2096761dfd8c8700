// Time zones: UTC and fixed offsets here; IANA zones through the host's `weft_tz` (the engine's
// ICU data, what Temporal uses). Wall time → instant follows Temporal's disambiguation.
import { Json, timeZones } from '@weft/block-sdk/assembly';
import { Civil, MS_PER_DAY } from './civil';

/** The first problem met (unknown zone, host failure), '' when none. */
export let zoneError = '';

/** Forgets the previous call's problem (the module instance is reused between calls). */
export function resetZoneError(): void {
  zoneError = '';
}

export class Zone {
  /** `UTC`, `+05:30` or an IANA name. */
  id: string = 'UTC';
  /** Fixed offset in seconds when `fixed`. */
  fixedOffset: i32 = 0;
  fixed: bool = true;

  /** Offset from UTC in seconds at an instant. */
  offsetAt(epochMs: i64): i32 {
    if (this.fixed) return this.fixedOffset;
    const r = this.offsetsAt([epochMs]);
    return r.length > 0 ? r[0] : 0;
  }

  offsetsAt(instants: i64[]): i32[] {
    const out: i32[] = [];
    if (this.fixed) {
      for (let i = 0; i < instants.length; i++) out.push(this.fixedOffset);
      return out;
    }
    const list = Json.Arr();
    for (let i = 0; i < instants.length; i++) list.push(Json.Num(<f64>instants[i]));
    const a = timeZones.offsets(Json.Obj().setString('zone', this.id).set('instants', list));
    if (!a.ok) {
      if (zoneError.length == 0) zoneError = a.errorMessage;
      for (let i = 0; i < instants.length; i++) out.push(0);
      return out;
    }
    const offs = a.value.get('offsets');
    for (let i = 0; i < instants.length; i++) {
      const v: Json | null = offs == null ? null : offs.at(i);
      out.push(v == null ? 0 : <i32>v.asNumber());
    }
    return out;
  }

  /**
   * The instant a wall-clock reading names in this zone. In a gap (spring forward) `compatible` and
   * `later` move forward by the gap, `earlier` backward; in an overlap (fall back) `compatible` and
   * `earlier` take the first instant, `later` the second; `reject` fails on both.
   */
  instantOf(wall: Civil, disambiguation: string): InstantResult {
    const w = wall.toMs();
    if (this.fixed) return new InstantResult(w - <i64>this.fixedOffset * 1000, '');
    const around = this.offsetsAt([w - MS_PER_DAY, w + MS_PER_DAY]);
    const before = <i64>around[0] * 1000;
    const after = <i64>around[1] * 1000;
    const t1 = w - before;
    const t2 = w - after;
    const check = this.offsetsAt([t1, t2]);
    const ok1 = <i64>check[0] * 1000 == before;
    const ok2 = <i64>check[1] * 1000 == after;
    if (ok1 && ok2 && t1 != t2) {
      if (disambiguation == 'reject')
        return new InstantResult(0, 'the local time is ambiguous in ' + this.id + ' (clocks go back)');
      return new InstantResult(disambiguation == 'later' ? max(t1, t2) : min(t1, t2), '');
    }
    if (ok1) return new InstantResult(t1, '');
    if (ok2) return new InstantResult(t2, '');
    // A gap: no instant shows this reading.
    if (disambiguation == 'reject')
      return new InstantResult(0, 'the local time does not exist in ' + this.id + ' (clocks go forward)');
    return new InstantResult(disambiguation == 'earlier' ? w - after : w - before, '');
  }
}

export class InstantResult {
  constructor(
    public epochMs: i64,
    public error: string,
  ) {}
}

function digits(s: string, from: i32, n: i32): i32 {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Seconds of an offset text `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS`; i32.MIN_VALUE when invalid. */
export function parseOffset(s: string): i32 {
  if (s == 'Z' || s == 'z') return 0;
  if (s.length < 3) return i32.MIN_VALUE;
  const sign = s.charAt(0) == '-' || s.charAt(0) == '\u2212' ? -1 : s.charAt(0) == '+' ? 1 : 0;
  if (sign == 0) return i32.MIN_VALUE;
  const h = digits(s, 1, 2);
  let m = 0;
  let sec = 0;
  if (s.length == 3) m = 0;
  else if (s.length == 5) m = digits(s, 3, 2);
  else if (s.length == 6 && s.charAt(3) == ':') m = digits(s, 4, 2);
  else if (s.length == 9 && s.charAt(3) == ':' && s.charAt(6) == ':') {
    m = digits(s, 4, 2);
    sec = digits(s, 7, 2);
  } else return i32.MIN_VALUE;
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return i32.MIN_VALUE;
  return sign * (h * 3600 + m * 60 + sec);
}

function pad2(n: i32): string {
  return n < 10 ? '0' + n.toString() : n.toString();
}

/** `+HH:MM` (with `:SS` when the offset has seconds, as in local mean times before 1900). */
export function formatOffset(seconds: i32, colon: bool = true): string {
  const sign = seconds < 0 ? '-' : '+';
  const a = seconds < 0 ? -seconds : seconds;
  const sep = colon ? ':' : '';
  let s = sign + pad2(a / 3600) + sep + pad2((a / 60) % 60);
  if (a % 60 != 0) s += sep + pad2(a % 60);
  return s;
}

/** A zone from `UTC`, an offset, or an IANA name (checked with the host). */
export function zoneOf(id: string): Zone | null {
  const z = new Zone();
  if (id == 'UTC' || id == 'utc' || id == 'Etc/UTC' || id == 'Z') return z;
  const off = parseOffset(id);
  if (off != i32.MIN_VALUE) {
    z.id = formatOffset(off);
    z.fixedOffset = off;
    return z;
  }
  z.id = id;
  z.fixed = false;
  zoneError = '';
  z.offsetAt(0);
  return zoneError.length > 0 ? null : z;
}
