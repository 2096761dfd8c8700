import { parseDuration } from '@weft/dsl';
import { usageError } from './exit-codes';

/**
 * A point in time from a flag: a duration back from now (`24h`, `7d`, `90m`) or an ISO 8601 date or
 * time (`2026-01-31`, `2026-01-31T12:00:00Z`). Epoch ms.
 */
export function parseSince(command: string, flag: string, text: string, now: number): number {
  const back = parseDuration(text);
  if (back !== undefined && typeof text === 'string' && !/^\d+$/.test(text)) return now - back;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return at;
  }
  throw usageError(
    `weft ${command}: ${flag} must be a duration back from now (24h, 7d, 30m) or an ISO date/time (2026-01-31T12:00:00Z), not "${text}"`,
  );
}

/** A duration flag (`30d`, `12h`) in ms; a bare number is refused (unit needed). */
export function parseAge(command: string, flag: string, text: string): number {
  const ms = /^\d+$/.test(text) ? undefined : parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw usageError(`weft ${command}: ${flag} must be a duration such as 30d, 12h or 90m, not "${text}"`);
  return ms;
}
