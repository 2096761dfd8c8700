/**
 * Durations and byte sizes: the one parser of each for the DSL, block manifests, server settings and
 * the CLI (docs/dsl.md "Units").
 *
 * - Durations: `250ms`, `30s`, `1m30s`, `1.5h`, `1d` (units in the order d, h, m, s, ms, each at most
 *   once), or an integer of milliseconds. Text of digits alone is not a duration in a workflow (dsl-v1
 *   §3); settings read from env/flags turn it into a number first (`settingDuration` in the server).
 * - Sizes: a positive integer of bytes, or text with a unit. `kB`/`KB`, `MB`, `GB` are decimal
 *   (1000, 1000², 1000³); `KiB`, `MiB`, `GiB` are binary (1024, 1024², 1024³), as the SI and IEC
 *   define them; case does not matter.
 */

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

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};
const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * A size in bytes: `65536`, `"512KiB"`, `"64MiB"`, `"4MB"`. Undefined when the value is not a
 * positive size.
 *
 * @example parseBytes('1MiB') // 1048576
 * @example parseBytes('1MB') // 1000000
 */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = SIZE_RE.exec(value);
  const unit = m ? SIZE_UNITS[(m[2] ?? '').toLowerCase() || 'b'] : undefined;
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** `67108864` → `64 MiB`, for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * Milliseconds as a duration the parser reads back: `90000` → `1m30s`, `250` → `250ms`, `0` → `0ms`.
 *
 * @example formatDuration(5_400_000) // '1h30m'
 */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  if (rest === 0) return '0ms';
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
