import { describe, expect, it } from 'vitest';
import { runsChartData, stacked } from './chart-data';

const H = 3_600_000;

describe('runs chart data', () => {
  it('lays every bucket of the window out, groups statuses, and stacks them', () => {
    const to = 10 * H + 30 * 60_000; // half past ten
    const d = runsChartData({
      from: to - 3 * H,
      to,
      bucketMs: H,
      perBucket: [
        { bucket: 8 * H, status: 'SUCCESS', count: 2 },
        { bucket: 8 * H, status: 'FAILED', count: 1 },
        { bucket: 10 * H, status: 'RUNNING', count: 1 },
        { bucket: 10 * H, status: 'QUEUED', count: 2 },
      ],
    });
    expect(d.xs).toEqual([7, 8, 9, 10].map((h) => (h * H) / 1000));
    expect(d.counts.success).toEqual([0, 2, 0, 0]);
    expect(d.counts.failed).toEqual([0, 1, 0, 0]);
    expect(d.counts.active).toEqual([0, 0, 0, 3]);
    expect(d.totals).toEqual({ success: 2, failed: 1, cancelled: 0, active: 3 });
    expect(d.total).toBe(6);
    expect(stacked(d)).toEqual([
      [0, 2, 0, 0],
      [0, 3, 0, 0],
      [0, 3, 0, 0],
      [0, 3, 0, 3],
    ]);
  });
});
