// A moment: an exact instant shown in a zone (Temporal's ZonedDateTime), and how it is written.
import { Json } from '@weft/block-sdk/assembly';
import { Civil } from './civil';
import { Zone, formatOffset } from './zone';

export class Moment {
  constructor(
    public epochMs: i64,
    public zone: Zone,
    /** Offset in seconds at this instant in `zone`. */
    public offset: i32,
  ) {}

  static at(epochMs: i64, zone: Zone): Moment {
    return new Moment(epochMs, zone, zone.offsetAt(epochMs));
  }

  wall(): Civil {
    return Civil.fromMs(this.epochMs + <i64>this.offset * 1000);
  }

  /** `2024-03-10T03:30:00-04:00` (a fraction only when there are milliseconds). */
  iso(): string {
    return isoWall(this.wall()) + formatOffset(this.offset);
  }

  utc(): string {
    return isoWall(Civil.fromMs(this.epochMs)) + 'Z';
  }

  toJson(): Json {
    const w = this.wall();
    const j = Json.Obj()
      .setString('iso', this.iso())
      .setString('utc', this.utc())
      .setString('zoned', this.iso() + '[' + this.zone.id + ']')
      .setNumber('epochMs', <f64>this.epochMs)
      .setString('timeZone', this.zone.id)
      .setString('offset', formatOffset(this.offset))
      .setNumber('year', <f64>w.year)
      .setNumber('month', <f64>w.month)
      .setNumber('day', <f64>w.day)
      .setNumber('hour', <f64>w.hour)
      .setNumber('minute', <f64>w.minute)
      .setNumber('second', <f64>w.second)
      .setNumber('millisecond', <f64>w.millisecond)
      .setNumber('dayOfWeek', <f64>w.dayOfWeek())
      .setNumber('dayOfYear', <f64>w.dayOfYear())
      .setNumber('weekOfYear', <f64>w.weekOfYear());
    return j;
  }
}

export function pad(n: i64, width: i32): string {
  const neg = n < 0;
  let s = (neg ? -n : n).toString();
  while (s.length < width) s = '0' + s;
  return neg ? '-' + s : s;
}

export function isoDate(c: Civil): string {
  return pad(c.year, 4) + '-' + pad(<i64>c.month, 2) + '-' + pad(<i64>c.day, 2);
}

export function isoWall(c: Civil): string {
  let s = isoDate(c) + 'T' + pad(<i64>c.hour, 2) + ':' + pad(<i64>c.minute, 2) + ':' + pad(<i64>c.second, 2);
  if (c.millisecond != 0) {
    // As Temporal writes it: no trailing zeros (.25, not .250).
    let f = pad(<i64>c.millisecond, 3);
    while (f.endsWith('0')) f = f.substring(0, f.length - 1);
    s += '.' + f;
  }
  return s;
}
