import { describe, expect, it } from 'vitest';
import { cronPreview, formatFireTime, localZone } from './cron-preview';

const now = new Date('2026-03-02T10:00:00Z'); // a Monday

describe('cron preview', () => {
  it('says the schedule in words and lists the next fire times', () => {
    const p = cronPreview('0 8 * * 1-5', 'UTC', now);
    expect(p).toMatchObject({ ok: true });
    if (!p.ok) return;
    expect(p.words).toBe('At 08:00, Monday through Friday');
    expect(p.next.map((d) => d.toISOString())).toEqual([
      '2026-03-03T08:00:00.000Z',
      '2026-03-04T08:00:00.000Z',
      '2026-03-05T08:00:00.000Z',
    ]);
  });
  it('follows the timezone', () => {
    const p = cronPreview('0 8 * * *', 'Europe/Berlin', now);
    expect(p.ok && p.next[0]?.toISOString()).toBe('2026-03-03T07:00:00.000Z');
  });
  it('names a bad expression instead of throwing', () => {
    expect(cronPreview('61 * * * *', 'UTC', now)).toMatchObject({ ok: false });
    expect(cronPreview('', undefined, now)).toMatchObject({ ok: false });
  });
  it("names the zone it fires in: the trigger's, else the browser's", () => {
    expect(cronPreview('0 8 * * *', 'Europe/Berlin', now)).toMatchObject({
      zone: 'Europe/Berlin',
      zoneIsLocal: false,
    });
    expect(cronPreview('0 8 * * *', undefined, now)).toMatchObject({ zone: localZone(), zoneIsLocal: true });
  });
  it('shows a fire time as a person reads it: weekday, date, time and zone', () => {
    const at = new Date('2026-03-03T07:00:00Z');
    expect(formatFireTime(at, 'Europe/Berlin', 'en-GB')).toBe('Tue, 3 Mar 2026, 08:00 CET');
    expect(formatFireTime(at, 'UTC', 'en-GB')).toBe('Tue, 3 Mar 2026, 07:00 UTC');
    expect(formatFireTime(at, 'UTC', 'en-GB', { seconds: true })).toBe('Tue, 3 Mar 2026, 07:00:00 UTC');
    expect(formatFireTime(at, 'America/New_York', 'en-US')).toBe('Tue, Mar 3, 2026, 02:00 EST');
    // Summer time: the zone's short name follows the date.
    expect(formatFireTime(new Date('2026-07-07T06:00:00Z'), 'Europe/Berlin', 'en-GB')).toBe(
      'Tue, 7 Jul 2026, 08:00 CEST',
    );
    expect(formatFireTime(at, 'Not/A_Zone', 'en-GB')).toMatch(/^Tue, 3 Mar 2026, \d\d:\d\d /);
  });
});
