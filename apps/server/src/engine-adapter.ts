/**
 * Wires @weft/engine's Engine for the server: the API port over its commands (their `Result`s as they
 * are: the API maps refusals in one place), a bounded `waitForRun`, pino logs with runId/stepId, step
 * metrics, and a bounded drain.
 */
import type { RunEngine } from '@weft/api';
import {
  Engine,
  type BlockRunner,
  type Clock,
  type RunId,
  type RunRecord,
  type SecretResolver,
  type Store,
  type WorkflowResolver,
} from '@weft/engine';
import type { ServerConfig } from './config/settings';
import type { Logger } from './observability/logger';
import type { Metrics } from './observability/metrics';

export interface RunEngineHandle {
  api: RunEngine;
  engine: Engine;
  start(): void;
  /** Drain in-flight block calls for up to `drainMs`, then abandon the rest; leases are released. */
  stop(drainMs: number): Promise<void>;
}

/** Times block calls for /metrics (built-in steps do not reach the runner). */
function timedRunner(runner: BlockRunner, metrics: Metrics): BlockRunner {
  return {
    async run(call) {
      const t0 = performance.now();
      try {
        const r = await runner.run(call);
        metrics.stepFinished({
          status: r.ok ? 'success' : 'failed',
          seconds: (performance.now() - t0) / 1000,
        });
        return r;
      } catch (e) {
        metrics.stepFinished({ status: 'error', seconds: (performance.now() - t0) / 1000 });
        throw e;
      }
    },
  };
}

export function createRunEngine(opts: {
  config: ServerConfig;
  store: Store;
  runner: BlockRunner;
  clock: Clock;
  secrets: SecretResolver;
  workflows: WorkflowResolver;
  log: Logger;
  metrics: Metrics;
}): RunEngineHandle {
  const { config, store, log } = opts;
  const engine = new Engine({
    store,
    runner: timedRunner(opts.runner, opts.metrics),
    clock: opts.clock,
    secrets: opts.secrets,
    workflows: opts.workflows,
    owner: config.instanceId,
    leaseMs: config.leaseMs,
    pollMs: config.pollMs,
    maxRunningSteps: config.concurrency,
    maxChildDepth: config.maxChildDepth,
    logger: (e) => {
      const fields = { ...(e.runId ? { runId: e.runId } : {}), ...(e.stepId ? { stepId: e.stepId } : {}) };
      log[e.level](fields, e.message);
    },
  });

  async function waitForRun(runId: RunId, timeoutMs: number): Promise<RunRecord | undefined> {
    // The engine answers from memory for a run it drives (a sync webhook's run, usually) and reads
    // the store otherwise; the record is the committed one either way. A run that already ended here
    // (in the commit that created it) is answered without a timer or a race.
    const ended = engine.endedRun(runId);
    if (ended) return ended;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    const done = await Promise.race([
      engine.waitForRun(runId).catch(() => undefined), // not found: the store says so below
      timeout,
    ]).finally(() => clearTimeout(timer));
    return done ?? (await store.getRun(runId));
  }

  const api: RunEngine = {
    startRun: (req) => engine.startRun(req),
    cancel: (runId, by) => engine.cancel(runId, by),
    decideApproval: (req) =>
      engine.decideApproval(req.runId, req.stepId, {
        approved: req.approved,
        ...(req.by !== undefined ? { by: req.by } : {}),
        ...(req.comment !== undefined ? { comment: req.comment } : {}),
      }),
    debug: (req) => engine.debug(req.runId, req.stepId, req.action, req.input, req.output),
    testStep: (req) => engine.testStep(req),
    retryFrom: (runId, stepId) => engine.retryFrom(runId, stepId),
    subscribe: (runId, fromSeq, listener) => engine.subscribe(runId, fromSeq, listener),
    waitForRun,
    endedRun: (runId) => engine.endedRun(runId),
  };

  return {
    api,
    engine,
    start: () => engine.start(),
    async stop(drainMs) {
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        engine.stop({ drain: true }).then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), drainMs);
        }),
      ]);
      clearTimeout(timer);
      if (!drained) {
        log.warn(
          { drainMs },
          'in-flight steps did not finish in time; releasing their runs for another process',
        );
        await engine.stop({ drain: false });
      }
    },
  };
}
