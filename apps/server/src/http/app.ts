/** The Hono app: tRPC, webhooks, health, metrics and the studio. No state of its own. */
import { trpcServer } from '@hono/trpc-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { appRouter, createApiContext, type ApiDeps, type RequestOrigin } from '@weft/api';
import { jsonTextDeeperThan, MAX_DATA_DEPTH, tooDeep } from '@weft/dsl';
import type { WeftStore } from '@weft/store';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { mountWebhooks, type WebhookDeps } from '../webhooks/route';
import { mountStudio } from './studio';

export interface AppParts {
  api: ApiDeps;
  store: WeftStore;
  webhooks: WebhookDeps;
  metrics: Metrics;
  log: Logger;
  studioDir: string;
  /** Largest request body of the tRPC API, in bytes (413 above). */
  apiBodyLimit: number;
  /** False while shutting down, so load balancers stop sending traffic. */
  accepting(): boolean;
}

/** The caller's address and user agent, for the audit log (in-memory requests have no socket). */
function requestOrigin(c: Context, req: Request): RequestOrigin {
  const origin: RequestOrigin = {};
  try {
    const ip = getConnInfo(c).remote.address;
    if (ip) origin.ip = ip;
  } catch {
    // app.request() in tests: no socket
  }
  const ua = req.headers.get('user-agent');
  if (ua) origin.userAgent = ua;
  return origin;
}

/** A refusal in tRPC's own error shape (one per call of a batch), so clients report it as such. */
function trpcError(c: Context, status: 400, message: string): Response {
  const one = { error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: status } } };
  const calls = c.req.path.replace(/^\/api\/trpc\//, '').split(',').length;
  return c.json(c.req.query('batch') ? Array.from({ length: calls }, () => one) : one, status);
}

export function buildApp(parts: AppParts): Hono {
  const app = new Hono();

  app.onError((e, c) => {
    parts.log.error({ err: e, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal error (see the server log)' }, 500);
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (!parts.accepting()) return c.json({ status: 'shutting down' }, 503);
    const migrated = await parts.store.migrated();
    return migrated
      ? c.json({ status: 'ready', db: parts.store.kind })
      : c.json({ status: 'database unreachable or not migrated', db: parts.store.kind }, 503);
  });
  app.get('/metrics', async (c) => {
    const text = await parts.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': parts.metrics.registry.contentType });
  });

  // A body over the limit is refused while it streams in (Content-Length first), before tRPC reads it.
  app.use(
    '/api/trpc/*',
    bodyLimit({
      maxSize: parts.apiBodyLimit,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'PAYLOAD_TOO_LARGE',
              message: `the request body is larger than the limit of ${parts.apiBodyLimit} bytes (setting apiBodyLimit)`,
            },
          },
          413,
        ),
    }),
  );
  // JSON nested far too deep is refused before tRPC parses it (a stack overflow would answer 500).
  // The request's own envelope adds a few levels; the exact bound on the data itself is checked
  // where it is used (run inputs by the engine), with the same limit.
  app.use('/api/trpc/*', async (c, next) => {
    const max = MAX_DATA_DEPTH + 8;
    const query = c.req.query('input');
    const body = c.req.method === 'POST' ? await c.req.text() : '';
    if ((query !== undefined && jsonTextDeeperThan(query, max)) || jsonTextDeeperThan(body, max))
      return trpcError(c, 400, tooDeep('the request', MAX_DATA_DEPTH));
    return next();
  });
  app.use(
    '/api/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/api/trpc',
      createContext: async (opts, c) =>
        ({
          ...(await createApiContext(parts.api, {
            authorization: opts.req.headers.get('authorization'),
            // A token in the URL (`?connectionParams=`) only for SSE subscriptions, which cannot send
            // headers; every other call must use the Authorization header (URLs end up in logs).
            connectionParams: opts.info.type === 'subscription' ? opts.info.connectionParams : null,
            origin: requestOrigin(c, opts.req),
          })),
        }) as Record<string, unknown>,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          parts.log.error({ err: error.cause ?? error, path }, 'API procedure failed');
      },
    }),
  );

  mountWebhooks(app, parts.webhooks);
  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.path}` }, 404));
  mountStudio(app, parts.studioDir);
  return app;
}
