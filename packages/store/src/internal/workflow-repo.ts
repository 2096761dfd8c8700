import type {
  SaveVersionInput,
  WorkflowListOptions,
  WorkflowRepo,
  WorkflowRow,
  WorkflowVersionMeta,
  WorkflowVersionRow,
} from '../repos';
import { num } from './rows';
import type { SqlDb, SqlValue } from './sql-db';

interface WorkflowDbRow {
  id: string;
  name: string;
  description: string | null;
  enabled: number;
  latest_version: number;
  latest_hash: string;
  created_at: number;
  updated_at: number;
}

interface VersionDbRow {
  workflow_id: string;
  version: number;
  yaml?: string;
  hash: string;
  author: string | null;
  message: string | null;
  created_at: number;
}

function workflowFromRow(r: WorkflowDbRow): WorkflowRow {
  const w: WorkflowRow = {
    id: r.id,
    name: r.name,
    enabled: num(r.enabled) !== 0,
    latestVersion: num(r.latest_version),
    latestHash: r.latest_hash,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
  if (r.description !== null) w.description = r.description;
  return w;
}

function metaFromRow(r: VersionDbRow): WorkflowVersionMeta {
  const v: WorkflowVersionMeta = {
    workflowId: r.workflow_id,
    version: num(r.version),
    hash: r.hash,
    createdAt: num(r.created_at),
  };
  if (r.author !== null) v.author = r.author;
  if (r.message !== null) v.message = r.message;
  return v;
}

function versionFromRow(r: VersionDbRow): WorkflowVersionRow {
  return { ...metaFromRow(r), yaml: r.yaml ?? '' };
}

/** Escape LIKE wildcards so a search for `a_b` matches only that text. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const VERSION_COLUMNS = 'workflow_id, version, hash, author, message, created_at';

export function workflowRepo(db: SqlDb): WorkflowRepo {
  return {
    async list(opts: WorkflowListOptions = {}) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (opts.search !== undefined && opts.search !== '') {
        where.push("(lower(id) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\')");
        const p = likePattern(opts.search);
        params.push(p, p);
      }
      if (opts.enabled !== undefined) {
        where.push('enabled = ?');
        params.push(opts.enabled ? 1 : 0);
      }
      const sql = `SELECT * FROM workflows${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      return (await db.all<WorkflowDbRow>(sql, params)).map(workflowFromRow);
    },

    async get(id) {
      const r = await db.get<WorkflowDbRow>('SELECT * FROM workflows WHERE id = ?', [id]);
      return r && workflowFromRow(r);
    },

    saveVersion(input: SaveVersionInput) {
      return db.tx(async (t) => {
        // The upsert takes the workflow's row lock, so concurrent saves number their versions in turn.
        const row = await t.get<{ latest_version: number }>(
          `INSERT INTO workflows (id, name, description, enabled, latest_version, latest_hash, created_at, updated_at)
           VALUES (?, ?, ?, 1, 1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET latest_version = workflows.latest_version + 1, name = excluded.name,
             description = excluded.description, latest_hash = excluded.latest_hash, updated_at = excluded.updated_at
           RETURNING latest_version`,
          [
            input.workflowId,
            input.name,
            input.description ?? null,
            input.hash,
            input.createdAt,
            input.createdAt,
          ],
        );
        const version = num(row?.latest_version ?? 1);
        await t.run(
          'INSERT INTO workflow_versions (workflow_id, version, yaml, hash, author, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [
            input.workflowId,
            version,
            input.yaml,
            input.hash,
            input.author ?? null,
            input.message ?? null,
            input.createdAt,
          ],
        );
        return version;
      });
    },

    async history(id) {
      const rows = await db.all<VersionDbRow>(
        `SELECT ${VERSION_COLUMNS} FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC`,
        [id],
      );
      return rows.map(metaFromRow);
    },

    async workflowVersion(id, version) {
      const r = await db.get<VersionDbRow>(
        `SELECT ${VERSION_COLUMNS}, yaml FROM workflow_versions WHERE workflow_id = ? AND version = ?`,
        [id, version],
      );
      return r && versionFromRow(r);
    },

    async latestWorkflow(id) {
      const r = await db.get<VersionDbRow>(
        `SELECT ${VERSION_COLUMNS}, yaml FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC LIMIT 1`,
        [id],
      );
      return r && versionFromRow(r);
    },

    async setEnabled(id, enabled, at) {
      return (
        (await db.run('UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?', [
          enabled ? 1 : 0,
          at,
          id,
        ])) > 0
      );
    },

    delete(id) {
      return db.tx(async (t) => {
        const n = await t.run('DELETE FROM workflows WHERE id = ?', [id]);
        await t.run('DELETE FROM workflow_versions WHERE workflow_id = ?', [id]);
        await t.run('DELETE FROM trigger_state WHERE workflow_id = ?', [id]);
        await t.run('DELETE FROM trigger_pauses WHERE workflow_id = ?', [id]);
        await t.run('DELETE FROM webhook_deliveries WHERE workflow_id = ?', [id]);
        return n > 0;
      });
    },
  };
}
