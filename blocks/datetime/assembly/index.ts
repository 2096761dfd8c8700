// datetime@1: parse, format, add, subtract, difference and convert between IANA time zones, with
// Temporal's rules (docs/blocks.md). Time-zone offsets come from the host (`weft_tz`).
import { Block, Input, Json, Result, fail, ok } from '@weft/block-sdk/assembly';
import { Moment } from './moment';
import { Reading, readIso } from './iso';
import { formatPattern, parsePattern, patternError } from './pattern';
import {
  Duration,
  addDuration,
  addError,
  difference,
  durationFromObject,
  isUnit,
  parseDuration,
  wholeUnits,
} from './duration';
import { Zone, formatOffset, resetZoneError, zoneError, zoneOf } from './zone';

export function run(): i32 {
  return Block.run(handle);
}

const OPS = ['parse', 'format', 'add', 'subtract', 'difference', 'convert'];
const DISAMBIGUATIONS = ['compatible', 'earlier', 'later', 'reject'];

class Read {
  constructor(
    public moment: Moment | null,
    public error: string,
  ) {}
}

/**
 * Reads a value (ISO text, text in `pattern`, or epoch milliseconds). Wall readings without an
 * offset are read in `wallZone`; the result is shown in `show` when given, else in the text's
 * [zone], its offset, or `wallZone`.
 */
function readMoment(
  v: Json,
  pattern: string,
  wallZone: Zone,
  show: Zone | null,
  disambiguation: string,
): Read {
  let shown = show;
  if (v.isNumber()) {
    const n = v.asNumber();
    if (!isFinite(n) || Math.abs(n) > 253402300799999)
      return new Read(null, 'epoch milliseconds out of range');
    return new Read(Moment.at(<i64>Math.floor(n), shown != null ? shown : wallZone), '');
  }
  if (!v.isString()) return new Read(null, 'a date-time must be ISO 8601 text or epoch milliseconds');
  const r: Reading = pattern.length > 0 ? parsePattern(v.asString(), pattern) : readIso(v.asString());
  if (r.error.length > 0) return new Read(null, r.error);
  let zone = wallZone;
  if (r.zone.length > 0) {
    const z = zoneOf(r.zone);
    if (z == null) return new Read(null, zoneError);
    zone = z;
  }
  let epoch: i64;
  if (r.offset != i32.MIN_VALUE) {
    epoch = r.civil.toMs() - <i64>r.offset * 1000;
    if (r.zone.length > 0 && zone.offsetAt(epoch) != r.offset)
      return new Read(
        null,
        'the offset ' +
          formatOffset(r.offset) +
          ' does not match ' +
          zone.id +
          ' at that time (' +
          formatOffset(zone.offsetAt(epoch)) +
          ')',
      );
    if (r.zone.length == 0 && shown == null) {
      const fixed = zoneOf(formatOffset(r.offset));
      if (fixed != null) zone = r.offset == 0 ? new Zone() : fixed;
    }
  } else {
    const inst = zone.instantOf(r.civil, disambiguation);
    if (inst.error.length > 0) return new Read(null, inst.error);
    if (zoneError.length > 0) return new Read(null, zoneError);
    epoch = inst.epochMs;
  }
  return new Read(Moment.at(epoch, shown != null ? shown : zone), '');
}

function moment(m: Moment): Result {
  if (zoneError.length > 0) return fail('INVALID_INPUT', zoneError);
  return ok(m.toJson());
}

function handle(input: Input): Result {
  resetZoneError();
  const op = input.choice('op', OPS, 'parse');
  if (!input.has('op')) input.reject('`op` is required: one of ' + OPS.join(', '));
  const value = input.value('value');
  if (value == null) input.reject('`value` is required (ISO 8601 text or epoch milliseconds)');
  const pattern = input.string('format', '');
  const tzName = input.string('timeZone', '');
  const fromName = input.string('fromTimeZone', 'UTC');
  const disambiguation = input.choice('disambiguation', DISAMBIGUATIONS, 'compatible');
  const unit = input.string('unit', 'hours');
  if (op == 'convert' && tzName.length == 0)
    input.reject('convert needs `timeZone` (the zone to show the moment in)');
  if (op == 'difference' && !input.has('other')) input.reject('difference needs `other` (the later moment)');
  if (op == 'difference' && !isUnit(unit))
    input.reject('`unit` must be one of years, months, weeks, days, hours, minutes, seconds, milliseconds');
  if ((op == 'add' || op == 'subtract') && !input.has('duration'))
    input.reject(op + ' needs `duration`, like P1D or { hours: 2 }');
  const bad = input.invalid();
  if (bad != null) return bad;

  let show: Zone | null = null;
  if (tzName.length > 0) {
    show = zoneOf(tzName);
    if (show == null) return fail('INVALID_INPUT', zoneError);
  }
  const wallZone = zoneOf(op == 'convert' ? fromName : tzName.length > 0 ? tzName : 'UTC');
  if (wallZone == null) return fail('INVALID_INPUT', zoneError);
  const read = readMoment(value!, op == 'parse' ? pattern : '', wallZone, show, disambiguation);
  if (read.error.length > 0) return fail('INVALID_INPUT', read.error);
  const m = read.moment!;

  if (op == 'parse' || op == 'convert') return moment(m);
  if (op == 'format') {
    if (pattern.length == 0) return ok(Json.Obj().setString('value', m.iso()));
    const text = formatPattern(m, pattern);
    if (patternError.length > 0) return fail('INVALID_INPUT', patternError);
    return ok(Json.Obj().setString('value', text));
  }
  if (op == 'add' || op == 'subtract') {
    const dv = input.value('duration')!;
    let d: Duration;
    if (dv.isString()) d = parseDuration(dv.asString());
    else if (dv.isObject()) d = durationFromObject(dv);
    else
      return fail('INVALID_INPUT', '`duration` must be ISO 8601 text (P1DT2H) or an object like { days: 1 }');
    if (d.error.length > 0) return fail('INVALID_INPUT', d.error);
    const r = addDuration(m, op == 'subtract' ? d.negate() : d, disambiguation);
    if (addError.length > 0) return fail('INVALID_INPUT', addError);
    return moment(r);
  }
  // difference
  const other = readMoment(input.value('other')!, '', wallZone, m.zone, disambiguation);
  if (other.error.length > 0) return fail('INVALID_INPUT', '`other`: ' + other.error);
  const end = other.moment!;
  const d = difference(m, end, unit);
  if (zoneError.length > 0) return fail('INVALID_INPUT', zoneError);
  return ok(
    Json.Obj()
      .setNumber('value', <f64>wholeUnits(d, unit))
      .setString('unit', unit)
      .setString('duration', d.toString())
      .setNumber('milliseconds', <f64>(end.epochMs - m.epochMs)),
  );
}
