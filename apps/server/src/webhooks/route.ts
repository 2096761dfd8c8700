/**
 * `/hooks/:workflowId/*` (dsl-v1 §8): find the workflow's webhook trigger for the path and method,
 * check its signature on the raw body, then start a run — async answers 202 once the run is stored,
 * sync waits (bounded) for its outputs. A bad signature answers 401 and creates no run.
 */
import type { Context, Hono } from 'hono';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { engineError, startRun, toTRPCError, type ApiHooks, type RunEngine } from '@weft/api';
import type { Trigger, Workflow } from '@weft/dsl';
import { resolveValue, secretNames, type RunId, type RunStatus } from '@weft/engine';
import type { WebhookRepo } from '@weft/store';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { WorkflowCache } from '../workflow-cache';
import { decodeBody, readLimited, type BodyResult } from './body';
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

/**
 * One webhook request, whatever server carries it: Node's own `http` server (production, see
 * `webhookListener`) or a web `Request` through Hono (`app.request()` in tests).
 */
export interface WebhookRequest {
  method: string;
  /** The workflow id: the path segment after `/hooks/`, %-decoded. */
  workflowId: string;
  /** The path after `/hooks/<workflowId>`, still %-encoded, and the query string (without `?`). */
  rest: string;
  query: string;
  /** A header by its lower-case name (repeated headers joined with ", "). */
  header(name: string): string | undefined;
  /** Every header but the credentials, for the run's trigger payload. */
  triggerHeaders(): Record<string, string>;
  /** The raw body, at most `limit` bytes. */
  body(limit: number): Promise<BodyResult>;
}

/** What a webhook answers: always a JSON body. */
export interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Headers that carry credentials are not copied into the run's trigger payload. */
export const HIDDEN_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
]);

/** Routes `/hooks/:workflowId/*` on the Hono app (for `app.request()`; `weft serve` answers them first on Node's server). */
export function mountWebhooks(app: Hono, deps: WebhookDeps): void {
  const route = async (c: Context): Promise<Response> => {
    const answer = await answerWebhook(honoRequest(c), deps);
    return c.json(answer.body, answer.status as 200, answer.headers);
  };
  app.all('/hooks/:workflowId/*', route);
  app.all('/hooks/:workflowId', route);
}

function honoRequest(c: Context): WebhookRequest {
  const url = c.req.url;
  const q = url.indexOf('?');
  const path = new URL(url).pathname;
  return {
    method: c.req.method,
    workflowId: c.req.param('workflowId') ?? '',
    rest: path.replace(/^\/hooks\/[^/]*/, ''),
    query: q < 0 ? '' : url.slice(q + 1),
    header: (n) => c.req.header(n),
    triggerHeaders: () => {
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((v, k) => {
        if (!HIDDEN_HEADERS.has(k)) headers[k] = v;
      });
      return headers;
    },
    body: (limit) => readLimited(c.req.raw, limit),
  };
}

const problem = (
  status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 500 | 503 | 504,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
): WebhookAnswer => ({ status, body: { error: message, ...extra }, ...(headers && { headers }) });

const TERMINAL = new Set<RunStatus>(['SUCCESS', 'FAILED', 'CANCELLED']);

/** `path` without leading and trailing slashes (what a webhook path is compared by). */
function trimSlashes(path: string): string {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return start === 0 && end === path.length ? path : path.slice(start, end);
}

interface HookEntry {
  /** The trigger's path without leading and trailing slashes. */
  path: string;
  /** Its method, upper case. */
  method: string;
  hook: WebhookTrigger;
}

/** What a request needs of a parsed workflow version, worked out once per version. */
interface WebhookPlan {
  hooks: readonly HookEntry[];
  /** The names of the workflow's declared inputs. */
  inputNames: readonly string[];
}

const plans = new WeakMap<Workflow, WebhookPlan>();
function planOf(workflow: Workflow): WebhookPlan {
  let plan = plans.get(workflow);
  if (!plan) {
    plan = {
      hooks: workflow.triggers
        .filter((t): t is WebhookTrigger => t.type === 'webhook')
        .map((hook) => ({ path: trimSlashes(hook.path), method: hook.method.toUpperCase(), hook })),
      inputNames: Object.keys(workflow.inputs),
    };
    plans.set(workflow, plan);
  }
  return plan;
}

/** Answer one webhook request (dsl-v1 §8). */
export async function answerWebhook(req: WebhookRequest, deps: WebhookDeps): Promise<WebhookAnswer> {
  const { workflowId } = req;
  let path: string;
  try {
    path = trimSlashes(req.rest.includes('%') ? decodeURIComponent(req.rest) : req.rest);
  } catch {
    deps.metrics.webhook('bad_request');
    return problem(400, 'the webhook path has malformed %-encoding');
  }
  const found =
    deps.workflows.latestWithRowCached(workflowId) ?? (await deps.workflows.latestWithRow(workflowId));
  if (!found?.resolved) {
    deps.metrics.webhook('not_found');
    return problem(404, `no workflow "${workflowId}"`);
  }
  const { row, resolved } = found;
  const plan = planOf(resolved.workflow);
  const method = req.method.toUpperCase();
  let hook: WebhookTrigger | undefined;
  let atPath = false;
  for (const t of plan.hooks) {
    if (t.path !== path) continue;
    atPath = true;
    if (t.method === method) {
      hook = t.hook;
      break;
    }
  }
  if (!atPath) {
    deps.metrics.webhook('not_found');
    return problem(404, `workflow "${workflowId}" has no webhook at path "${path}"`);
  }
  if (!hook) {
    deps.metrics.webhook('bad_request');
    const allowed = plan.hooks
      .filter((t) => t.path === path)
      .map((t) => t.method)
      .join(', ');
    return problem(
      405,
      `webhook "${path}" of "${workflowId}" accepts ${allowed}, not ${req.method}`,
      {},
      { allow: allowed },
    );
  }
  if (!row.enabled || !resolved.workflow.enabled) {
    deps.metrics.webhook('rejected');
    return problem(403, `workflow "${workflowId}" is disabled`);
  }

  const read = await req.body(deps.bodyLimit);
  if (!read.ok) {
    deps.metrics.webhook('bad_request');
    return problem(read.status, read.message);
  }

  if (hook.secret !== undefined) {
    const got = await resolveHookSecret(hook.secret, resolved.workflow.vars, deps);
    if (!got.ok) {
      deps.metrics.webhook('failed');
      deps.log.error({ workflowId, reason: got.message }, 'webhook secret could not be resolved');
      return problem(500, got.message);
    }
    const check = verifySignature({
      scheme: hook.signature ?? 'hmac-sha256',
      secret: got.value,
      body: read.raw,
      header: (n) => req.header(n.toLowerCase()),
      now: deps.now(),
    });
    if (!check.ok) {
      deps.metrics.webhook('rejected');
      deps.log.warn({ workflowId, path, reason: check.reason }, 'webhook signature rejected');
      return problem(401, `invalid signature: ${check.reason}`);
    }
  }

  const decoded = decodeBody(read.raw, req.header('content-type'));
  if (!decoded.ok) {
    deps.metrics.webhook('bad_request');
    return problem(400, decoded.message);
  }

  const receivedAt = deps.now();
  const trigger = {
    type: 'webhook',
    body: decoded.body,
    headers: req.triggerHeaders(),
    query: req.query === '' ? {} : Object.fromEntries(new URLSearchParams(req.query)),
    receivedAt: new Date(receivedAt).toISOString(),
  };
  const inputs = pickInputs(decoded.body, plan.inputNames);
  // GitHub sends a redelivery with the same X-GitHub-Delivery: it is the delivery's idempotency key.
  const deliveryId = req.header('x-github-delivery');
  const idempotencyKey =
    req.header('idempotency-key')?.slice(0, 200) ||
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
      return problem(status as 400 | 404, started.error.message);
    }
    run = started.value;
    created = started.value.created;
  } catch (e) {
    deps.metrics.webhook('failed');
    deps.log.error({ workflowId, err: e }, 'webhook could not start a run');
    return problem(503, 'the run could not be queued; try again');
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
  const replayed = created ? undefined : { 'idempotent-replayed': 'true' };

  if (hook.mode !== 'sync')
    return { status: 202, body: { runId: run.runId }, ...(replayed && { headers: replayed }) };

  // A run that ended in its creating commit is answered at once (no promise, no timer).
  const done =
    deps.engine.endedRun?.(run.runId) ?? (await deps.engine.waitForRun(run.runId, deps.syncTimeoutMs));
  if (!done || !TERMINAL.has(done.status)) {
    deps.metrics.webhook('timeout');
    return problem(
      504,
      `run ${run.runId} did not finish within ${deps.syncTimeoutMs} ms; it goes on`,
      { runId: run.runId, status: done?.status ?? run.status },
      replayed,
    );
  }
  const headers = { ...replayed, 'x-weft-run-id': run.runId };
  if (done.status === 'SUCCESS') return { status: 200, body: done.outputs ?? {}, headers };
  if (done.status === 'CANCELLED')
    return problem(409, `run ${run.runId} was cancelled`, { runId: run.runId, status: done.status }, headers);
  return problem(
    500,
    done.error?.message ?? `run ${run.runId} failed`,
    { runId: run.runId, status: done.status, code: done.error?.code },
    headers,
  );
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
