/** Sizes and durations as manifests write them: a number (bytes / milliseconds) or text with a unit. */

// The same units as packages/block-sdk (which builds the module's memory cap from the same text).
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `65536`, `"64KiB"`, `"64MiB"`, `"64MB"` (KB/MB/GB are decimal, KiB/MiB/GiB binary) → bytes, or
 * undefined when the text is not a size.
 */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(v);
  if (!m) return undefined;
  const unit = SIZE_UNITS[(m[2] ?? '').toLowerCase() || 'b'];
  if (unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 ? n : undefined;
}

/** `1500`, `"1.5s"`, `"500ms"`, `"2m"`, `"1h"` → milliseconds, or undefined. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.ceil(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(v);
  if (!m) return undefined;
  const n = Math.ceil(Number(m[1]) * (TIME_UNITS[m[2] ?? ''] ?? NaN));
  return n > 0 ? n : undefined;
}

/** `67108864` → `64 MiB`, for error messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
