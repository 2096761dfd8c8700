/**
 * API tokens: random, shown once, stored as SHA-256 hex. Roles nest: viewer ⊂ editor ⊂ admin.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenRepo, TokenRole, TokenRow } from '@weft/store';

export type Role = TokenRole;

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** True when `have` may do what needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `weft_${randomBytes(32).toString('base64url')}`;
}

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

/** Find the live token for a bearer value; undefined when unknown or revoked. */
export async function authenticate(
  repo: TokenRepo,
  bearer: string,
  now: number,
): Promise<Principal | undefined> {
  const row = await repo.findByHash(hashToken(bearer));
  if (!row || row.revokedAt !== undefined) return undefined;
  // Best effort: a failed "last used" update must not fail the request.
  repo.markUsed(row.id, now).catch(() => undefined);
  return { tokenId: row.id, name: row.name, role: row.role };
}

/** Create a token; the plain value is returned once and never stored. */
export async function createToken(
  repo: TokenRepo,
  opts: { name: string; role: Role; now: number; token?: string },
): Promise<{ token: string; row: TokenRow }> {
  const token = opts.token ?? generateToken();
  const row = await repo.create({
    id: randomUUID(),
    name: opts.name,
    role: opts.role,
    hash: hashToken(token),
    createdAt: opts.now,
  });
  return { token, row };
}
