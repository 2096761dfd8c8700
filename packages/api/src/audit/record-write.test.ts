import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../trpc';
import { auditEntry } from './record-write';

const ctx = {
  deps: { now: () => 1_700_000_000_000 },
  principal: { tokenId: 't1', name: 'ops', role: 'admin' },
  origin: { ip: '10.0.0.7' },
} as unknown as ApiContext;

describe('auditEntry for block installs', () => {
  it('names the installed block, its sha256 and signer, and never copies the archive', () => {
    const sha = 'a'.repeat(64);
    const e = auditEntry(ctx, {
      path: 'blocks.install',
      input: { archive: 'H4sIAAAA…base64…', source: 'npm:weft-block-greeter' },
      result: {
        block: { name: 'greeter', version: '1.2.0', sha256: sha, signer: { keyId: 'k1', name: 'acme' } },
        already: false,
      },
      outcome: 'ok',
    });
    expect(e).toEqual({
      at: 1_700_000_000_000,
      actor: 'ops',
      role: 'admin',
      source: '10.0.0.7',
      action: 'blocks.install',
      outcome: 'ok',
      target: 'greeter@1.2.0',
      detail: {
        source: 'npm:weft-block-greeter',
        block: 'greeter@1.2.0',
        sha256: sha,
        signer: 'acme',
        already: false,
      },
    });
    expect(JSON.stringify(e)).not.toContain('H4sI');
  });

  it('records an unsigned block and a removal by name', () => {
    const installed = auditEntry(ctx, {
      path: 'blocks.install',
      input: { archive: 'x', source: 'upload' },
      result: {
        block: { name: 'kv', version: '2.0.0', sha256: 'b'.repeat(64), signer: null },
        already: true,
      },
      outcome: 'ok',
    });
    expect(installed.detail).toEqual({
      source: 'upload',
      block: 'kv@2.0.0',
      sha256: 'b'.repeat(64),
      already: true,
    });
    const removed = auditEntry(ctx, {
      path: 'blocks.remove',
      input: { name: 'kv', version: '2.0.0' },
      result: { removed: ['kv@2.0.0'] },
      outcome: 'ok',
    });
    expect(removed).toMatchObject({ target: 'kv', detail: { name: 'kv', version: '2.0.0' } });
  });
});
