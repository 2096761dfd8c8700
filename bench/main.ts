/**
 * `pnpm bench`: runs every `bench/*.bench.ts` (or those named on the command line, e.g.
 * `pnpm bench engine`) and prints one table of comparable figures.
 * A bench module's default export is `() => Promise<BenchRow[]>`.
 *
 * Each bench file runs in a process of its own (this script again, with the same loader, told which
 * file by `WEFT_BENCH_ONE`): a figure must not depend on what the benches before it left in the heap.
 * In one shared process the engine's memory-store row read 46 µs of CPU per step in one full run and
 * 100–106 µs in the next two, while `pnpm bench engine` alone gave 46–48 µs each time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './row';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);

/** In a child: run one bench file and write its rows (JSON) where the parent said. */
async function runOne(file: string, out: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as {
    default: () => Promise<BenchRow[]>;
  };
  let rows: BenchRow[];
  try {
    rows = await mod.default();
  } catch (err) {
    rows = [{ area: file.replace('.bench.ts', ''), metric: 'FAILED', value: NaN, unit: String(err) }];
  }
  // NaN is not JSON: sent as null and read back as NaN.
  writeFileSync(
    out,
    JSON.stringify(rows, (_k, v: unknown) => (Number.isNaN(v) ? null : v)),
  );
  process.exit(0);
}

/** Runs one bench file in a child process of its own and returns its rows. */
function inChild(file: string, dir: string): Promise<BenchRow[]> {
  const out = join(dir, `${file}.json`);
  const area = file.replace('.bench.ts', '');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, self], {
      env: { ...process.env, WEFT_BENCH_ONE: file, WEFT_BENCH_OUT: out },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (err) =>
      resolve([{ area, metric: 'FAILED', value: NaN, unit: `could not start: ${err.message}` }]),
    );
    child.on('exit', (code, signal) => {
      try {
        const rows = JSON.parse(readFileSync(out, 'utf8')) as (Omit<BenchRow, 'value'> & {
          value: number | null;
        })[];
        resolve(rows.map((r) => ({ ...r, value: r.value ?? NaN })));
      } catch {
        resolve([{ area, metric: 'FAILED', value: NaN, unit: `exited ${signal ?? code} without rows` }]);
      }
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-rows-'));
  const rows: BenchRow[] = [];
  try {
    for (const f of files) {
      process.stderr.write(`running ${f}…\n`);
      rows.push(...(await inChild(f, dir)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
}

const one = process.env.WEFT_BENCH_ONE;
const out = process.env.WEFT_BENCH_OUT;
if (one && out) await runOne(one, out);
else await main();
