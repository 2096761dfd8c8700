/** Reading and decoding webhook bodies with a size limit. */

import type { IncomingMessage } from 'node:http';
import { jsonTextDeeperThan, tooDeep } from '@weft/dsl';

export type BodyResult = { ok: true; raw: Uint8Array } | { ok: false; status: 413 | 400; message: string };

const tooBig = (declared: number, limit: number): BodyResult => ({
  ok: false,
  status: 413,
  message: `body is ${declared} bytes; the limit is ${limit}`,
});

/**
 * `readLimited` straight from Node's request (what @hono/node-server puts in `c.env.incoming`): no
 * web `Request`, `ReadableStream` or `AbortController` per webhook.
 */
export function readLimitedNode(incoming: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(incoming.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooBig(declared, limit));
  if (incoming.readableEnded) return Promise.resolve({ ok: true, raw: new Uint8Array(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (r: BodyResult): void => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
      resolve(r);
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        incoming.resume(); // discard the rest; the answer is 413 either way
        return done({ ok: false, status: 413, message: `body is larger than the limit of ${limit} bytes` });
      }
      chunks.push(c);
    };
    const onEnd = (): void =>
      done({ ok: true, raw: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
    const onError = (): void =>
      done({ ok: false, status: 400, message: 'the request body could not be read' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
}

/** Read at most `limit` bytes; more is a 413 (checked on Content-Length first, then while streaming). */
export async function readLimited(req: Request, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return tooBig(declared, limit);
  if (!req.body) return { ok: true, raw: new Uint8Array(0) };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, status: 413, message: `body is larger than the limit of ${limit} bytes` };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, message: 'the request body could not be read' };
  }
  if (chunks.length === 1 && chunks[0]) return { ok: true, raw: chunks[0] };
  const raw = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    raw.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, raw };
}

export type DecodeResult = { ok: true; body: unknown } | { ok: false; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** JSON for `application/json` (and `+json`), an object for forms, text otherwise; empty ⇒ null. */
export function decodeBody(raw: Uint8Array, contentType: string | undefined): DecodeResult {
  if (raw.byteLength === 0) return { ok: true, body: null };
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { ok: false, message: 'body is not valid UTF-8 text' };
  }
  const type =
    contentType === 'application/json'
      ? contentType
      : ((contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '');
  if (type === 'application/json' || type.endsWith('+json') || (type === '' && /^\s*[[{]/.test(text))) {
    if (jsonTextDeeperThan(text)) return { ok: false, message: tooDeep('the JSON body') };
    try {
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch (e) {
      return { ok: false, message: `body is not valid JSON: ${(e as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded')
    return { ok: true, body: Object.fromEntries(new URLSearchParams(text)) };
  return { ok: true, body: text };
}
