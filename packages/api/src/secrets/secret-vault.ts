import type { SecretMeta, SecretRepo } from '@weft/store';
import { decryptSecret, encryptSecret, keyId } from './secret-crypto';

/** Secret names follow the expression path rule (`secrets.NAME`). */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Secrets, encrypted with one key. Values go in and come out only through `get` (for the engine and
 * webhook signatures); the API lists names. Implements the engine's `SecretResolver`.
 */
export class SecretVault {
  private key: Buffer;
  /** Plain values seen by this process, so logs and answers can be masked. */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly repo: SecretRepo,
    key: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.key = key;
  }

  get keyId(): string {
    return keyId(this.key);
  }

  async set(name: string, value: string): Promise<void> {
    await this.repo.put(name, encryptSecret(this.key, name, value), this.now());
    this.known.set(name, value);
  }

  async get(name: string): Promise<string | undefined> {
    const row = await this.repo.get(name);
    if (!row) return undefined;
    const value = decryptSecret(this.key, name, row.ciphertext);
    this.known.set(name, value);
    return value;
  }

  list(): Promise<SecretMeta[]> {
    return this.repo.list();
  }

  async delete(name: string): Promise<boolean> {
    this.known.delete(name);
    return this.repo.delete(name);
  }

  /** Values this process has handled (for masking). */
  knownValues(): string[] {
    return [...this.known.values()];
  }

  /**
   * Re-encrypt every secret with `newKey` in one transaction, then use it. The caller persists the new
   * key (key file or `WEFT_SECRET_KEY`) — until then, restarting with the old key fails clearly.
   */
  async rotate(newKey: Buffer): Promise<{ count: number; keyId: string }> {
    const rows = await this.repo.all();
    const entries = rows.map((r) => ({
      name: r.name,
      ciphertext: encryptSecret(newKey, r.name, decryptSecret(this.key, r.name, r.ciphertext)),
    }));
    await this.repo.putMany(entries, this.now());
    this.key = newKey;
    return { count: entries.length, keyId: keyId(newKey) };
  }
}
