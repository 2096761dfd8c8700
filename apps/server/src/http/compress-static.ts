/**
 * Compression of the studio's static files: brotli when the browser accepts it, else gzip. Each
 * file is compressed once per version (path + size + mtime) and kept in memory, so a busy server
 * does not compress Monaco on every request. Small files and already-compressed types go as they are.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** Types worth compressing (text); images, fonts and wasm are left alone. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript)|image\/svg\+xml)/;
const MIN_BYTES = 1024;

/** The encoding to answer with, from the request's Accept-Encoding (brotli first), or null. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}

export function isCompressible(contentType: string, size: number): boolean {
  return size >= MIN_BYTES && COMPRESSIBLE.test(contentType);
}

const cache = new Map<string, Promise<Buffer>>();

/** The compressed bytes of one version of a file (`key` names the version: path, size and mtime). */
export function compressed(key: string, body: Buffer, encoding: Encoding): Promise<Buffer> {
  const k = `${encoding}:${key}`;
  let hit = cache.get(k);
  if (!hit) {
    hit =
      encoding === 'br'
        ? brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          })
        : gz(body, { level: 9 });
    hit.catch(() => cache.delete(k));
    cache.set(k, hit);
  }
  return hit;
}
