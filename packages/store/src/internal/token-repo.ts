/** API tokens (hashes only) and the unique-violation test shared by both backends. */
import { StoreError } from '../errors';
import type { TokenRepo, TokenRole, TokenRow } from '../repos';
import { num } from './rows';
import type { SqlDb } from './sql-db';

/** A unique-constraint violation on either backend. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
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
