/**
 * Webhook signature checks (dsl-v1 §8). Every comparison is constant-time; every failure says why
 * (without echoing the expected signature).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSignature } from '@weft/dsl';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Stripe's tolerance between the signed timestamp and now. */
export const STRIPE_TOLERANCE_MS = 5 * 60 * 1000;

export interface VerifyOptions {
  scheme: WebhookSignature;
  secret: string;
  /** The raw request body, exactly as received. */
  body: Uint8Array;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  /** Epoch ms, for Stripe's replay window. */
  now: number;
}

export function hmacHex(secret: string, data: Uint8Array | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Compare two hex strings in constant time (a length mismatch is simply false). */
export function safeEqualHex(expectedHex: string, givenHex: string): boolean {
  // Buffer.from(hex) silently drops a trailing odd digit: compare the texts' lengths first, so a
  // valid signature with a character appended is not accepted.
  if (givenHex.length !== expectedHex.length || !/^[0-9a-f]*$/i.test(givenHex)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(givenHex.toLowerCase(), 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function verifySignature(opts: VerifyOptions): SignatureCheck {
  switch (opts.scheme) {
    case 'github':
      return verifyPrefixed(opts, 'x-hub-signature-256');
    case 'hmac-sha256':
      return verifyPrefixed(opts, 'x-weft-signature');
    case 'stripe':
      return verifyStripe(opts);
  }
}

function verifyPrefixed(opts: VerifyOptions, headerName: string): SignatureCheck {
  const value = opts.header(headerName);
  if (!value) return { ok: false, reason: `missing ${headerName} header` };
  const m = /^sha256=([0-9a-fA-F]+)$/.exec(value.trim());
  if (!m?.[1]) return { ok: false, reason: `${headerName} must look like sha256=<hex>` };
  return safeEqualHex(hmacHex(opts.secret, opts.body), m[1])
    ? { ok: true }
    : { ok: false, reason: 'signature does not match' };
}

function verifyStripe(opts: VerifyOptions): SignatureCheck {
  const value = opts.header('stripe-signature');
  if (!value) return { ok: false, reason: 'missing stripe-signature header' };
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === 't') t = v;
    else if (k === 'v1') v1.push(v);
  }
  if (!t || !/^\d+$/.test(t) || v1.length === 0)
    return { ok: false, reason: 'stripe-signature must hold t=<unix seconds> and v1=<hex>' };
  const signedAt = Number(t) * 1000;
  if (Math.abs(opts.now - signedAt) > STRIPE_TOLERANCE_MS)
    return { ok: false, reason: 'stripe-signature timestamp is outside the 5-minute window' };
  const payload = Buffer.concat([Buffer.from(`${t}.`), Buffer.from(opts.body)]);
  const expected = hmacHex(opts.secret, payload);
  // Check every v1 (Stripe sends several while a secret rolls); do not stop early.
  let match = false;
  for (const sig of v1) match = safeEqualHex(expected, sig) || match;
  return match ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
