/** Encrypted secrets: one row per name, one statement per call. */
import type { SecretRepo, SecretRow } from '../repos';
import { num } from './rows';
import type { SqlDb } from './sql-db';

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
