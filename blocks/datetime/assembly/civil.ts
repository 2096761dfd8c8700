// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (H. Hinnant's algorithms).

export const MS_PER_DAY: i64 = 86_400_000;

export function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return a % b != 0 && a < 0 != b < 0 ? q - 1 : q;
}

export function floorMod(a: i64, b: i64): i64 {
  return a - floorDiv(a, b) * b;
}

export function isLeapYear(y: i64): bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

export function daysInMonth(y: i64, m: i32): i32 {
  if (m == 2) return isLeapYear(y) ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a calendar date (month 1-12). */
export function daysFromCivil(year: i64, month: i32, day: i32): i64 {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp: i64 = <i64>((month + 9) % 12);
  const doy = (153 * mp + 2) / 5 + <i64>day - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** A calendar date and time of day (a wall clock reading, no zone). */
export class Civil {
  year: i64 = 1970;
  month: i32 = 1;
  day: i32 = 1;
  hour: i32 = 0;
  minute: i32 = 0;
  second: i32 = 0;
  millisecond: i32 = 0;

  /** Milliseconds since 1970-01-01T00:00 as if this reading were UTC. */
  toMs(): i64 {
    const time =
      ((<i64>this.hour * 60 + <i64>this.minute) * 60 + <i64>this.second) * 1000 + <i64>this.millisecond;
    return daysFromCivil(this.year, this.month, this.day) * MS_PER_DAY + time;
  }

  static fromMs(ms: i64): Civil {
    const c = new Civil();
    const days = floorDiv(ms, MS_PER_DAY);
    let rest = ms - days * MS_PER_DAY;
    const z = days + 719468;
    const era = floorDiv(z, 146097);
    const doe = z - era * 146097;
    const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const mp = (5 * doy + 2) / 153;
    c.day = <i32>(doy - (153 * mp + 2) / 5 + 1);
    c.month = <i32>(mp < 10 ? mp + 3 : mp - 9);
    c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    c.millisecond = <i32>(rest % 1000);
    rest /= 1000;
    c.second = <i32>(rest % 60);
    rest /= 60;
    c.minute = <i32>(rest % 60);
    c.hour = <i32>(rest / 60);
    return c;
  }

  clone(): Civil {
    const c = new Civil();
    c.year = this.year;
    c.month = this.month;
    c.day = this.day;
    c.hour = this.hour;
    c.minute = this.minute;
    c.second = this.second;
    c.millisecond = this.millisecond;
    return c;
  }

  /** ISO day of the week: 1 = Monday … 7 = Sunday. */
  dayOfWeek(): i32 {
    return <i32>floorMod(daysFromCivil(this.year, this.month, this.day) + 3, 7) + 1;
  }

  dayOfYear(): i32 {
    return <i32>(daysFromCivil(this.year, this.month, this.day) - daysFromCivil(this.year, 1, 1)) + 1;
  }

  /** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
  weekOfYear(): i32 {
    const thursday = daysFromCivil(this.year, this.month, this.day) - <i64>this.dayOfWeek() + 4;
    const y = Civil.fromMs(thursday * MS_PER_DAY).year;
    return <i32>((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
  }
}

/** Adds whole months to a date, keeping the day within the new month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(c: Civil, months: i64): Civil {
  const r = c.clone();
  const total = c.year * 12 + <i64>(c.month - 1) + months;
  r.year = floorDiv(total, 12);
  r.month = <i32>floorMod(total, 12) + 1;
  const dim = daysInMonth(r.year, r.month);
  if (r.day > dim) r.day = dim;
  return r;
}

/** Adds whole days to a date, keeping the time of day. */
export function addDays(c: Civil, days: i64): Civil {
  return Civil.fromMs(c.toMs() + days * MS_PER_DAY);
}
