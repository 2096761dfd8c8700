/** Retention: delete ended runs by age and by count per workflow, never an active one. */
import type { PruneRecord, RetentionRepo } from '../ops-repos';
import { num } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

const ENDED = `status IN ('SUCCESS', 'FAILED', 'CANCELLED')`;
// A child's parent still running may read it: leave the whole family until the parent ends.
const FREE = `(parent_run_id IS NULL OR parent_run_id NOT IN (SELECT id FROM runs WHERE status IN ('QUEUED', 'RUNNING', 'WAITING')))`;

const LAST_KEY = 'retention.last';

export function retentionRepo(db: SqlDb): RetentionRepo {
  return {
    async recordLast(r) {
      await db.run(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [LAST_KEY, JSON.stringify(r), r.at],
      );
    },
    async last() {
      const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [LAST_KEY]);
      return row ? (JSON.parse(row.value) as PruneRecord) : undefined;
    },
    async prune(opts) {
      const rules: string[] = [];
      const params: SqlValue[] = [];
      if (opts.finishedBefore !== undefined) {
        rules.push('finished_at < ?');
        params.push(opts.finishedBefore);
      }
      if (opts.keepPerWorkflow !== undefined) {
        rules.push(`id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY workflow_id ORDER BY created_at DESC, ord DESC) AS rn
          FROM runs WHERE ${ENDED}) ranked WHERE rn > ?)`);
        params.push(Math.max(0, Math.trunc(opts.keepPerWorkflow)));
      }
      const dryRun = opts.dryRun === true;
      if (rules.length === 0) return { runs: 0, events: 0, dryRun };
      const doomed = `SELECT id FROM runs WHERE ${ENDED} AND ${FREE} AND (${rules.join(' OR ')})`;
      return db.tx(async (t) => {
        const runs = num(
          (await t.get<{ n: number }>(`SELECT count(*) AS n FROM (${doomed}) d`, params))?.n ?? 0,
        );
        if (runs === 0) return { runs: 0, events: 0, dryRun };
        if (dryRun) {
          // A run's events are numbered 1..last_seq (rows may pack several: count events, not rows).
          const events = await t.get<{ n: number }>(
            `SELECT coalesce(sum(last_seq), 0) AS n FROM runs WHERE id IN (${doomed})`,
            params,
          );
          return { runs, events: num(events?.n ?? 0), dryRun };
        }
        // Fix the set first: the rules read `runs`, which the last statement changes.
        await t.run('CREATE TEMPORARY TABLE IF NOT EXISTS weft_prune (id TEXT PRIMARY KEY)');
        await t.run('DELETE FROM weft_prune');
        await t.run(`INSERT INTO weft_prune (id) ${doomed}`, params);
        const events = num(
          (
            await t.get<{ n: number }>(
              'SELECT coalesce(sum(last_seq), 0) AS n FROM runs WHERE id IN (SELECT id FROM weft_prune)',
            )
          )?.n ?? 0,
        );
        await t.run('DELETE FROM run_events WHERE run_id IN (SELECT id FROM weft_prune)');
        await t.run('DELETE FROM step_runs WHERE run_id IN (SELECT id FROM weft_prune)');
        await t.run('DELETE FROM run_commands WHERE run_id IN (SELECT id FROM weft_prune)');
        await t.run('DELETE FROM notification_deliveries WHERE run_id IN (SELECT id FROM weft_prune)');
        const deleted = await t.run('DELETE FROM runs WHERE id IN (SELECT id FROM weft_prune)');
        await t.run('DELETE FROM weft_prune');
        return { runs: deleted, events, dryRun };
      });
    },
  };
}
