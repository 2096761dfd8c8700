import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, generateKey, loadOrCreateKey, maskText } from './secret-crypto';

describe('secret crypto', () => {
  it('round-trips a value and never stores it in clear', () => {
    const key = generateKey();
    const ct = encryptSecret(key, 'API_KEY', 'hunter2-value');
    expect(ct).not.toContain('hunter2');
    expect(ct).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(decryptSecret(key, 'API_KEY', ct)).toBe('hunter2-value');
    // Two encryptions of one value differ (random IV).
    expect(encryptSecret(key, 'API_KEY', 'hunter2-value')).not.toBe(ct);
  });

  it('refuses another key, another name and a tampered ciphertext with clear messages', () => {
    const key = generateKey();
    const ct = encryptSecret(key, 'A', 'v');
    expect(() => decryptSecret(generateKey(), 'A', ct)).toThrow(/encrypted with another key/);
    expect(() => decryptSecret(key, 'B', ct)).toThrow(/altered or belongs to another name/);
    const parts = ct.split(':');
    parts[4] = Buffer.from('x').toString('base64');
    expect(() => decryptSecret(key, 'A', parts.join(':'))).toThrow(/does not decrypt/);
    expect(() => decryptSecret(key, 'A', 'plain')).toThrow(/not in a known format/);
  });

  it('creates the key file once, with mode 0600, and reads it back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'weft-key-')), 'sub', 'secret.key');
    const first = loadOrCreateKey({ keyFile: file });
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateKey({ keyFile: file });
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('prefers the key given as text and rejects a short one', () => {
    const hex = 'ab'.repeat(32);
    expect(loadOrCreateKey({ secretKey: hex, keyFile: '/nonexistent/x' }).key.toString('hex')).toBe(hex);
    expect(() => loadOrCreateKey({ secretKey: 'abcd', keyFile: '/nonexistent/x' })).toThrow(/32 bytes/);
  });

  it('masks every known value', () => {
    expect(maskText('token=s3cr3t-token and s3cr3t-token again', ['s3cr3t-token'])).toBe(
      'token=*** and *** again',
    );
  });
});
