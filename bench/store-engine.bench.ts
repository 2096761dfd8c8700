/**
 * The engine's figures (bench/engine.bench.ts's `benchEngine`) on the durable stores: SQLite (file,
 * WAL, synchronous=NORMAL) and PostgreSQL (a throwaway server started like the tests do).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@weft/store';
import type { WeftStore } from '@weft/store';
import startPostgres from '../scripts/pg-global-setup';
import { benchEngine } from './engine.bench';
import { treeCpuMs } from './load/webhook-load';
import type { BenchRow } from './row';

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-store-engine-bench-'));
  const opened: WeftStore[] = [];
  let n = 0;
  const track = async (url: string): Promise<WeftStore> => {
    const s = await openStore(url);
    opened.push(s);
    return s;
  };
  const had = process.env.WEFT_TEST_PG_URL;
  const stop = await startPostgres();
  try {
    const rows = await benchEngine(() => track(`sqlite:${join(dir, `engine-${++n}.db`)}`), 'SQLite');
    const pg = process.env.WEFT_TEST_PG_URL;
    if (!pg) throw new Error('PostgreSQL did not start');
    // The server's CPU (its processes in /proc) when this bench started it.
    const data = process.env.WEFT_TEST_PG_DATA;
    const postmaster = data
      ? Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])
      : undefined;
    const pgRows = await benchEngine(
      () => track(`${pg}?schema=engine_bench_${process.pid}_${++n}&pool=16`),
      'PostgreSQL',
      postmaster === undefined ? undefined : () => treeCpuMs(postmaster),
    );
    // Issue 14 item 5 asks more of PostgreSQL's group commit than of the engine alone.
    for (const r of pgRows)
      if (r.unit === 'steps/s') {
        r.target = '>= 20000';
        r.note = `load ${loadavg()[0]?.toFixed(1)} (the rate follows the machine's load; the CPU rows less so)`;
      }
    rows.push(...pgRows);
    rows.push({
      area: 'engine',
      metric: 'peak RSS (store-engine bench)',
      value: process.resourceUsage().maxRSS / 1024,
      unit: 'MB',
    });
    return rows;
  } finally {
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    stop();
    if (had === undefined) {
      // the next bench starts its own
      delete process.env.WEFT_TEST_PG_URL;
      delete process.env.WEFT_TEST_PG_DATA;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
