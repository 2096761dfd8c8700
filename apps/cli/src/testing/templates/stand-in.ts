/**
 * A local HTTP server standing in for the outside services a template calls (chat hooks, GitHub,
 * Stripe's ledger, an OpenAI-compatible endpoint…). Each test gives it routes that answer as the real
 * API documents; it records every request so a test can assert what the workflow sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text ('' when empty). */
  body: unknown;
}

export interface StandInReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `'GET /repos/:owner/:repo/issues'` → a reply; `:name` segments match one path segment. */
export type Routes = Record<
  string,
  (req: StandInRequest, params: Record<string, string>, base: string) => StandInReply
>;

export interface StandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: StandInRequest[];
  setRoutes(routes: Routes): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  let routes: Routes = {};
  let base = '';
  const requests: StandInRequest[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      let body: unknown = text;
      if ((headers['content-type'] ?? '').includes('json') && text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const r: StandInRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      };
      requests.push(r);
      const hit = match(routes, r);
      const reply = hit
        ? hit.handler(r, hit.params, base)
        : { status: 404, body: { error: `stand-in: no route for ${r.method} ${r.path}` } };
      const status = reply.status ?? 200;
      const out =
        typeof reply.body === 'string'
          ? reply.body
          : reply.body === undefined
            ? ''
            : JSON.stringify(reply.body);
      res.writeHead(status, {
        'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
        ...reply.headers,
      });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    setRoutes(r) {
      routes = r;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function match(routes: Routes, r: StandInRequest) {
  for (const [key, handler] of Object.entries(routes)) {
    const [method, pattern] = key.split(' ');
    if (method !== r.method || !pattern) continue;
    const want = pattern.split('/');
    const got = r.path.split('/');
    if (want.length !== got.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      const w = want[i] ?? '';
      const g = decodeURIComponent(got[i] ?? '');
      if (w.startsWith(':')) params[w.slice(1)] = g;
      else ok = w === g;
    }
    if (ok) return { handler, params };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
  });
}
