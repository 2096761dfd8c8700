/** Paused cron/interval triggers (the scheduler skips their ticks). */
import type { TriggerPause, TriggerPauseRepo } from '../schedule-repos';
import { num } from './rows';
import type { SqlDb } from './sql-db';

interface PauseDbRow {
  workflow_id: string;
  trigger_key: string;
  paused_at: number;
  paused_by: string | null;
}

const toPause = (r: PauseDbRow): TriggerPause => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  pausedAt: num(r.paused_at),
  ...(r.paused_by !== null ? { pausedBy: r.paused_by } : {}),
});

export function triggerPauseRepo(db: SqlDb): TriggerPauseRepo {
  return {
    async pause(p) {
      const n = await db.run(
        `INSERT INTO trigger_pauses (workflow_id, trigger_key, paused_at, paused_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (workflow_id, trigger_key) DO NOTHING`,
        [p.workflowId, p.triggerKey, p.pausedAt, p.pausedBy ?? null],
      );
      return n > 0;
    },
    async resume(workflowId, triggerKey) {
      const n = await db.run('DELETE FROM trigger_pauses WHERE workflow_id = ? AND trigger_key = ?', [
        workflowId,
        triggerKey,
      ]);
      return n > 0;
    },
    async get(workflowId, triggerKey) {
      const r = await db.get<PauseDbRow>(
        'SELECT * FROM trigger_pauses WHERE workflow_id = ? AND trigger_key = ?',
        [workflowId, triggerKey],
      );
      return r && toPause(r);
    },
    async list(workflowId) {
      const rows =
        workflowId === undefined
          ? await db.all<PauseDbRow>('SELECT * FROM trigger_pauses ORDER BY workflow_id, trigger_key')
          : await db.all<PauseDbRow>(
              'SELECT * FROM trigger_pauses WHERE workflow_id = ? ORDER BY trigger_key',
              [workflowId],
            );
      return rows.map(toPause);
    },
  };
}
