import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** `http://127.0.0.1:<port>` or `http://[::1]:<port>`. */
  origin: string;
  port: number;
  /** Requests seen, in order. */
  seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/**
 * A local HTTP server for network tests (loopback only): `/ok` says hello, `/echo` returns the
 * request, `/redirect?to=<url>` redirects, `/loop` redirects to itself, `/big?bytes=N` sends N bytes, `/binary` sends non-UTF-8.
 */
export function startServer(host: '127.0.0.1' | '::1'): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/ok')
        return void res.writeHead(200, { 'content-type': 'text/plain', 'x-test': 'yes' }).end('hello');
      if (u.pathname === '/echo')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            method: req.method,
            body,
            host: req.headers.host,
            auth: req.headers.authorization ?? null,
          }),
        );
      if (u.pathname === '/redirect')
        return void res
          .writeHead(Number(u.searchParams.get('status') ?? 302), {
            location: u.searchParams.get('to') ?? '/ok',
          })
          .end();
      if (u.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (u.pathname === '/big')
        return void res.writeHead(200).end('x'.repeat(Number(u.searchParams.get('bytes') ?? 1000)));
      if (u.pathname === '/binary') return void res.writeHead(200).end(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
      res.writeHead(404).end('not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        origin: host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`,
        port,
        seen,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
