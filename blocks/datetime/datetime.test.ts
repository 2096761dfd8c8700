/**
 * datetime@1 against documented behaviour (Temporal's documentation and the IANA rules of
 * Europe/Berlin and America/New_York: DST gaps and overlaps, leap years) and, for many generated
 * cases, against Temporal itself (temporal-polyfill) on the same engine time-zone data.
 */
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBlock } from '@weft/block-sdk';
import type { LoadedBlock } from '@weft/block-sdk';

const dir = fileURLToPath(new URL('.', import.meta.url));
let block: LoadedBlock;

beforeAll(async () => {
  block = await loadBlock(dir);
}, 180_000);
afterAll(async () => {
  await block.close();
});

type Out = Record<string, unknown>;

async function call(input: Record<string, unknown>): Promise<Out> {
  const r = await block.call(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.output as Out;
}

async function refusal(input: Record<string, unknown>): Promise<string> {
  const r = await block.call(input);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.output)}`);
  expect(r.error.code).toBe('INVALID_INPUT');
  return r.error.message;
}

const zoned = async (input: Record<string, unknown>): Promise<string> => (await call(input)).zoned as string;

describe('datetime@1 across DST changes', () => {
  it('adds calendar days on the wall clock and hours in exact time (Temporal docs, Europe/Berlin)', async () => {
    const value = '2021-03-27T12:00:00+01:00[Europe/Berlin]';
    expect(await zoned({ op: 'add', value, duration: 'P1D' })).toBe(
      '2021-03-28T12:00:00+02:00[Europe/Berlin]',
    );
    expect(await zoned({ op: 'add', value, duration: 'PT24H' })).toBe(
      '2021-03-28T13:00:00+02:00[Europe/Berlin]',
    );
    expect(await zoned({ op: 'add', value, duration: { days: 1 } })).toBe(
      '2021-03-28T12:00:00+02:00[Europe/Berlin]',
    );
  });

  it('resolves a local time in the spring-forward gap (Europe/Berlin, 2021-03-28 02:00 → 03:00)', async () => {
    const base = { op: 'parse', value: '2021-03-28T02:30', timeZone: 'Europe/Berlin' };
    expect((await call(base)).iso).toBe('2021-03-28T03:30:00+02:00');
    expect((await call({ ...base, disambiguation: 'later' })).iso).toBe('2021-03-28T03:30:00+02:00');
    expect((await call({ ...base, disambiguation: 'earlier' })).iso).toBe('2021-03-28T01:30:00+01:00');
    expect(await refusal({ ...base, disambiguation: 'reject' })).toBe(
      'the local time does not exist in Europe/Berlin (clocks go forward)',
    );
  });

  it('resolves a repeated local time (Europe/Berlin, 2021-10-31 03:00 → 02:00)', async () => {
    const base = { op: 'parse', value: '2021-10-31T02:30', timeZone: 'Europe/Berlin' };
    expect((await call(base)).iso).toBe('2021-10-31T02:30:00+02:00');
    expect((await call({ ...base, disambiguation: 'later' })).iso).toBe('2021-10-31T02:30:00+01:00');
    expect(await refusal({ ...base, disambiguation: 'reject' })).toMatch(/ambiguous/);
  });

  it('follows America/New_York: 2024-03-10 gap, 2024-11-03 overlap, a 23-hour day', async () => {
    expect((await call({ op: 'parse', value: '2024-03-10T02:30', timeZone: 'America/New_York' })).iso).toBe(
      '2024-03-10T03:30:00-04:00',
    );
    const fold = { op: 'parse', value: '2024-11-03T01:30', timeZone: 'America/New_York' };
    expect((await call(fold)).utc).toBe('2024-11-03T05:30:00Z');
    expect((await call({ ...fold, disambiguation: 'later' })).utc).toBe('2024-11-03T06:30:00Z');
    const day = {
      op: 'difference',
      value: '2024-03-09T12:00',
      other: '2024-03-10T12:00',
      timeZone: 'America/New_York',
    };
    expect(await call({ ...day, unit: 'days' })).toEqual({
      value: 1,
      unit: 'days',
      duration: 'P1D',
      milliseconds: 23 * 3600_000,
    });
    expect(await call({ ...day, unit: 'hours' })).toMatchObject({ value: 23, duration: 'PT23H' });
  });

  it('rejects an offset that does not match the zone', async () => {
    expect(await refusal({ op: 'parse', value: '2024-07-01T12:00:00+01:00[America/New_York]' })).toBe(
      'the offset +01:00 does not match America/New_York at that time (-04:00)',
    );
  });
});

describe('datetime@1 calendar rules', () => {
  it('knows leap years and clamps month ends', async () => {
    const add = async (value: string, duration: string): Promise<string> =>
      (await call({ op: 'add', value, duration })).iso as string;
    expect(await add('2024-02-29', 'P1Y')).toBe('2025-02-28T00:00:00+00:00');
    expect(await add('2024-02-29', 'P4Y')).toBe('2028-02-29T00:00:00+00:00');
    expect(await add('2024-01-31', 'P1M')).toBe('2024-02-29T00:00:00+00:00');
    expect(await add('2023-01-31', 'P1M')).toBe('2023-02-28T00:00:00+00:00');
    expect(await add('2099-12-31T23:59:59.999Z', 'PT0.001S')).toBe('2100-01-01T00:00:00+00:00');
    expect((await call({ op: 'subtract', value: '2024-03-01', duration: 'P1D' })).day).toBe(29);
    expect((await call({ op: 'parse', value: '2000-02-29' })).dayOfYear).toBe(60);
    expect(await refusal({ op: 'parse', value: '1900-02-29' })).toMatch(/day 29 does not exist in 1900-02/);
    expect(await refusal({ op: 'parse', value: '2023-02-29' })).toMatch(/does not exist/);
    const days = async (a: string, b: string) =>
      (await call({ op: 'difference', value: a, other: b, unit: 'days' })).value;
    expect(await days('2024-01-01', '2025-01-01')).toBe(366);
    expect(await days('2023-01-01', '2024-01-01')).toBe(365);
    expect(await days('2000-01-01', '2100-01-01')).toBe(36525);
  });

  it('gives the fields of a moment, ISO week included', async () => {
    expect(
      await call({ op: 'parse', value: '2021-01-03T10:15:30.250+01:00', timeZone: 'Europe/Berlin' }),
    ).toEqual({
      iso: '2021-01-03T10:15:30.25+01:00',
      utc: '2021-01-03T09:15:30.25Z',
      zoned: '2021-01-03T10:15:30.25+01:00[Europe/Berlin]',
      epochMs: Date.UTC(2021, 0, 3, 9, 15, 30, 250),
      timeZone: 'Europe/Berlin',
      offset: '+01:00',
      year: 2021,
      month: 1,
      day: 3,
      hour: 10,
      minute: 15,
      second: 30,
      millisecond: 250,
      dayOfWeek: 7,
      dayOfYear: 3,
      weekOfYear: 53,
    });
  });

  it('formats and parses with patterns', async () => {
    const value = '2024-03-10T15:04:05.007-04:00[America/New_York]';
    const fmt = async (format: string) => (await call({ op: 'format', value, format })).value;
    expect(await fmt("EEEE, d MMMM yyyy 'at' h:mm a")).toBe('Sunday, 10 March 2024 at 3:04 PM');
    expect(await fmt('yyyy-MM-dd HH:mm:ss.SSS XXX VV')).toBe(
      '2024-03-10 15:04:05.007 -04:00 America/New_York',
    );
    expect(await fmt("EEE dd MMM yy, hh 'o''clock' xx")).toBe("Sun 10 Mar 24, 03 o'clock -0400");
    expect((await call({ op: 'format', value: '2024-03-10T15:04:05Z' })).value).toBe(
      '2024-03-10T15:04:05+00:00',
    );
    expect(await refusal({ op: 'format', value, format: 'yyyy at HH' })).toMatch(
      /unsupported pattern letter "t"/,
    );
    const parsed = await call({
      op: 'parse',
      value: '10/03/2024 14:05',
      format: 'dd/MM/yyyy HH:mm',
      timeZone: 'Europe/Berlin',
    });
    expect(parsed.iso).toBe('2024-03-10T14:05:00+01:00');
    const named = await call({
      op: 'parse',
      value: 'Tue, 5 Nov 2024 9:30 PM +0530',
      format: 'EEE, d MMM yyyy h:mm a XX',
    });
    expect(named.utc).toBe('2024-11-05T16:00:00Z');
    expect(named.timeZone).toBe('+05:30');
    expect(await refusal({ op: 'parse', value: '31/02/2024', format: 'dd/MM/yyyy' })).toMatch(
      /does not exist/,
    );
  });

  it('refuses what it cannot read, with the reason', async () => {
    expect(await refusal({ op: 'parse', value: '2024-13-01' })).toMatch(/the month must be 1-12/);
    expect(await refusal({ op: 'parse', value: 'yesterday' })).toMatch(/expected YYYY-MM-DD/);
    expect(await refusal({ op: 'convert', value: '2024-01-01T00:00Z', timeZone: 'Mars/Olympus' })).toBe(
      'unknown time zone "Mars/Olympus"',
    );
    expect(await refusal({ op: 'add', value: '2024-01-01', duration: 'P1H' })).toMatch(
      /hours, minutes and seconds go after T/,
    );
  });
});

// Generated cases compared with Temporal (same ICU time-zone data: the engine's Intl).
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'America/Santiago',
  'UTC',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('datetime@1 agrees with Temporal', () => {
  const rand = rng(20261202);
  const start = Date.UTC(1975, 0, 1);
  const span = Date.UTC(2035, 0, 1) - start;
  const cases = Array.from({ length: 60 }, (_, i) => ({
    zone: ZONES[i % ZONES.length] as string,
    ms: start + Math.floor(rand() * span),
    dur: {
      years: Math.floor(rand() * 3),
      months: Math.floor(rand() * 14) - 3,
      days: Math.floor(rand() * 40) - 5,
      hours: Math.floor(rand() * 30),
    },
    later: Math.floor(rand() * 900 * 86400_000),
  }));

  it('converts instants to wall time in every zone', async () => {
    for (const c of cases) {
      const expected = Temporal.Instant.fromEpochMilliseconds(c.ms).toZonedDateTimeISO(c.zone).toString();
      expect(await zoned({ op: 'convert', value: c.ms, timeZone: c.zone }), `${c.ms} in ${c.zone}`).toBe(
        expected,
      );
    }
  });

  it('reads wall times the way PlainDateTime.toZonedDateTime does', async () => {
    for (const c of cases) {
      const wall = Temporal.Instant.fromEpochMilliseconds(c.ms)
        .toZonedDateTimeISO('UTC')
        .toPlainDateTime()
        .toString();
      for (const disambiguation of ['compatible', 'earlier', 'later'] as const) {
        const expected = Temporal.PlainDateTime.from(wall)
          .toZonedDateTime(c.zone, { disambiguation })
          .toString();
        expect(
          await zoned({ op: 'parse', value: wall, timeZone: c.zone, disambiguation }),
          `${wall} ${c.zone}`,
        ).toBe(expected);
      }
    }
  });

  it('adds and subtracts durations like ZonedDateTime.add', async () => {
    for (const c of cases) {
      const zdt = Temporal.Instant.fromEpochMilliseconds(c.ms).toZonedDateTimeISO(c.zone);
      const d = Temporal.Duration.from({
        years: c.dur.years,
        months: Math.abs(c.dur.months),
        days: Math.abs(c.dur.days),
        hours: c.dur.hours,
      });
      expect(await zoned({ op: 'add', value: zdt.toString(), duration: d.toString() }), `${zdt} + ${d}`).toBe(
        zdt.add(d).toString(),
      );
      expect(
        await zoned({ op: 'subtract', value: zdt.toString(), duration: d.toString() }),
        `${zdt} - ${d}`,
      ).toBe(zdt.subtract(d).toString());
    }
  });

  it('measures differences like ZonedDateTime.until', async () => {
    for (const c of cases) {
      const a = Temporal.Instant.fromEpochMilliseconds(c.ms).toZonedDateTimeISO(c.zone);
      const b = Temporal.Instant.fromEpochMilliseconds(c.ms + c.later).toZonedDateTimeISO(c.zone);
      for (const unit of ['years', 'months', 'weeks', 'days', 'hours', 'minutes'] as const) {
        const expected = a.until(b, { largestUnit: unit }).toString();
        const got = await call({ op: 'difference', value: a.toString(), other: b.toString(), unit });
        expect(got.duration, `${a} → ${b} in ${unit}`).toBe(expected);
      }
    }
  });
});
