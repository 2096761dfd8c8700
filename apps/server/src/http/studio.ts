import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono } from 'hono';
import { compressed, isCompressible, pickEncoding } from './compress-static';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Weft</title>
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}</style>
</head><body><h1>Weft server is running</h1>
<p>The studio has not been built, so there is nothing to show here yet.</p>
<p>Build it with <code>pnpm build</code> (or <code>pnpm --filter @weft/studio build</code>) and reload this page.
The API is at <code>/api/trpc</code>, health at <code>/healthz</code>.</p></body></html>`;

/**
 * Serve the studio's built files at `/`, with index.html for any other GET path (client-side routes).
 * When the studio is not built, a page says how to build it.
 */
export function mountStudio(app: Hono, studioDir: string): void {
  const root = normalize(studioDir);
  const serve = async (c: Context): Promise<Response> => {
    const index = join(root, 'index.html');
    if (!existsSync(index)) return c.html(NOT_BUILT, 200);
    const rel = decodeURIComponent(new URL(c.req.url).pathname);
    const file = normalize(join(root, rel));
    if ((file === root || file.startsWith(root + sep)) && isFile(file)) {
      const body = await readFile(file);
      const immutable = rel.startsWith('/assets/');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers: Record<string, string> = {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        vary: 'accept-encoding',
      };
      const encoding = isCompressible(type, body.length)
        ? pickEncoding(c.req.header('accept-encoding'))
        : null;
      if (!encoding) return c.body(body, 200, headers);
      const st = statSync(file);
      const packed = await compressed(`${file}:${st.size}:${st.mtimeMs}`, body, encoding);
      // zlib's buffers are never shared memory.
      return c.body(packed as Buffer<ArrayBuffer>, 200, { ...headers, 'content-encoding': encoding });
    }
    if (extname(rel) !== '' && rel.startsWith('/assets/')) return c.text('not found', 404);
    return c.body(await readFile(index), 200, {
      'content-type': TYPES['.html'] ?? 'text/html',
      'cache-control': 'no-cache',
    });
  };
  app.get('*', serve);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
