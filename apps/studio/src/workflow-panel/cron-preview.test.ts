import { describe, expect, it } from 'vitest';
import { cronPreview } from './cron-preview';

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
});
