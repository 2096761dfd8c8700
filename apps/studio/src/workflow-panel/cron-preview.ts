/** A cron expression in words (cronstrue) and its next fire times (croner), for the trigger form. */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export type CronPreview = { ok: true; words: string; next: Date[] } | { ok: false; error: string };

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
    return { ok: true, words, next };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `Not a valid cron expression: ${text.replace(/^Error: /, '')}` };
  }
}
