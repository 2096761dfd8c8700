import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, parseBytes, parseDuration } from './units';

describe('units: one convention for the DSL, manifests, settings and the CLI', () => {
  it('reads durations in the order d, h, m, s, ms, or an integer of milliseconds', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(0)).toBe(0);
    for (const bad of ['soon', '30s1m', '1500', '1.5ms', '', -1, 1.5, null])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it('counts kB/MB/GB in powers of 1000 and KiB/MiB/GiB in powers of 1024, in any case', () => {
    expect(parseBytes('1kB')).toBe(1000);
    expect(parseBytes('1kb')).toBe(1000);
    expect(parseBytes('64 MB')).toBe(64_000_000);
    expect(parseBytes('512KiB')).toBe(524_288);
    expect(parseBytes('4mib')).toBe(4 * 1024 * 1024);
    expect(parseBytes('1GiB')).toBe(1024 ** 3);
    expect(parseBytes('1.5KiB')).toBe(1536);
    expect(parseBytes(4096)).toBe(4096);
    expect(parseBytes('4096')).toBe(4096);
    for (const bad of ['12 parsecs', '0', 0, -1, 1.5, 'MiB', '', undefined])
      expect(parseBytes(bad)).toBeUndefined();
  });

  it('formats durations so that parseDuration reads them back', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    for (const ms of [1, 999, 1000, 61_001, 86_400_000 + 3_723_004])
      expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('formats sizes for messages in binary units', () => {
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });
});
