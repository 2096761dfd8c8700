/**
 * Run-end notifications (dsl-v1 §10, issue 15 item 5). When a run ends with a status a workflow's
 * `notify` entry (or the server-wide setting) listens to, a delivery is stored — durably, once per run
 * and destination — and POSTed as signed JSON; a failed attempt is retried with exponential backoff,
 * and one that keeps failing (or is refused by the network policy) becomes a dead letter that the
 * studio, API and CLI list and redeliver.
 *
 * Finding ended runs: every poll reads the runs that ended since the last scan (with an overlap, so a
 * run committed a little late by another process is not missed; enqueuing is idempotent by delivery
 * id). Several processes may scan and send: `claim` gives each due attempt to exactly one of them.
 */
import type { NotifyOn, NotifyTarget, Workflow } from '@weft/dsl';
import type { RunRecord } from '@weft/engine';
import type { NewDelivery, NotificationDelivery, Repositories } from '@weft/store';
import type { Logger } from '../observability/logger';
import { SIGNATURE_HEADER, signNotice } from './signature';

/** One POST; never throws. A refusal by the network policy is `{ refused }` (not retried). */
export type SendNotice = (req: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}) => Promise<{ status: number; body: string } | { error: string; refused?: boolean }>;

export interface ServerNotify {
  url: string;
  /** The signing secret (literal or a `${{ secrets.NAME }}` template). */
  secret?: string;
  on: readonly NotifyOn[];
}

export interface NotifierOptions {
  repos: Pick<Repositories, 'notifications' | 'workflows'>;
  /** A stored version, parsed (cached by the caller). */
  version(workflowId: string, version: number): Promise<Workflow | undefined>;
  /** Resolve a secret text (`${{ secrets.X }}`) against the workflow's vars; error text when it cannot. */
  resolveSecret(
    text: string,
    vars: Record<string, unknown>,
  ): Promise<{ ok: true; value: string } | { ok: false; message: string }>;
  send: SendNotice;
  log: Logger;
  now(): number;
  /** Every workflow's runs also notify here. */
  server?: ServerNotify;
  /** Attempts before a delivery is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles each attempt (default 10 s), capped by `maxBackoffMs` (1 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number;
  /** How often to look for ended runs and due deliveries (default 1 s). */
  pollMs?: number;
  /** How far back the first scan after start reaches (default 10 min). */
  lookbackMs?: number;
}

/** Runs committed out of end-time order by other processes still get scanned (enqueue is idempotent). */
const OVERLAP_MS = 5_000;
const SCAN_PAGE = 500;
const SEND_BATCH = 20;

export function wants(on: readonly NotifyOn[], status: string): boolean {
  return on.some(
    (o) =>
      o === 'any' ||
      (o === 'failed' && status === 'FAILED') ||
      (o === 'success' && status === 'SUCCESS') ||
      (o === 'cancelled' && status === 'CANCELLED'),
  );
}

/** The JSON body of a run's notice (dsl-v1 §10). */
export function noticeBody(run: RunRecord): string {
  const iso = (ms: number | undefined): string | null =>
    ms === undefined ? null : new Date(ms).toISOString();
  return JSON.stringify({
    runId: run.id,
    workflowId: run.workflowId,
    version: run.workflowVersion,
    status: run.status,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    error: run.error ? { code: run.error.code, message: run.error.message } : null,
    outputs: run.outputs ?? null,
  });
}

/** Delay before attempt `n + 1` after `n` failed attempts: base · 2^(n−1), capped. */
export function backoffDelay(failedAttempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, failedAttempts - 1)));
}

const SERVER_ID = 'server';

export class Notifier {
  private readonly o: Required<Omit<NotifierOptions, 'server'>> & { server?: ServerNotify };
  private scannedTo: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  /** Polling on its own (between start and stop). */
  private started = false;
  /** `stop()` was called: no new attempt begins. */
  private stopped = false;
  private current: Promise<void> = Promise.resolve();
  /** Workflows whose latest version declares `notify` (refreshed each scan). */
  private withNotify = new Set<string>();
  private readonly inFlight = new Set<string>();

  constructor(options: NotifierOptions) {
    this.o = {
      maxAttempts: 8,
      backoffMs: 10_000,
      maxBackoffMs: 3_600_000,
      timeoutMs: 10_000,
      pollMs: 1_000,
      lookbackMs: 600_000,
      ...options,
    };
  }

  start(): void {
    this.started = true;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for the attempt in flight (bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** Look for work now (a run just ended, a delivery was put back). */
  wake(): void {
    if (!this.started) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One pass: enqueue deliveries for runs that ended, then send the due ones. For tests and the loop. */
  async poll(): Promise<void> {
    await this.scan();
    await this.sendDue();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = true;
      this.current = this.poll()
        .catch((err: unknown) => this.o.log.error({ err }, 'notification pass failed'))
        .finally(() => {
          this.running = false;
          if (!this.started) return;
          const more = this.again;
          this.again = false;
          this.schedule(more ? 0 : this.o.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  private async refreshWorkflows(): Promise<void> {
    const next = new Set<string>();
    for (const row of await this.o.repos.workflows.list()) {
      const wf = await this.o.version(row.id, row.latestVersion);
      if (wf?.notify && wf.notify.length > 0) next.add(row.id);
    }
    this.withNotify = next;
  }

  /** Enqueue the deliveries of runs that ended since the last scan. */
  async scan(): Promise<number> {
    const now = this.o.now();
    const from = (this.scannedTo ?? now - this.o.lookbackMs) - OVERLAP_MS;
    if (!this.o.server) await this.refreshWorkflows();
    const only = this.o.server ? undefined : [...this.withNotify];
    if (only && only.length === 0) {
      this.scannedTo = now;
      return 0;
    }
    let cursor = from;
    let queued = 0;
    for (;;) {
      const runs = await this.o.repos.notifications.endedRuns({
        from: cursor,
        limit: SCAN_PAGE,
        ...(only ? { workflowIds: only } : {}),
      });
      const list: NewDelivery[] = [];
      for (const run of runs) list.push(...(await this.deliveriesOf(run, now)));
      queued += await this.o.repos.notifications.enqueue(list);
      const last = runs[runs.length - 1];
      if (runs.length < SCAN_PAGE || !last?.finishedAt || last.finishedAt <= cursor) break;
      cursor = last.finishedAt;
    }
    this.scannedTo = Math.max(this.scannedTo ?? 0, now);
    if (queued > 0) this.o.log.info({ queued }, 'run-end notifications queued');
    return queued;
  }

  private async deliveriesOf(run: RunRecord, now: number): Promise<NewDelivery[]> {
    const out: NewDelivery[] = [];
    const base = (id: string, url: string, secret: string | undefined): NewDelivery => ({
      id: `${run.id}/${id}`,
      runId: run.id,
      workflowId: run.workflowId,
      url,
      runStatus: run.status,
      payload: noticeBody(run),
      ...(secret !== undefined ? { secret } : {}),
      createdAt: now,
    });
    const wf = await this.o.version(run.workflowId, run.workflowVersion);
    (wf?.notify ?? []).forEach((n: NotifyTarget, i) => {
      if (wants(n.on, run.status)) out.push(base(String(i), n.webhook.url, n.webhook.secret));
    });
    const s = this.o.server;
    if (s && wants(s.on, run.status)) out.push(base(SERVER_ID, s.url, undefined));
    return out;
  }

  /** Send every due delivery once (each claimed, so another process does not send it too). */
  async sendDue(): Promise<void> {
    for (;;) {
      const due = (await this.o.repos.notifications.due(this.o.now(), SEND_BATCH)).filter(
        (d) => !this.inFlight.has(d.id),
      );
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((d) => this.attempt(d)));
      if (due.length < SEND_BATCH) return;
    }
  }

  private async secretFor(
    d: NotificationDelivery,
  ): Promise<{ ok: true; value?: string } | { ok: false; message: string }> {
    if (d.id.endsWith(`/${SERVER_ID}`)) {
      const text = this.o.server?.secret;
      return text === undefined ? { ok: true } : this.o.resolveSecret(text, {});
    }
    if (d.secret === undefined) return { ok: true };
    const wf = await this.o.version(d.workflowId, JSON.parse(d.payload).version as number);
    return this.o.resolveSecret(d.secret, wf?.vars ?? {});
  }

  private async attempt(d: NotificationDelivery): Promise<void> {
    const o = this.o;
    const leaseUntil = o.now() + o.timeoutMs + 30_000;
    if (!(await o.repos.notifications.claim(d, leaseUntil))) return;
    this.inFlight.add(d.id);
    try {
      const attempts = d.attempts + 1;
      const secret = await this.secretFor(d);
      let result: Awaited<ReturnType<SendNotice>>;
      if (!secret.ok) result = { error: secret.message };
      else {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'user-agent': 'weft-notify/1',
          'x-weft-delivery': d.id,
        };
        if (secret.value !== undefined)
          headers[SIGNATURE_HEADER.toLowerCase()] = signNotice(
            secret.value,
            d.payload,
            Math.floor(o.now() / 1000),
          );
        result = await o.send({ url: d.url, headers, body: d.payload, timeoutMs: o.timeoutMs });
      }
      const at = o.now();
      if ('status' in result && result.status >= 200 && result.status < 300) {
        await o.repos.notifications.record(d.id, {
          state: 'delivered',
          attempts,
          lastHttpStatus: result.status,
          at,
        });
        return;
      }
      const lastError =
        'status' in result
          ? `HTTP ${result.status}${result.body ? `: ${result.body.slice(0, 200)}` : ''}`
          : result.error;
      const refused = 'error' in result && result.refused === true;
      const dead = refused || attempts >= o.maxAttempts;
      await o.repos.notifications.record(d.id, {
        state: dead ? 'dead' : 'pending',
        attempts,
        lastError,
        ...('status' in result ? { lastHttpStatus: result.status } : {}),
        ...(dead ? {} : { nextAttemptAt: at + backoffDelay(attempts, o.backoffMs, o.maxBackoffMs) }),
        at,
      });
      if (dead)
        o.log.warn({ deliveryId: d.id, url: d.url, attempts, lastError }, 'notification dead-lettered');
    } catch (err) {
      o.log.error({ err, deliveryId: d.id }, 'notification attempt failed');
    } finally {
      this.inFlight.delete(d.id);
    }
  }
}
