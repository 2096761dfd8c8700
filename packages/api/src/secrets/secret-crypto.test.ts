import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, generateKey, maskText } from './secret-crypto';

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

  it('masks every known value', () => {
    expect(maskText('token=s3cr3t-token and s3cr3t-token again', ['s3cr3t-token'])).toBe(
      'token=*** and *** again',
    );
  });
});
