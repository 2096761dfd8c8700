/**
 * The host side of `weft_tz` (packages/sandbox/ABI.md): UTC offsets of an IANA time zone at given
 * instants, from the JavaScript engine's own time-zone database (ICU, through `Intl`) — the data a
 * Temporal user gets. Used by the sandbox and by `loadBlock` / `weft block test`.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The offset from UTC, in seconds, of `zone` at `epochMs`. */
function offsetAt(f: Intl.DateTimeFormat, epochMs: number): number {
  const at = Math.floor(epochMs / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  // Date.UTC reads years 0-99 as 1900-1999: build in 2000 (a leap year) and set the year after.
  const wall = Date.UTC(
    year >= 100 ? year : 2000,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const d = new Date(wall);
  if (year < 100) d.setUTCFullYear(year);
  return Math.round((d.getTime() - at) / 1000);
}

export type TimeZoneAnswer =
  { ok: true; zone: string; offsets: number[] } | { ok: false; error: { code: string; message: string } };

/** Answers `{ zone, instants: [epochMs…] }` with `{ ok, zone, offsets: [seconds…] }`. */
export function timeZoneOffsets(request: unknown): TimeZoneAnswer {
  const req = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const zone = req.zone;
  const instants = req.instants;
  if (typeof zone !== 'string' || zone === '' || !Array.isArray(instants) || instants.length > 64)
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'weft_tz: the request needs a zone and at most 64 instants' },
    };
  const f = formatter(zone);
  if (!f) return { ok: false, error: { code: 'INVALID_INPUT', message: `unknown time zone "${zone}"` } };
  const offsets: number[] = [];
  for (const t of instants) {
    if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > 8.64e15)
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'weft_tz: an instant is out of range' } };
    offsets.push(offsetAt(f, t));
  }
  return { ok: true, zone, offsets };
}
