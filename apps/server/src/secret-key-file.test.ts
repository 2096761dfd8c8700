import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKey } from './secret-key-file';

describe('secret key file', () => {
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
});
