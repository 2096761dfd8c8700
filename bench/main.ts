/**
 * `pnpm bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `pnpm bench engine`) and prints one table of comparable figures.
 * A bench module's default export is `() => Promise<BenchRow[]>`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './row';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const rows: BenchRow[] = [];
for (const f of files) {
  process.stderr.write(`running ${f}…\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<BenchRow[]> };
  try {
    rows.push(...(await mod.default()));
  } catch (err) {
    rows.push({ area: f.replace('.bench.ts', ''), metric: 'FAILED', value: NaN, unit: String(err) });
  }
}

const fmt = (v: number): string =>
  Number.isNaN(v) ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4);
const table = rows.map((r) => [r.area, r.metric, fmt(r.value), r.unit, r.target ?? '', r.note ?? '']);
const head = ['area', 'metric', 'value', 'unit', 'target', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of table) console.log(line(row.map(String)));
process.exit(0);
