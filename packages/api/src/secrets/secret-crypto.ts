/**
 * Secrets at rest: AES-256-GCM with a 32-byte key. The secret's name is the additional authenticated
 * data, so a ciphertext copied onto another name does not decrypt. Format:
 * `v1:<keyId>:<iv b64>:<tag b64>:<ciphertext b64>`, where `keyId` names the key (first 8 hex of its
 * SHA-256) so a wrong key is reported as such rather than as corruption. The key file is the server's
 * (apps/server/src/secret-key-file.ts): this module does no file I/O.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class SecretKeyError extends Error {
  readonly code = 'SECRET_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Parse a key given as 64 hex characters or base64 of 32 bytes. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32)
    throw new SecretKeyError('secret key must be 32 bytes, as 64 hex characters or base64');
  return key;
}

export function generateKey(): Buffer {
  return randomBytes(32);
}

export function encryptSecret(key: Buffer, name: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyId(key),
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ct.toString('base64'),
  ].join(':');
}

export function decryptSecret(key: Buffer, name: string, ciphertext: string): string {
  const parts = ciphertext.split(':');
  if (parts.length !== 5 || parts[0] !== 'v1')
    throw new SecretKeyError(`secret ${name} is not in a known format`);
  const [, kid, iv, tag, ct] = parts as [string, string, string, string, string];
  if (kid !== keyId(key))
    throw new SecretKeyError(
      `secret ${name} was encrypted with another key (key id ${kid}, current ${keyId(key)})`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`secret ${name} does not decrypt: it was altered or belongs to another name`);
  }
}

/** Replace every occurrence of each secret value in `text` by `***` (longest first). */
export function maskText(text: string, values: Iterable<string>): string {
  const sorted = [...values].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of sorted) out = out.split(v).join('***');
  return out;
}
