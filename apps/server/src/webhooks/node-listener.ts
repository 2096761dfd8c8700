/**
 * `/hooks/…` straight on Node's `http` server, ahead of Hono: the webhook hot path needs no web
 * `Request`/`Response`, router or header objects per request — Node's request is read as it is and the
 * answer written with one `writeHead` + `end`. Everything else goes on to the Hono app.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readLimitedNode, type BodyResult } from './body';
import { answerWebhook, HIDDEN_HEADERS, type WebhookDeps, type WebhookRequest } from './route';

const PREFIX = '/hooks/';

/** The workflow id of a `/hooks/<id>[/…]` path, or undefined when it is no webhook path. */
function hookTarget(path: string): { workflowId: string; rest: string } | undefined {
  if (!path.startsWith(PREFIX)) return undefined;
  const slash = path.indexOf('/', PREFIX.length);
  const segment = slash < 0 ? path.slice(PREFIX.length) : path.slice(PREFIX.length, slash);
  if (segment === '') return undefined;
  let workflowId = segment;
  if (segment.includes('%')) {
    try {
      workflowId = decodeURIComponent(segment);
    } catch {
      // kept as sent, as Hono's router does: no workflow has that id, so the answer is 404
    }
  }
  return { workflowId, rest: slash < 0 ? '' : path.slice(slash) };
}

/** A webhook request read from Node's request as it is: one object, its methods on the prototype. */
class NodeWebhookRequest implements WebhookRequest {
  readonly method: string;

  constructor(
    private readonly incoming: IncomingMessage,
    readonly workflowId: string,
    readonly rest: string,
    readonly query: string,
  ) {
    this.method = incoming.method ?? 'GET';
  }

  header(name: string): string | undefined {
    const v = this.incoming.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  triggerHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    const headers = this.incoming.headers;
    for (const k in headers) {
      const v = headers[k];
      if (v !== undefined && !HIDDEN_HEADERS.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    return out;
  }

  body(limit: number): Promise<BodyResult> {
    return readLimitedNode(this.incoming, limit);
  }
}

/** The answer as one header block and body: `writeHead` with a flat list (no header map), then `end`. */
function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  const list: (string | number)[] = [
    'content-type',
    'application/json',
    'content-length',
    Buffer.byteLength(text),
  ];
  if (headers !== undefined) for (const k in headers) list.push(k, headers[k] as string);
  res.writeHead(status, list);
  res.end(text);
}

/**
 * A request listener that answers webhook paths itself and hands every other request to `next`
 * (the Hono app's listener). An unexpected error answers 500, as the app's `onError` does.
 */
export function webhookListener(deps: WebhookDeps, next: RequestListener): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const target = hookTarget(q < 0 ? url : url.slice(0, q));
    if (!target) return next(req, res);
    const request = new NodeWebhookRequest(
      req,
      target.workflowId,
      target.rest,
      q < 0 ? '' : url.slice(q + 1),
    );
    answerWebhook(request, deps).then(
      (a) => send(res, a.status, a.body, a.headers),
      (err: unknown) => {
        deps.log.error({ err, path: url }, 'unhandled error');
        if (!res.headersSent) send(res, 500, { error: 'internal error (see the server log)' });
        else res.destroy();
      },
    );
  };
}
