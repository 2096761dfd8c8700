/**
 * The trust store: the ed25519 public keys whose signatures a Weft installation accepts, kept as
 * `<dataDir>/trusted-keys.json`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { publicKeyPem } from './digest';

export interface TrustedKey {
  name: string;
  keyId: string;
  publicKey: string;
  addedAt: string;
}

export type TrustResult<T> = { ok: true; value: T } | { ok: false; message: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class TrustStore {
  constructor(readonly file: string) {}

  list(): TrustedKey[] {
    if (!existsSync(this.file)) return [];
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as { keys?: TrustedKey[] };
      return Array.isArray(doc.keys) ? doc.keys : [];
    } catch {
      return [];
    }
  }

  /** Adds (or renames) a key; the key text may be PEM or base64 SPKI. */
  add(name: string, keyText: string, now = new Date()): TrustResult<TrustedKey> {
    if (!NAME.test(name))
      return { ok: false, message: `key name "${name}" must be 1-64 letters, digits, . _ @ -` };
    const k = publicKeyPem(keyText);
    if (!k.ok) return k;
    const keys = this.list().filter((x) => x.keyId !== k.value.keyId && x.name !== name);
    const entry: TrustedKey = {
      name,
      keyId: k.value.keyId,
      publicKey: k.value.pem,
      addedAt: now.toISOString(),
    };
    keys.push(entry);
    this.write(keys);
    return { ok: true, value: entry };
  }

  /** Removes a key by name or key id. */
  remove(nameOrId: string): TrustResult<TrustedKey> {
    const keys = this.list();
    const hit = keys.find((k) => k.name === nameOrId || k.keyId === nameOrId);
    if (!hit) return { ok: false, message: `no trusted key named "${nameOrId}"` };
    this.write(keys.filter((k) => k !== hit));
    return { ok: true, value: hit };
  }

  private write(keys: TrustedKey[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o644 });
    renameSync(tmp, this.file);
  }
}
