import { describe, expect, it } from 'vitest';
import { hmacHex, verifySignature } from './signature';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const headers =
  (h: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];

describe('webhook signatures', () => {
  it("accepts GitHub's documented example", () => {
    const r = verifySignature({
      scheme: 'github',
      secret: "It's a Secret to Everybody",
      body: enc('Hello, World!'),
      header: headers({
        'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      }),
      now: 0,
    });
    expect(r).toEqual({ ok: true });
  });

  it('rejects a GitHub signature of another body, a missing header and a malformed one', () => {
    const sig = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const base = { scheme: 'github' as const, secret: "It's a Secret to Everybody", now: 0 };
    expect(
      verifySignature({
        ...base,
        body: enc('Hello, World?'),
        header: headers({ 'x-hub-signature-256': sig }),
      }),
    ).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifySignature({ ...base, body: enc('Hello, World!'), header: headers({}) })).toMatchObject({
      ok: false,
      reason: 'missing x-hub-signature-256 header',
    });
    expect(
      verifySignature({
        ...base,
        body: enc('Hello, World!'),
        header: headers({ 'x-hub-signature-256': 'md5=abc' }),
      }).ok,
    ).toBe(false);
    expect(
      verifySignature({
        ...base,
        body: enc('Hello, World!'),
        header: headers({ 'x-hub-signature-256': 'sha256=7571' }),
      }).ok,
    ).toBe(false);
  });

  it('checks X-Weft-Signature for hmac-sha256', () => {
    const body = enc('{"a":1}');
    const good = `sha256=${hmacHex('k', body)}`;
    expect(
      verifySignature({
        scheme: 'hmac-sha256',
        secret: 'k',
        body,
        header: headers({ 'x-weft-signature': good }),
        now: 0,
      }).ok,
    ).toBe(true);
    expect(
      verifySignature({
        scheme: 'hmac-sha256',
        secret: 'other',
        body,
        header: headers({ 'x-weft-signature': good }),
        now: 0,
      }).ok,
    ).toBe(false);
  });

  it('checks Stripe signatures within the 5-minute window only', () => {
    const body = enc('{"id":"evt_1"}');
    const t = 1_700_000_000;
    const v1 = hmacHex('whsec', `${t}.{"id":"evt_1"}`);
    const header = headers({ 'Stripe-Signature': `t=${t},v1=deadbeef,v1=${v1}` });
    expect(
      verifySignature({ scheme: 'stripe', secret: 'whsec', body, header, now: t * 1000 + 60_000 }).ok,
    ).toBe(true);
    const late = verifySignature({
      scheme: 'stripe',
      secret: 'whsec',
      body,
      header,
      now: t * 1000 + 6 * 60_000,
    });
    expect(late).toEqual({ ok: false, reason: 'stripe-signature timestamp is outside the 5-minute window' });
    expect(verifySignature({ scheme: 'stripe', secret: 'nope', body, header, now: t * 1000 }).ok).toBe(false);
    expect(
      verifySignature({
        scheme: 'stripe',
        secret: 'whsec',
        body,
        header: headers({ 'stripe-signature': 'v1=abc' }),
        now: 0,
      }).ok,
    ).toBe(false);
  });
});
