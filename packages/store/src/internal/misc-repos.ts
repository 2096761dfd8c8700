/** Secrets, API tokens, trigger state and webhook deliveries: small tables, one statement per call. */
import type { RunId } from '@weft/engine';
import { StoreError } from '../errors';
import type {
  SecretRepo,
  SecretRow,
  TokenRepo,
  TokenRole,
  TokenRow,
  TriggerStateRepo,
  TriggerStateRow,
  WebhookDelivery,
  WebhookOutcome,
  WebhookRepo,
} from '../repos';
import { num } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

/** A unique-constraint violation on either backend. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

interface SecretDbRow {
  name: string;
  ciphertext: string;
  created_at: number;
  updated_at: number;
}

const toSecret = (r: SecretDbRow): SecretRow => ({
  name: r.name,
  ciphertext: r.ciphertext,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

const PUT_SECRET = `INSERT INTO secrets (name, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`;

export function secretRepo(db: SqlDb): SecretRepo {
  return {
    async put(name, ciphertext, at) {
      await db.run(PUT_SECRET, [name, ciphertext, at, at]);
    },
    putMany(entries, at) {
      return db.tx(async (t) => {
        for (const e of entries) await t.run(PUT_SECRET, [e.name, e.ciphertext, at, at]);
      });
    },
    async get(name) {
      const r = await db.get<SecretDbRow>('SELECT * FROM secrets WHERE name = ?', [name]);
      return r && toSecret(r);
    },
    async all() {
      return (await db.all<SecretDbRow>('SELECT * FROM secrets ORDER BY name')).map(toSecret);
    },
    async list() {
      const rows = await db.all<SecretDbRow>(
        'SELECT name, created_at, updated_at FROM secrets ORDER BY name',
      );
      return rows.map((r) => ({ name: r.name, createdAt: num(r.created_at), updatedAt: num(r.updated_at) }));
    },
    async delete(name) {
      return (await db.run('DELETE FROM secrets WHERE name = ?', [name])) > 0;
    },
  };
}

interface TokenDbRow {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

function toToken(r: TokenDbRow): TokenRow {
  const t: TokenRow = {
    id: r.id,
    name: r.name,
    role: r.role as TokenRole,
    hash: r.hash,
    createdAt: num(r.created_at),
  };
  if (r.last_used_at !== null) t.lastUsedAt = num(r.last_used_at);
  if (r.revoked_at !== null) t.revokedAt = num(r.revoked_at);
  return t;
}

export function tokenRepo(db: SqlDb): TokenRepo {
  return {
    async create(token) {
      try {
        await db.run('INSERT INTO api_tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)', [
          token.id,
          token.name,
          token.role,
          token.hash,
          token.createdAt,
        ]);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new StoreError('CONFLICT', `an API token with id "${token.id}" or the same hash exists`, {
            cause: err,
          });
        throw err;
      }
      return { ...token };
    },
    async findByHash(hash) {
      const r = await db.get<TokenDbRow>('SELECT * FROM api_tokens WHERE hash = ? AND revoked_at IS NULL', [
        hash,
      ]);
      return r && toToken(r);
    },
    async list() {
      return (await db.all<TokenDbRow>('SELECT * FROM api_tokens ORDER BY created_at, id')).map(toToken);
    },
    async revoke(id, at) {
      return (
        (await db.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) >
        0
      );
    },
    async markUsed(id, at) {
      await db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [at, id]);
    },
  };
}

interface TriggerDbRow {
  workflow_id: string;
  trigger_key: string;
  last_tick: number;
  updated_at: number;
}

const toTrigger = (r: TriggerDbRow): TriggerStateRow => ({
  workflowId: r.workflow_id,
  triggerKey: r.trigger_key,
  lastTick: num(r.last_tick),
  updatedAt: num(r.updated_at),
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
    async clear(workflowId) {
      await db.run('DELETE FROM trigger_state WHERE workflow_id = ?', [workflowId]);
    },
  };
}

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
