/** Trigger state: the last and next fire of each cron/interval trigger. */
import type { TriggerStateRepo, TriggerStateRow } from '../repos';
import { num } from './rows';
import type { SqlDb } from './sql-db';

interface TriggerDbRow {
  workflow_id: string;
  trigger_key: string;
  last_tick: number;
  updated_at: number;
  last_run_id: string | null;
}

const toTrigger = (r: TriggerDbRow): TriggerStateRow => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  lastTick: num(r.last_tick),
  updatedAt: num(r.updated_at),
  ...(r.last_run_id !== null && r.last_run_id !== undefined ? { lastRunId: r.last_run_id } : {}),
});

export function triggerStateRepo(db: SqlDb): TriggerStateRepo {
  return {
    async get(workflowId, triggerKey) {
      const r = await db.get<TriggerDbRow>(
        'SELECT * FROM trigger_state WHERE workflow_id = ? AND trigger_key = ?',
        [workflowId, triggerKey],
      );
      return r && toTrigger(r);
    },
    async list(workflowId) {
      const rows =
        workflowId === undefined
          ? await db.all<TriggerDbRow>('SELECT * FROM trigger_state ORDER BY workflow_id, trigger_key')
          : await db.all<TriggerDbRow>(
              'SELECT * FROM trigger_state WHERE workflow_id = ? ORDER BY trigger_key',
              [workflowId],
            );
      return rows.map(toTrigger);
    },
    async claimTick(workflowId, triggerKey, tick, at) {
      // Insert, or move forward only: the row lock makes exactly one concurrent caller win.
      const n = await db.run(
        `INSERT INTO trigger_state (workflow_id, trigger_key, last_tick, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (workflow_id, trigger_key) DO UPDATE SET last_tick = excluded.last_tick, updated_at = excluded.updated_at
         WHERE trigger_state.last_tick < excluded.last_tick`,
        [workflowId, triggerKey, tick, at],
      );
      return n > 0;
    },
    async setLastRun(workflowId, triggerKey, tick, runId) {
      await db.run(
        'UPDATE trigger_state SET last_run_id = ? WHERE workflow_id = ? AND trigger_key = ? AND last_tick = ?',
        [runId, workflowId, triggerKey, tick],
      );
    },
    async clear(workflowId) {
      await db.run('DELETE FROM trigger_state WHERE workflow_id = ?', [workflowId]);
    },
  };
}
