import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatMs, formatRate } from './format';

describe('ops formatting', () => {
  it('durations', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(4210)).toBe('4.2 s');
    expect(formatMs(12_000)).toBe('12 s');
    expect(formatMs(185_000)).toBe('3 min 5 s');
    expect(formatMs(120_000)).toBe('2 min');
    expect(formatMs(7_800_000)).toBe('2 h 10 min');
    expect(formatMs(-1)).toBe('—');
  });
  it('sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(40 * 1048576)).toBe('40 MiB');
  });
  it('rates and relative times', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(1)).toBe('100 %');
    expect(formatRate(0.975)).toBe('97.5 %');
    expect(formatAgo(1000, 1000)).toBe('just now');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 min ago');
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 h ago');
  });
});
