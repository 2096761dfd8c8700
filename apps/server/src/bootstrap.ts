/** Start-up chores: the secret key (with rotation recovery) and the bootstrap admin token. */
import { existsSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { createToken, generateKey, hashToken, keyId, parseKey, SecretKeyError } from '@weft/api';
import type { Repositories } from '@weft/store';
import type { ServerConfig } from './config/settings';
import type { Logger } from './observability/logger';
import { loadOrCreateKey, writeKeyFile } from './secret-key-file';

/**
 * Load the secret key and check it opens the stored secrets. A rotation interrupted after the database
 * was re-encrypted leaves `<keyFile>.next`; it is adopted here.
 */
export async function loadSecretKey(
  config: ServerConfig,
  secrets: Repositories['secrets'],
  log: Logger,
): Promise<Buffer> {
  const { key, created } = loadOrCreateKey({
    ...(config.secretKey ? { secretKey: config.secretKey } : {}),
    keyFile: config.secretKeyFile,
  });
  if (created) log.info({ keyFile: config.secretKeyFile }, 'created a new secret key file (mode 0600)');
  const sample = (await secrets.all())[0];
  const storedId = sample?.ciphertext.split(':')[1];
  if (!sample || storedId === keyId(key)) return key;
  const next = `${config.secretKeyFile}.next`;
  if (!config.secretKey && existsSync(next)) {
    const nextKey = loadOrCreateKey({ keyFile: next }).key;
    if (keyId(nextKey) === storedId) {
      renameSync(next, config.secretKeyFile);
      log.warn({ keyFile: config.secretKeyFile }, 'finished an interrupted secret key rotation');
      return nextKey;
    }
  }
  throw new SecretKeyError(
    `the stored secrets were encrypted with key id ${storedId ?? '?'}, but this server's key (${config.secretKey ? 'WEFT_SECRET_KEY' : config.secretKeyFile}) has id ${keyId(key)}: start with the key they were written with`,
  );
}

/**
 * Rotation: the new key is written to `<keyFile>.next` before the database is re-encrypted, and moved
 * over the key file after — so a crash at any point leaves a key that opens the secrets.
 */
export async function rotateKey(
  config: ServerConfig,
  rotate: (key: Buffer) => Promise<{ count: number; keyId: string }>,
  newKeyText?: string,
): Promise<{ count: number; keyId: string; keyFile?: string }> {
  const newKey = newKeyText ? parseKey(newKeyText) : generateKey();
  if (config.secretKey) {
    if (!newKeyText)
      throw new SecretKeyError(
        'this server takes its key from WEFT_SECRET_KEY: pass the new key (newKey) and then set WEFT_SECRET_KEY to it before the next start',
      );
    return rotate(newKey);
  }
  const next = `${config.secretKeyFile}.next`;
  writeKeyFile(next, newKey);
  try {
    const r = await rotate(newKey);
    renameSync(next, config.secretKeyFile);
    return { ...r, keyFile: config.secretKeyFile };
  } catch (e) {
    if (existsSync(next)) unlinkSync(next);
    throw e;
  }
}

/**
 * With auth on: `adminToken` (WEFT_ADMIN_TOKEN) is registered as an admin token; without it, when no
 * live admin token exists, one is generated and written to `<dataDir>/admin.token` (mode 0600). The
 * token itself is never logged.
 */
export async function bootstrapAdmin(
  config: ServerConfig,
  tokens: Repositories['tokens'],
  log: Logger,
  now: number,
): Promise<{ tokenFile?: string }> {
  if (!config.auth) return {};
  if (config.adminToken) {
    if (!(await tokens.findByHash(hashToken(config.adminToken)))) {
      await createToken(tokens, { name: 'bootstrap-admin', role: 'admin', now, token: config.adminToken });
      log.info('registered WEFT_ADMIN_TOKEN as an admin token');
    }
    return {};
  }
  const live = (await tokens.list()).filter((t) => t.role === 'admin' && t.revokedAt === undefined);
  if (live.length > 0) return {};
  const { token } = await createToken(tokens, { name: 'bootstrap-admin', role: 'admin', now });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(config.dataDir, 'admin.token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  log.warn(
    { tokenFile: file },
    'auth is on and no admin token existed: wrote a bootstrap admin token to this file (read it, then delete it)',
  );
  return { tokenFile: file };
}
