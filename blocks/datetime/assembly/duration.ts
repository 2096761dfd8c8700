// ISO 8601 durations (P1Y2M3W4DT5H6M7.5S, -P1D) and Temporal's add / until on moments.
import { Json } from '@weft/block-sdk/assembly';
import { Civil, MS_PER_DAY, addDays, addMonths, daysFromCivil } from './civil';
import { Moment } from './moment';

export class Duration {
  years: i64 = 0;
  months: i64 = 0;
  weeks: i64 = 0;
  days: i64 = 0;
  hours: i64 = 0;
  minutes: i64 = 0;
  seconds: i64 = 0;
  milliseconds: i64 = 0;
  error: string = '';

  negate(): Duration {
    const d = new Duration();
    d.years = -this.years;
    d.months = -this.months;
    d.weeks = -this.weeks;
    d.days = -this.days;
    d.hours = -this.hours;
    d.minutes = -this.minutes;
    d.seconds = -this.seconds;
    d.milliseconds = -this.milliseconds;
    return d;
  }

  /** The exact-time part, in milliseconds. */
  timeMs(): i64 {
    return ((this.hours * 60 + this.minutes) * 60 + this.seconds) * 1000 + this.milliseconds;
  }

  /** Temporal's Duration.toString(): P1Y2M3DT4H5M6.5S, PT0S for nothing, -P… when negative. */
  toString(): string {
    const neg = this.years < 0 || this.months < 0 || this.weeks < 0 || this.days < 0 || this.timeMs() < 0;
    const a = neg ? this.negate() : this;
    let date = '';
    if (a.years != 0) date += a.years.toString() + 'Y';
    if (a.months != 0) date += a.months.toString() + 'M';
    if (a.weeks != 0) date += a.weeks.toString() + 'W';
    if (a.days != 0) date += a.days.toString() + 'D';
    let time = '';
    if (a.hours != 0) time += a.hours.toString() + 'H';
    if (a.minutes != 0) time += a.minutes.toString() + 'M';
    const totalMs = a.seconds * 1000 + a.milliseconds;
    if (totalMs != 0) {
      let s = (totalMs / 1000).toString();
      const frac = totalMs % 1000;
      if (frac != 0) {
        let f = frac.toString();
        while (f.length < 3) f = '0' + f;
        while (f.endsWith('0')) f = f.substring(0, f.length - 1);
        s += '.' + f;
      }
      time += s + 'S';
    }
    if (date.length == 0 && time.length == 0) return 'PT0S';
    return (neg ? '-' : '') + 'P' + date + (time.length > 0 ? 'T' + time : '');
  }
}

function fail(d: Duration, text: string, why: string): Duration {
  d.error = 'not an ISO 8601 duration: "' + text + '" (' + why + ')';
  return d;
}

export function parseDuration(text: string): Duration {
  const d = new Duration();
  let s = text.trim();
  let sign: i64 = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.substring(1);
  }
  if (!s.startsWith('P') && !s.startsWith('p'))
    return fail(d, text, 'it must start with P, as in P1D or PT2H30M');
  let inTime = false;
  let i = 1;
  let any = false;
  while (i < s.length) {
    const ch = s.charAt(i).toUpperCase();
    if (ch == 'T') {
      if (inTime) return fail(d, text, 'a second T');
      inTime = true;
      i++;
      continue;
    }
    let whole: i64 = 0;
    let n = 0;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      whole = whole * 10 + <i64>(s.charCodeAt(i) - 48);
      n++;
      i++;
      if (n > 15) return fail(d, text, 'a number is too large');
    }
    let fracMs: i64 = 0;
    let hasFrac = false;
    if (i < s.length && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      hasFrac = true;
      i++;
      let k = 0;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
        if (k < 3) fracMs = fracMs * 10 + <i64>(s.charCodeAt(i) - 48);
        k++;
        i++;
      }
      if (k == 0) return fail(d, text, 'a fraction needs digits');
      for (let z = k; z < 3; z++) fracMs *= 10;
    }
    if (n == 0 || i >= s.length) return fail(d, text, 'expected a number and a unit letter');
    const unit = s.charAt(i).toUpperCase();
    i++;
    if (hasFrac && !(inTime && unit == 'S')) return fail(d, text, 'only seconds may have a fraction');
    const v = whole * sign;
    if (!inTime && unit == 'Y') d.years = v;
    else if (!inTime && unit == 'M') d.months = v;
    else if (!inTime && unit == 'W') d.weeks = v;
    else if (!inTime && unit == 'D') d.days = v;
    else if (inTime && unit == 'H') d.hours = v;
    else if (inTime && unit == 'M') d.minutes = v;
    else if (inTime && unit == 'S') {
      d.seconds = v;
      d.milliseconds = fracMs * sign;
    } else
      return fail(
        d,
        text,
        'unexpected "' + unit + '"' + (inTime ? ' after T' : ' (hours, minutes and seconds go after T)'),
      );
    any = true;
  }
  if (!any) return fail(d, text, 'no amount');
  return d;
}

/** A duration from `{ years, months, weeks, days, hours, minutes, seconds, milliseconds }`. */
export function durationFromObject(o: Json): Duration {
  const d = new Duration();
  const keys = o.keys();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = o.get(k)!;
    if (!v.isNumber() || !isFinite(v.asNumber())) {
      d.error = 'duration.' + k + ' must be a number';
      return d;
    }
    const x = v.asNumber();
    if (k != 'seconds' && Math.floor(x) != x) {
      d.error = 'duration.' + k + ' must be a whole number';
      return d;
    }
    const n = <i64>x;
    if (k == 'years') d.years = n;
    else if (k == 'months') d.months = n;
    else if (k == 'weeks') d.weeks = n;
    else if (k == 'days') d.days = n;
    else if (k == 'hours') d.hours = n;
    else if (k == 'minutes') d.minutes = n;
    else if (k == 'seconds') {
      d.seconds = <i64>Math.trunc(x);
      d.milliseconds += <i64>Math.round((x - Math.trunc(x)) * 1000);
    } else if (k == 'milliseconds') d.milliseconds += n;
    else {
      d.error =
        'unknown duration field "' +
        k +
        '" (years, months, weeks, days, hours, minutes, seconds, milliseconds)';
      return d;
    }
  }
  return d;
}

export let addError = '';

/**
 * Temporal's ZonedDateTime.add: years, months, weeks and days move the wall clock in the moment's
 * zone (a day is 23 or 25 hours across a DST change; Jan 31 + 1 month = Feb 28/29), then hours and
 * smaller units add exact time.
 */
export function addDuration(m: Moment, d: Duration, disambiguation: string): Moment {
  addError = '';
  let epoch = m.epochMs;
  if (d.years != 0 || d.months != 0 || d.weeks != 0 || d.days != 0) {
    let wall = addMonths(m.wall(), d.years * 12 + d.months);
    wall = addDays(wall, d.weeks * 7 + d.days);
    const r = m.zone.instantOf(wall, disambiguation);
    if (r.error.length > 0) addError = r.error;
    epoch = r.epochMs;
  }
  return Moment.at(epoch + d.timeMs(), m.zone);
}

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];

export function isUnit(u: string): bool {
  return UNITS.includes(u);
}

/** The moment `wall` names in `m`'s zone (compatible). */
function wallInstant(m: Moment, wall: Civil): i64 {
  return m.zone.instantOf(wall, 'compatible').epochMs;
}

/**
 * Temporal's `start.until(end, { largestUnit: unit })`, truncated: the balanced duration and the
 * whole number of `unit`s. Calendar units are counted on the wall clock of `start`'s zone.
 */
export function difference(start: Moment, end: Moment, unit: string): Duration {
  const d = new Duration();
  const total = end.epochMs - start.epochMs;
  const sign: i64 = total < 0 ? -1 : 1;
  let at = start.epochMs;
  const sw = start.wall();
  if (unit == 'years' || unit == 'months') {
    const ew = Moment.at(end.epochMs, start.zone).wall();
    let months = (ew.year - sw.year) * 12 + <i64>(ew.month - sw.month);
    let mid = wallInstant(start, addMonths(sw, months));
    while (sign > 0 ? mid > end.epochMs : mid < end.epochMs) {
      months -= sign;
      mid = wallInstant(start, addMonths(sw, months));
    }
    if (unit == 'years') {
      d.years = months / 12;
      d.months = months % 12;
    } else d.months = months;
    at = mid;
  }
  if (unit == 'years' || unit == 'months' || unit == 'weeks' || unit == 'days') {
    const from = Moment.at(at, start.zone).wall();
    const ew = Moment.at(end.epochMs, start.zone).wall();
    let days = daysFromCivil(ew.year, ew.month, ew.day) - daysFromCivil(from.year, from.month, from.day);
    let mid = wallInstant(start, addDays(from, days));
    while (sign > 0 ? mid > end.epochMs : mid < end.epochMs) {
      days -= sign;
      mid = wallInstant(start, addDays(from, days));
    }
    if (unit == 'weeks') {
      d.weeks = days / 7;
      d.days = days % 7;
    } else d.days = days;
    at = mid;
  }
  let rest = end.epochMs - at;
  if (unit == 'milliseconds') {
    d.milliseconds = rest;
    return d;
  }
  if (unit != 'seconds' && unit != 'minutes') {
    d.hours = rest / 3_600_000;
    rest -= d.hours * 3_600_000;
  }
  if (unit != 'seconds') {
    d.minutes = rest / 60_000;
    rest -= d.minutes * 60_000;
  }
  d.seconds = rest / 1000;
  d.milliseconds = rest - d.seconds * 1000;
  return d;
}

/** The whole number of `unit`s in a balanced difference. */
export function wholeUnits(d: Duration, unit: string): i64 {
  if (unit == 'years') return d.years;
  if (unit == 'months') return d.months;
  if (unit == 'weeks') return d.weeks;
  if (unit == 'days') return d.days;
  if (unit == 'hours') return d.hours;
  if (unit == 'minutes') return d.minutes;
  if (unit == 'seconds') return d.seconds;
  return d.milliseconds;
}

export { MS_PER_DAY };
