/** One line of `pnpm bench`'s table. */
export interface BenchRow {
  area: string;
  metric: string;
  value: number;
  unit: string;
  /** The floor, as text (e.g. "<= 0.1"). */
  target?: string;
  note?: string;
}
