/**
 * The runs explorer's first page (`runs.list`, 50 runs) over 100,000 runs on a SQLite file: no
 * filter, by trigger type, by status + trigger, and by error text (a full scan when the text is
 * rare), median of several calls after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type RunListFilter } from '@weft/store';
import type { BenchRow } from './row';

const RUNS = 100_000;

export default async function explorerBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-explorer-'));
  const store = await openStore(`sqlite:${join(dir, 'weft.db')}`);
  const now = Date.now();
  try {
    // 20 workflows, a run every 6 s; triggers: cron 1/4, webhook 1/4, api the rest; 10 % failed,
    // one failure in 1,000 with a rare message.
    const db = (store as unknown as { db: { exec(sql: string): void } }).db;
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RUNS - 1})
      INSERT INTO runs (id, workflow_id, workflow_version, status, inputs, error, trigger, created_at, started_at, finished_at, last_seq)
      SELECT 'run-' || i, 'wf-' || (i % 20), 1,
        CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCESS' END, '{}',
        CASE WHEN i % 10000 = 0 THEN '{"code":"HTTP_ERROR","message":"card declined by the bank"}'
             WHEN i % 10 = 0 THEN '{"code":"BLOCK_ERROR","message":"boom"}' END,
        CASE i % 4 WHEN 0 THEN '{"type":"cron","scheduledAt":"x"}' WHEN 1 THEN '{"type":"webhook"}' ELSE '{"type":"api","by":"ann"}' END,
        ${now} - i * 6000, ${now} - i * 6000, ${now} - i * 6000 + (i % 997), 1
      FROM n`);
    db.exec('ANALYZE');
    const time = async (filter: RunListFilter): Promise<number> => {
      await store.repos.runs.list(filter);
      const walls: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        await store.repos.runs.list(filter);
        walls.push(performance.now() - t0);
      }
      return walls.sort((a, b) => a - b)[3] ?? NaN;
    };
    const cases: [string, RunListFilter][] = [
      ['no filter', {}],
      ['trigger = cron', { trigger: 'cron' }],
      ['FAILED + cron, last 7 d', { status: 'FAILED', trigger: 'cron', from: now - 7 * 86_400_000 }],
      ['error text, common ("boom")', { errorText: 'boom' }],
      ['error text, rare (10 of 100,000)', { errorText: 'declined' }],
    ];
    const rows: BenchRow[] = [];
    for (const [name, f] of cases)
      rows.push({
        area: 'explorer',
        metric: `runs.list first page (50) over 100,000 runs, ${name}, SQLite`,
        value: await time({ kind: 'run', limit: 50, ...f }),
        unit: 'ms',
      });
    return rows;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
