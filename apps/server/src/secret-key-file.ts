/**
 * The secret key file: read it, or create it with a fresh key (mode 0600, its folder 0700). File I/O
 * of the server; the cipher itself is @weft/api's (secret-crypto).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKey, parseKey, SecretKeyError } from '@weft/api';

/**
 * The key from `secretKey` when given, else from `keyFile`, which is created (mode 0600, its folder
 * 0700) with a fresh random key when it does not exist.
 */
export function loadOrCreateKey(opts: { secretKey?: string; keyFile: string }): {
  key: Buffer;
  created: boolean;
} {
  if (opts.secretKey) return { key: parseKey(opts.secretKey), created: false };
  if (existsSync(opts.keyFile)) {
    let text: string;
    try {
      text = readFileSync(opts.keyFile, 'utf8');
    } catch (e) {
      throw new SecretKeyError(`cannot read secret key file ${opts.keyFile}: ${(e as Error).message}`);
    }
    try {
      return { key: parseKey(text), created: false };
    } catch {
      throw new SecretKeyError(`secret key file ${opts.keyFile} does not hold a 32-byte key (base64 or hex)`);
    }
  }
  const key = generateKey();
  writeKeyFile(opts.keyFile, key);
  return { key, created: true };
}

/** Write a key file atomically with mode 0600. */
export function writeKeyFile(path: string, key: Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
