/** Parsers for setting values given as text (env, flags) or YAML scalars (weft.yaml). */
import { parseBytes as parseUnitBytes, parseDuration as parseUnitDuration } from '@weft/dsl';

/**
 * A duration setting: what the DSL accepts (`250ms`, `30s`, `1m30s`, `1d`; @weft/dsl's units), and
 * text of digits as milliseconds, as env vars and flags give numbers. Undefined when malformed.
 */
export function parseDuration(value: unknown): number | undefined {
  const text = typeof value === 'string' ? value.trim() : value;
  return typeof text === 'string' && /^\d{1,15}$/.test(text) ? Number(text) : parseUnitDuration(text);
}

/** A size setting: bytes, or `512KiB`, `1MiB`, `4MB` (KB/MB/GB decimal, KiB/MiB/GiB binary: @weft/dsl's units). */
export const parseBytes = parseUnitBytes;

/** `true/false/1/0/yes/no/on/off`. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return undefined;
}

/** A positive integer within [min, max]. */
export function parseInt(value: unknown, min: number, max: number): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** True for 127.0.0.0/8, ::1 and `localhost` — addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
