/** A cron expression in words (cronstrue) and its next fire times (croner), for the trigger form. */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export type CronPreview =
  | {
      ok: true;
      words: string;
      next: Date[];
      /** The IANA zone the schedule fires in: the trigger's `timezone`, else this browser's zone. */
      zone: string;
      /** True when the trigger names no `timezone` (the server then fires in its own local zone). */
      zoneIsLocal: boolean;
    }
  | { ok: false; error: string };

/** The zone this browser is in (e.g. `Europe/Paris`), or UTC when the runtime cannot tell. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A fire time as a person reads it: weekday, date, 24-hour time and the zone's short name, in the
 * zone the schedule fires in — `Tue, 3 Mar 2026, 08:00 CET` (en-GB). `locale` defaults to the
 * browser's. `seconds` adds them, for schedules that fire more often than once a minute.
 */
export function formatFireTime(
  at: Date,
  zone: string,
  locale?: string,
  opts: { seconds?: boolean } = {},
): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone }).format(at);
  } catch {
    // An unknown zone: say the time in the browser's own zone rather than nothing.
    return new Intl.DateTimeFormat(locale, options).format(at);
  }
}

export function cronPreview(
  expression: string,
  timezone: string | undefined,
  now: Date,
  count = 3,
): CronPreview {
  const expr = expression.trim();
  if (expr === '') return { ok: false, error: 'Write a cron expression, e.g. 0 8 * * 1-5.' };
  try {
    const words = cronstrue.toString(expr, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    const job = new Cron(expr, { paused: true, ...(timezone ? { timezone } : {}) });
    const next = job.nextRuns(count, now);
    job.stop();
    return { ok: true, words, next, zone: timezone ?? localZone(), zoneIsLocal: !timezone };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `Not a valid cron expression: ${text.replace(/^Error: /, '')}` };
  }
}
