// Reading ISO 8601 / RFC 3339 / RFC 9557 text: 2024-03-10, 2024-03-10T02:30, 2024-03-10 02:30:15.5Z,
// 2024-03-10T02:30:00-05:00[America/New_York]. Wall readings without an offset are read in a zone.
import { Civil, daysInMonth } from './civil';
import { parseOffset } from './zone';

export class Reading {
  civil: Civil = new Civil();
  /** Seconds; i32.MIN_VALUE when the text has no offset. */
  offset: i32 = i32.MIN_VALUE;
  /** The `[Zone]` annotation, '' when none. */
  zone: string = '';
  error: string = '';
}

function num(s: string, at: i32, n: i32): i32 {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Checks the ranges of a reading's fields; '' when valid. */
export function checkCivil(c: Civil): string {
  if (c.year < 1 || c.year > 9999) return 'the year must be 0001-9999';
  if (c.month < 1 || c.month > 12) return 'the month must be 1-12';
  if (c.day < 1 || c.day > daysInMonth(c.year, c.month))
    return (
      'day ' +
      c.day.toString() +
      ' does not exist in ' +
      c.year.toString() +
      '-' +
      (c.month < 10 ? '0' : '') +
      c.month.toString()
    );
  if (c.hour < 0 || c.hour > 23) return 'the hour must be 0-23';
  if (c.minute < 0 || c.minute > 59) return 'the minute must be 0-59';
  if (c.second < 0 || c.second > 59) return 'the second must be 0-59';
  return '';
}

function bad(r: Reading, text: string, why: string): Reading {
  r.error = 'not an ISO 8601 date-time: "' + text + '" (' + why + ')';
  return r;
}

export function readIso(text: string): Reading {
  const r = new Reading();
  const s = text.trim();
  const y = num(s, 0, 4);
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  if (y < 0 || s.length < 10 || s.charAt(4) != '-' || mo < 0 || s.charAt(7) != '-' || d < 0)
    return bad(r, text, 'expected YYYY-MM-DD');
  const c = r.civil;
  c.year = y;
  c.month = mo;
  c.day = d;
  let i = 10;
  if (i < s.length && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')) {
    const h = num(s, i + 1, 2);
    const mi = num(s, i + 4, 2);
    if (h < 0 || s.charAt(i + 3) != ':' || mi < 0) return bad(r, text, 'expected HH:MM after the date');
    c.hour = h;
    c.minute = mi;
    i += 6;
    if (i < s.length && s.charAt(i) == ':') {
      const sec = num(s, i + 1, 2);
      if (sec < 0) return bad(r, text, 'expected seconds after ":"');
      c.second = sec == 60 ? 59 : sec; // a leap second reads as :59, as Temporal does
      i += 3;
      if (i < s.length && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        i++;
        let frac = 0;
        let n = 0;
        while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
          if (n < 3) frac = frac * 10 + (s.charCodeAt(i) - 48);
          n++;
          i++;
        }
        if (n == 0 || n > 9) return bad(r, text, 'a fraction of a second needs 1-9 digits');
        for (let k = n; k < 3; k++) frac *= 10;
        c.millisecond = frac;
      }
    }
  }
  let end = s.length;
  const bracket = s.indexOf('[', i);
  if (bracket >= 0) {
    if (!s.endsWith(']')) return bad(r, text, 'an unclosed [time zone]');
    r.zone = s.substring(bracket + 1, s.length - 1);
    if (r.zone.startsWith('!')) r.zone = r.zone.substring(1);
    if (r.zone.includes('[') || r.zone.includes('='))
      return bad(r, text, 'only one [time zone] annotation is understood');
    end = bracket;
  }
  if (i < end) {
    const off = parseOffset(s.substring(i, end));
    if (off == i32.MIN_VALUE) return bad(r, text, 'unexpected "' + s.substring(i, end) + '"');
    r.offset = off;
  }
  const problem = checkCivil(c);
  if (problem.length > 0) return bad(r, text, problem);
  return r;
}
