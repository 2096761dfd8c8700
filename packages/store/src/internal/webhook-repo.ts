/** Webhook deliveries: the idempotency record of each accepted request. */
import type { RunId } from '@weft/engine';
import type { WebhookDelivery, WebhookOutcome, WebhookRepo } from '../repos';
import { num } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

interface DeliveryDbRow {
  workflow_id: string;
  delivery_key: string;
  run_id: string | null;
  outcome: string;
  http_status: number | null;
  received_at: number;
}

function toDelivery(r: DeliveryDbRow): WebhookDelivery {
  const d: WebhookDelivery = {
    workflowId: r.workflow_id,
    deliveryKey: r.delivery_key,
    outcome: r.outcome as WebhookOutcome,
    receivedAt: num(r.received_at),
  };
  if (r.run_id !== null) d.runId = r.run_id as RunId;
  if (r.http_status !== null) d.httpStatus = num(r.http_status);
  return d;
}

export function webhookRepo(db: SqlDb): WebhookRepo {
  const get = async (workflowId: string, deliveryKey: string): Promise<WebhookDelivery | undefined> => {
    const r = await db.get<DeliveryDbRow>(
      'SELECT * FROM webhook_deliveries WHERE workflow_id = ? AND delivery_key = ?',
      [workflowId, deliveryKey],
    );
    return r && toDelivery(r);
  };
  return {
    get,
    async record(d) {
      const n = await db.run(
        `INSERT INTO webhook_deliveries (workflow_id, delivery_key, run_id, outcome, http_status, received_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workflow_id, delivery_key) DO NOTHING`,
        [d.workflowId, d.deliveryKey, d.runId ?? null, d.outcome, d.httpStatus ?? null, d.receivedAt],
      );
      if (n > 0) return { delivery: { ...d }, created: true };
      const existing = await get(d.workflowId, d.deliveryKey);
      return { delivery: existing ?? { ...d }, created: false };
    },
    async update(workflowId, deliveryKey, patch) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (patch.runId !== undefined) {
        sets.push('run_id = ?');
        params.push(patch.runId);
      }
      if (patch.outcome !== undefined) {
        sets.push('outcome = ?');
        params.push(patch.outcome);
      }
      if (patch.httpStatus !== undefined) {
        sets.push('http_status = ?');
        params.push(patch.httpStatus);
      }
      if (sets.length === 0) return (await get(workflowId, deliveryKey)) !== undefined;
      params.push(workflowId, deliveryKey);
      return (
        (await db.run(
          `UPDATE webhook_deliveries SET ${sets.join(', ')} WHERE workflow_id = ? AND delivery_key = ?`,
          params,
        )) > 0
      );
    },
    async list(workflowId, limit = 50) {
      const rows = await db.all<DeliveryDbRow>(
        'SELECT * FROM webhook_deliveries WHERE workflow_id = ? ORDER BY received_at DESC, delivery_key LIMIT ?',
        [workflowId, Math.min(Math.max(Math.trunc(limit), 1), 1000)],
      );
      return rows.map(toDelivery);
    },
  };
}
