const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** A duration string: units in order d, h, m, s, ms, each at most once (`1m30s`, `250ms`, `1.5h`). */
export const DURATION_PATTERN =
  '^(?=\\d)(?:\\d+(?:\\.\\d+)?d)?(?:\\d+(?:\\.\\d+)?h)?(?:\\d+(?:\\.\\d+)?m(?!s))?(?:\\d+(?:\\.\\d+)?s)?(?:\\d+ms)?$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;

/**
 * Normalise a duration to milliseconds: `250ms`, `30s`, `1m30s`, `2h`, `1d`, or an integer (ms).
 * Returns undefined when the value is not a duration.
 *
 * @example parseDuration('1m30s') // 90000
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !DURATION_RE.test(value)) return undefined;
  let ms = 0;
  for (const m of value.matchAll(PART_RE)) ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return Math.round(ms);
}
