/**
 * Downloads for `weft block install`: https (and http for a registry the person configured), with
 * redirects, a size cap, and extra CA certificates from `WEFT_CA_FILE` (a PEM file) so a private
 * registry or server with its own CA works.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

const MAX_BYTES = 32 * 1024 * 1024;

export interface FetchOptions {
  /** PEM text of extra trusted CA certificates. */
  ca?: string;
  /** Allow plain http:// (a registry URL the person gave). */
  allowHttp?: boolean;
  accept?: string;
}

export type FetchResult = { ok: true; bytes: Buffer; url: string } | { ok: false; message: string };

/** The PEM text of `WEFT_CA_FILE`, or an error naming the file. */
export function caFromEnv(env: Record<string, string | undefined>): { ca?: string; problem?: string } {
  const file = env.WEFT_CA_FILE;
  if (!file) return {};
  try {
    return { ca: readFileSync(file, 'utf8') };
  } catch (e) {
    return {
      problem: `WEFT_CA_FILE=${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    };
  }
}

export async function fetchBytes(url: string, opts: FetchOptions = {}, hops = 0): Promise<FetchResult> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, message: `"${url}" is not a URL` };
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && opts.allowHttp))
    return { ok: false, message: `${url}: only https:// URLs are accepted` };
  const get = u.protocol === 'https:' ? https.get : http.get;
  const r = await new Promise<FetchResult | { redirect: string }>((resolve) => {
    const req = get(
      u,
      {
        headers: { accept: opts.accept ?? '*/*', 'user-agent': 'weft-cli' },
        ...(u.protocol === 'https:' && opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
        timeout: 60_000,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          resolve({ redirect: new URL(res.headers.location, u).toString() });
          return;
        }
        if (status !== 200) {
          res.resume();
          resolve({ ok: false, message: `GET ${url} answered ${status}` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) {
            req.destroy();
            resolve({ ok: false, message: `GET ${url}: the download is over ${MAX_BYTES} bytes` });
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ ok: true, bytes: Buffer.concat(chunks), url }));
        res.on('error', (e) => resolve({ ok: false, message: `GET ${url}: ${e.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        message: `GET ${url}: ${e.code === 'SELF_SIGNED_CERT_IN_CHAIN' || e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || e.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ? `the server's certificate is not trusted (${e.code}); set WEFT_CA_FILE to its CA certificate (PEM)` : (e.code ?? e.message)}`,
      }),
    );
  });
  if ('redirect' in r) {
    if (hops >= 5) return { ok: false, message: `GET ${url}: too many redirects` };
    return fetchBytes(r.redirect, opts, hops + 1);
  }
  return r;
}
