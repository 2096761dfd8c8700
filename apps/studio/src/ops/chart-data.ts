/**
 * Runs per bucket by status, as the chart draws them: one x per bucket of the window (empty ones
 * included, so gaps show as gaps) and one row per status group, plus totals for the legend.
 */

/** Bottom to top in the stacked bars. */
export const STATUS_GROUPS = [
  { key: 'success', label: 'Succeeded', statuses: ['SUCCESS'] },
  { key: 'failed', label: 'Failed', statuses: ['FAILED'] },
  { key: 'cancelled', label: 'Cancelled', statuses: ['CANCELLED'] },
  { key: 'active', label: 'Queued, running or waiting', statuses: ['QUEUED', 'RUNNING', 'WAITING'] },
] as const;

export type StatusGroupKey = (typeof STATUS_GROUPS)[number]['key'];

export interface RunsChartData {
  /** Bucket starts, epoch seconds (uPlot's x unit). */
  xs: number[];
  /** Per group, the count in each bucket. */
  counts: Record<StatusGroupKey, number[]>;
  totals: Record<StatusGroupKey, number>;
  /** Every run created in the window. */
  total: number;
}

export function runsChartData(s: {
  from: number;
  to: number;
  bucketMs: number;
  perBucket: readonly { bucket: number; status: string; count: number }[];
}): RunsChartData {
  const first = Math.floor(s.from / s.bucketMs) * s.bucketMs;
  const n = Math.max(1, Math.ceil((s.to - first) / s.bucketMs));
  const xs = Array.from({ length: n }, (_, i) => (first + i * s.bucketMs) / 1000);
  const counts = Object.fromEntries(
    STATUS_GROUPS.map((g) => [g.key, new Array<number>(n).fill(0)]),
  ) as Record<StatusGroupKey, number[]>;
  const totals = Object.fromEntries(STATUS_GROUPS.map((g) => [g.key, 0])) as Record<StatusGroupKey, number>;
  let total = 0;
  for (const b of s.perBucket) {
    const i = Math.round((b.bucket - first) / s.bucketMs);
    const group = STATUS_GROUPS.find((g) => (g.statuses as readonly string[]).includes(b.status));
    if (!group || i < 0 || i >= n) continue;
    const row = counts[group.key];
    row[i] = (row[i] ?? 0) + b.count;
    totals[group.key] += b.count;
    total += b.count;
  }
  return { xs, counts, totals, total };
}

/** Running sums bottom to top: what a stacked bar's top edge is for each group. */
export function stacked(data: RunsChartData): number[][] {
  const out: number[][] = [];
  let below = new Array<number>(data.xs.length).fill(0);
  for (const g of STATUS_GROUPS) {
    const row = data.counts[g.key].map((c, i) => c + (below[i] ?? 0));
    out.push(row);
    below = row;
  }
  return out;
}
