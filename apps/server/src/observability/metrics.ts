import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunQueries, WebhookOutcome } from '@weft/store';

export interface Metrics {
  readonly registry: Registry;
  stepFinished(opts: { status: string; uses?: string; seconds: number }): void;
  webhook(outcome: WebhookOutcome | 'bad_request' | 'not_found' | 'timeout'): void;
  runStarted(trigger: string): void;
}

/** One registry per server (tests run several servers in one process). */
export function createMetrics(runs: () => RunQueries): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'weft_process_' });

  let cached: { at: number; counts: Record<string, number> } | undefined;
  // Scrapes of the three gauges below share one query.
  const counts = async (): Promise<Record<string, number>> => {
    if (cached && Date.now() - cached.at < 200) return cached.counts;
    const c = await runs().countByStatus();
    cached = { at: Date.now(), counts: c };
    return c;
  };

  new Gauge({
    name: 'weft_runs',
    help: 'Runs in the database by status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await counts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'weft_queue_depth',
    help: 'Runs QUEUED and not yet started.',
    registers: [registry],
    async collect() {
      this.set((await counts()).QUEUED ?? 0);
    },
  });
  new Gauge({
    name: 'weft_active_runs',
    help: 'Runs RUNNING or WAITING.',
    registers: [registry],
    async collect() {
      const c = await counts();
      this.set((c.RUNNING ?? 0) + (c.WAITING ?? 0));
    },
  });
  const stepDuration = new Histogram({
    name: 'weft_step_duration_seconds',
    help: 'Duration of finished steps (this process).',
    labelNames: ['status'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  // Counted per request in plain numbers and handed to prom-client when scraped: its `inc` hashes and
  // checks the labels on every call, work the webhook path has no need to do per request.
  const webhooks = countedPerLabel('weft_webhook_requests_total', 'Webhook requests by outcome.', 'outcome');
  const started = countedPerLabel(
    'weft_runs_started_total',
    'Runs created by this process, by trigger type.',
    'trigger',
  );

  return {
    registry,
    stepFinished: ({ status, seconds }) => stepDuration.observe({ status }, seconds),
    webhook: webhooks,
    runStarted: started,
  };

  /** A counter with one label, counted by the returned function and added to the counter at each scrape. */
  function countedPerLabel(name: string, help: string, label: string): (value: string) => void {
    const pending = new Map<string, number>();
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        for (const [value, n] of pending) if (n > 0) this.inc({ [label]: value }, n);
        pending.clear();
      },
    });
    return (value) => pending.set(value, (pending.get(value) ?? 0) + 1);
  }
}
