/**
 * `/hooks/:workflowId/*` (dsl-v1 §8): find the workflow's webhook trigger for the path and method,
 * check its signature on the raw body, then start a run — async answers 202 once the run is stored,
 * sync waits (bounded) for its outputs. A bad signature answers 401 and creates no run.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Hono } from 'hono';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { engineError, startRun, toTRPCError, type ApiHooks, type RunEngine } from '@weft/api';
import type { Trigger } from '@weft/dsl';
import { resolveValue, secretNames, type RunId, type RunStatus } from '@weft/engine';
import type { WebhookRepo } from '@weft/store';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { WorkflowCache } from '../workflow-cache';
import { decodeBody, readLimited, readLimitedNode } from './body';
import { verifySignature } from './signature';

type WebhookTrigger = Extract<Trigger, { type: 'webhook' }>;

export interface WebhookDeps {
  workflows: WorkflowCache;
  webhooks: WebhookRepo;
  engine: RunEngine;
  /** The API's hooks: the run-start service reports each new run there (metrics). */
  hooks: Pick<ApiHooks, 'runStarted'>;
  secret(name: string): Promise<string | undefined>;
  metrics: Metrics;
  log: Logger;
  bodyLimit: number;
  syncTimeoutMs: number;
  now(): number;
}

/** Headers that carry credentials are not copied into the run's trigger payload. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function mountWebhooks(app: Hono, deps: WebhookDeps): void {
  app.all('/hooks/:workflowId/*', (c) => handle(c, deps));
  app.all('/hooks/:workflowId', (c) => handle(c, deps));
}

const problem = (
  c: Context,
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 500 | 503 | 504,
  message: string,
  extra: Record<string, unknown> = {},
): Response => c.json({ error: message, ...extra }, status);

async function handle(c: Context, deps: WebhookDeps): Promise<Response> {
  const workflowId = c.req.param('workflowId') ?? '';
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.replace(/^\/hooks\/[^/]*/, '')).replace(/^\/+|\/+$/g, '');
  } catch {
    deps.metrics.webhook('bad_request');
    return problem(c, 400, 'the webhook path has malformed %-encoding');
  }
  const found = await deps.workflows.latestWithRow(workflowId);
  if (!found?.resolved) {
    deps.metrics.webhook('not_found');
    return problem(c, 404, `no workflow "${workflowId}"`);
  }
  const { row, resolved } = found;
  const hooks = resolved.workflow.triggers.filter(
    (t): t is WebhookTrigger => t.type === 'webhook' && t.path.replace(/^\/+|\/+$/g, '') === path,
  );
  if (hooks.length === 0) {
    deps.metrics.webhook('not_found');
    return problem(c, 404, `workflow "${workflowId}" has no webhook at path "${path}"`);
  }
  const hook = hooks.find((h) => h.method.toUpperCase() === c.req.method.toUpperCase());
  if (!hook) {
    deps.metrics.webhook('bad_request');
    c.header('allow', hooks.map((h) => h.method.toUpperCase()).join(', '));
    return problem(
      c,
      405,
      `webhook "${path}" of "${workflowId}" accepts ${hooks.map((h) => h.method.toUpperCase()).join(', ')}, not ${c.req.method}`,
    );
  }
  if (!row.enabled || !resolved.workflow.enabled) {
    deps.metrics.webhook('rejected');
    return problem(c, 403, `workflow "${workflowId}" is disabled`);
  }

  // Under @hono/node-server, read Node's request directly (no web Request/stream per webhook).
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const header = (n: string): string | undefined => {
    if (!incoming) return c.req.header(n);
    const v = incoming.headers[n.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const read = incoming
    ? await readLimitedNode(incoming, deps.bodyLimit)
    : await readLimited(c.req.raw, deps.bodyLimit);
  if (!read.ok) {
    deps.metrics.webhook('bad_request');
    return problem(c, read.status, read.message);
  }

  if (hook.secret !== undefined) {
    const got = await resolveHookSecret(hook.secret, resolved.workflow.vars, deps);
    if (!got.ok) {
      deps.metrics.webhook('failed');
      deps.log.error({ workflowId, reason: got.message }, 'webhook secret could not be resolved');
      return problem(c, 500, got.message);
    }
    const secret = got.value;
    const check = verifySignature({
      scheme: hook.signature ?? 'hmac-sha256',
      secret,
      body: read.raw,
      header,
      now: deps.now(),
    });
    if (!check.ok) {
      deps.metrics.webhook('rejected');
      deps.log.warn({ workflowId, path, reason: check.reason }, 'webhook signature rejected');
      return problem(c, 401, `invalid signature: ${check.reason}`);
    }
  }

  const decoded = decodeBody(read.raw, header('content-type'));
  if (!decoded.ok) {
    deps.metrics.webhook('bad_request');
    return problem(c, 400, decoded.message);
  }

  const headers: Record<string, string> = {};
  if (incoming) {
    for (const [k, v] of Object.entries(incoming.headers)) {
      if (v !== undefined && !HIDDEN_HEADERS.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
  } else {
    c.req.raw.headers.forEach((v, k) => {
      if (!HIDDEN_HEADERS.has(k)) headers[k] = v;
    });
  }
  const receivedAt = deps.now();
  const trigger = {
    type: 'webhook',
    body: decoded.body,
    headers,
    query: Object.fromEntries(url.searchParams),
    receivedAt: new Date(receivedAt).toISOString(),
  };
  const inputs = pickInputs(decoded.body, Object.keys(resolved.workflow.inputs));
  // GitHub sends a redelivery with the same X-GitHub-Delivery: it is the delivery's idempotency key.
  const deliveryId = header('x-github-delivery');
  const idempotencyKey =
    header('idempotency-key')?.slice(0, 200) ||
    (deliveryId ? `github-delivery:${deliveryId.slice(0, 180)}` : undefined);

  let run: { runId: RunId; status: RunStatus };
  let created: boolean;
  try {
    const started = await startRun(deps, {
      workflowId,
      version: resolved.version,
      inputs,
      trigger,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    if (!started.ok) {
      // The API's one mapper names the status (INVALID_INPUT → 400, WORKFLOW_NOT_FOUND → 404).
      deps.metrics.webhook('bad_request');
      const status = getHTTPStatusCodeFromError(toTRPCError(engineError(started.error)));
      return problem(c, status as 400 | 404, started.error.message);
    }
    run = started.value;
    created = started.value.created;
  } catch (e) {
    deps.metrics.webhook('failed');
    deps.log.error({ workflowId, err: e }, 'webhook could not start a run');
    return problem(c, 503, 'the run could not be queued; try again');
  }
  deps.metrics.webhook(created ? 'accepted' : 'duplicate');
  if (idempotencyKey && created) {
    // Bookkeeping only: the run itself is the durable record (its idempotency key dedupes).
    deps.webhooks
      .record({
        workflowId,
        deliveryKey: idempotencyKey,
        runId: run.runId,
        outcome: 'accepted',
        httpStatus: hook.mode === 'sync' ? 200 : 202,
        receivedAt,
      })
      .catch((e: unknown) => deps.log.warn({ workflowId, err: e }, 'webhook delivery not recorded'));
  }
  if (!created) c.header('idempotent-replayed', 'true');

  if (hook.mode !== 'sync') return c.json({ runId: run.runId }, 202);

  const done = await deps.engine.waitForRun(run.runId, deps.syncTimeoutMs);
  if (!done || !['SUCCESS', 'FAILED', 'CANCELLED'].includes(done.status)) {
    deps.metrics.webhook('timeout');
    return problem(c, 504, `run ${run.runId} did not finish within ${deps.syncTimeoutMs} ms; it goes on`, {
      runId: run.runId,
      status: done?.status ?? run.status,
    });
  }
  c.header('x-weft-run-id', run.runId);
  if (done.status === 'SUCCESS') return c.json(done.outputs ?? {}, 200);
  if (done.status === 'CANCELLED')
    return problem(c, 409, `run ${run.runId} was cancelled`, { runId: run.runId, status: done.status });
  return problem(c, 500, done.error?.message ?? `run ${run.runId} failed`, {
    runId: run.runId,
    status: done.status,
    code: done.error?.code,
  });
}

/**
 * A trigger `secret` is resolved as dsl-v1 §4 says for any expression (issue 9 item 3): literal text
 * is used as is; `${{ secrets.NAME }}`, `${{ vars.NAME }}` (whose value may itself name secrets) and
 * any other template are evaluated against `{ secrets, vars }`. A missing secret or an empty result
 * is an error for the operator (500), never a literal fallback.
 */
export async function resolveHookSecret(
  text: string,
  vars: Record<string, unknown>,
  deps: Pick<WebhookDeps, 'secret' | 'now'>,
  what = "the webhook's secret",
): Promise<{ ok: true; value: string } | { ok: false; message: string }> {
  if (!text.includes('${{')) return { ok: true, value: text };
  const names = secretNames(vars, secretNames(text));
  const secrets: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of names) {
    const value = await deps.secret(name);
    if (value === undefined)
      return {
        ok: false,
        message: `${what} "${name}" is not set on this server (weft secrets set ${name})`,
      };
    secrets[name] = value;
  }
  try {
    const now = deps.now();
    const resolvedVars = await resolveValue(vars, { secrets, vars: {} }, { now });
    const value = await resolveValue(text, { secrets, vars: resolvedVars }, { now });
    if (typeof value !== 'string' || value.length === 0)
      return { ok: false, message: `${what} expression did not give a non-empty string` };
    return { ok: true, value };
  } catch (e) {
    return {
      ok: false,
      message: `${what} could not be resolved: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Fields of a JSON object body that the workflow declares as inputs become the run's inputs. */
function pickInputs(body: unknown, declared: readonly string[]): Record<string, unknown> {
  if (declared.length === 0 || typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const out: Record<string, unknown> = {};
  for (const k of declared) if (k in body) out[k] = (body as Record<string, unknown>)[k];
  return out;
}
