/**
 * The signature of a run-end notice (dsl-v1 §10): `X-Weft-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">`, the same scheme as Stripe's, so a receiver checks the time window
 * and the HMAC of the exact bytes it received.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Weft-Signature';

/** The header value for `body` signed at `unixSeconds`. */
export function signNotice(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
