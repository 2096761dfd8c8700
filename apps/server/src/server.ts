/**
 * The composition root: store + engine + sandbox + API + triggers + HTTP.
 */
import { createServer as createHttpServer, type RequestListener, type ServerOptions } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { SecretVault, startRun, type ApiDeps, type ApiHooks } from '@weft/api';
import type { BlockCatalog } from '@weft/dsl';
import { SystemClock, type BlockRunner, type Clock } from '@weft/engine';
import { openStore, type WeftStore } from '@weft/store';
import { bootstrapAdmin, loadSecretKey, rotateKey } from './bootstrap';
import { checkConfig } from './config/config';
import type { ServerConfig } from './config/settings';
import { createRunEngine, type RunEngineHandle } from './engine-adapter';
import { buildApp } from './http/app';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { loadBlocks, type Blocks } from './blocks';
import { Notifier } from './notifications/notifier';
import { policySender } from './notifications/send';
import { auditRefusals } from './ops/audit-refusals';
import { RetentionJob } from './ops/retention-job';
import { TriggerScheduler } from './triggers/scheduler';
import { webhookListener } from './webhooks/node-listener';
import { resolveHookSecret, type WebhookDeps } from './webhooks/route';
import { templateFolder } from './templates-folder';
import { WorkflowCache } from './workflow-cache';

export interface CreateServerOptions {
  /** Use this store instead of opening `config.db` (tests). It is closed by `stop()`. */
  store?: WeftStore;
  /** Block runner and catalog instead of the sandbox's (tests). */
  blocks?: { runner: BlockRunner; catalog: BlockCatalog; close?(): Promise<void> };
  clock?: Clock;
  /** Where JSON logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

export interface WeftServer {
  /** The Hono app; `app.request()` works before and without `start()`. */
  readonly app: Hono;
  readonly config: ServerConfig;
  readonly store: WeftStore;
  readonly log: Logger;
  readonly triggers: TriggerScheduler;
  /** Run-end notifications (durable deliveries, retries, dead letters). */
  readonly notifier: Notifier;
  /** Prunes ended runs by the retention settings (arms nothing when none is set). */
  readonly retention: RetentionJob;
  /** Start the engine and the triggers, and listen (unless `listen: false`). Resolves with the bound address. */
  start(opts?: { listen?: boolean }): Promise<{ url: string; port: number }>;
  /** Stop claiming work, drain or release in-flight steps (bounded by `shutdownTimeoutMs`), close. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Build a server from a config (see `loadConfig`). Opens the database, loads the secret key (creating
 * the key file on first start) and, with auth on, the bootstrap admin token.
 *
 * @example
 * const cfg = loadConfig({ flags });
 * if (!cfg.ok) { console.error(cfg.error.message); process.exit(2); }
 * const server = await createServer(cfg.value);
 * await server.start();
 * installSignalHandlers(server);
 */
export async function createServer(
  config: ServerConfig,
  opts: CreateServerOptions = {},
): Promise<WeftServer> {
  const bad = checkConfig(config);
  if (bad) throw new Error(bad.message);
  const log = createLogger({
    level: config.logLevel,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
    base: { instance: config.instanceId },
  });
  const clock = opts.clock ?? new SystemClock();
  const store = opts.store ?? (await openStore(config.db));
  try {
    const key = await loadSecretKey(config, store.repos.secrets, log);
    const vault = new SecretVault(store.repos.secrets, key, () => clock.now());
    // An installed or removed block changes what stored versions parse to: forget the parses.
    const live: { workflows?: WorkflowCache } = {};
    const blocks: Blocks =
      opts.blocks ??
      (await loadBlocks(config, log, {
        onChange: () => live.workflows?.clear(),
        secret: (name) => vault.get(name),
      }));
    const workflows = new WorkflowCache(store.repos.workflows, blocks.catalog);
    live.workflows = workflows;
    const metrics = createMetrics(() => store.repos.runs);
    const engine: RunEngineHandle = createRunEngine({
      config,
      store,
      runner: auditRefusals(blocks.runner, { audit: store.repos.audit, now: () => clock.now(), log }),
      clock,
      secrets: vault,
      workflows,
      log,
      metrics,
    });
    const hooks: ApiHooks = {
      runStarted: (e) => metrics.runStarted(e.trigger),
      workflowChanged: (e) => {
        if (e.triggersChanged) void store.repos.triggers.clear(e.workflowId).catch(() => undefined);
        void triggers
          .refresh(e.workflowId, { triggersChanged: e.triggersChanged })
          .catch((err: unknown) => log.error({ err, workflowId: e.workflowId }, 'could not re-arm triggers'));
      },
    };
    const triggers = new TriggerScheduler({
      repos: store.repos,
      parse: (yaml) => workflows.parseText(yaml),
      fire: async ({ workflowId, trigger, idempotencyKey }) => {
        const started = await startRun(
          { engine: engine.api, hooks },
          { workflowId, inputs: {}, trigger, idempotencyKey },
        );
        if (!started.ok) {
          log.error(
            { workflowId, trigger: trigger.type, code: started.error.code },
            `trigger tick failed to start a run: ${started.error.message}`,
          );
          return undefined;
        }
        log.info({ workflowId, runId: started.value.runId, trigger: trigger.type }, 'trigger started a run');
        return started.value.runId;
      },
      log,
      clock,
    });

    const notifier = new Notifier({
      repos: store.repos,
      version: async (id, v) => (await workflows.version(id, v))?.workflow,
      resolveSecret: (text, vars) =>
        resolveHookSecret(
          text,
          vars,
          { secret: (name) => vault.get(name), now: () => clock.now() },
          'the notification secret',
        ),
      send: policySender({
        networkDeny: config.networkDeny,
        ...(config.networkAllow ? { networkAllow: config.networkAllow } : {}),
      }),
      log,
      now: () => clock.now(),
      ...(config.notifyUrl
        ? {
            server: {
              url: config.notifyUrl,
              on: config.notifyOn,
              ...(config.notifySecret !== undefined ? { secret: config.notifySecret } : {}),
            },
          }
        : {}),
      maxAttempts: config.notifyAttempts,
      backoffMs: config.notifyBackoffMs,
      pollMs: Math.max(config.pollMs, 50),
    });

    const retention = new RetentionJob({
      repos: store.repos,
      clock,
      log,
      policy: {
        ...(config.retentionMaxAgeMs !== undefined && { maxAgeMs: config.retentionMaxAgeMs }),
        ...(config.retentionKeepPerWorkflow !== undefined && {
          keepPerWorkflow: config.retentionKeepPerWorkflow,
        }),
        intervalMs: config.retentionIntervalMs,
      },
    });

    const api: ApiDeps = {
      store,
      engine: engine.api,
      catalog: blocks.catalog,
      ...(blocks.admin ? { blocks: blocks.admin } : {}),
      vault,
      templates: templateFolder(config.templatesDir),
      authEnabled: config.auth,
      now: () => clock.now(),
      hooks,
      schedule: triggers,
      notifier,
      retention,
      rotateSecretKey: (newKey) => rotateKey(config, (k) => vault.rotate(k), newKey),
    };

    const webhooks: WebhookDeps = {
      workflows,
      webhooks: store.repos.webhooks,
      engine: engine.api,
      hooks: api.hooks,
      secret: (name) => vault.get(name),
      metrics,
      log,
      bodyLimit: config.webhookBodyLimit,
      syncTimeoutMs: config.syncTimeoutMs,
      now: () => clock.now(),
    };
    let accepting = true;
    const app = buildApp({
      api,
      store,
      metrics,
      log,
      studioDir: config.studioDir,
      apiBodyLimit: config.apiBodyLimit,
      accepting: () => accepting,
      webhooks,
    });
    await bootstrapAdmin(config, store.repos.tokens, log, clock.now());

    let http: ServerType | undefined;
    let stopping: Promise<void> | undefined;
    let started = false;

    return {
      app,
      config,
      store,
      log,
      triggers,
      notifier,
      retention,
      async start(startOpts = {}) {
        if (started) throw new Error('server already started');
        started = true;
        engine.start();
        await triggers.start();
        notifier.start();
        retention.start();
        if (startOpts.listen === false) return { url: '', port: 0 };
        boundHeapGrowth();
        const bound = await new Promise<{ port: number }>((resolve, reject) => {
          // Webhooks are answered on Node's server itself, before Hono (webhooks/node-listener.ts).
          const s = serve(
            {
              fetch: app.fetch,
              port: config.port,
              hostname: config.host,
              createServer: ((options: ServerOptions, listener: RequestListener) =>
                createHttpServer(options, webhookListener(webhooks, listener))) as typeof createHttpServer,
            },
            (info) => resolve({ port: info.port }),
          );
          s.once('error', reject);
          http = s;
        });
        const host = config.host.includes(':') ? `[${config.host}]` : config.host;
        const url = `http://${host}:${bound.port}`;
        log.info({ url, db: store.kind, auth: config.auth }, 'weft server listening');
        return { url, port: bound.port };
      },
      stop() {
        stopping ??= (async () => {
          accepting = false;
          triggers.stop();
          retention.stop();
          const notifying = notifier.stop();
          const closing = http ? new Promise<void>((r) => http?.close(() => r())) : Promise.resolve();
          (http as { closeIdleConnections?: () => void } | undefined)?.closeIdleConnections?.();
          await engine.stop(config.shutdownTimeoutMs);
          await notifying;
          await retention.idle();
          await Promise.race([closing, new Promise((r) => setTimeout(r, 1000).unref())]);
          await blocks.close?.().catch((err: unknown) => log.warn({ err }, 'closing the sandbox failed'));
          await store.close();
          log.info('weft server stopped');
        })();
        return stopping;
      },
    };
  } catch (e) {
    if (!opts.store) await store.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Under sustained load V8 lets the heap grow to several times what is live before a full collection
 * (here ~+100 MB of RSS for ~35 MB live). A serving process asks for 30 % steps instead: a little more
 * GC work (about 1 % CPU at 4,000 runs/s) for a bounded footprint. Process-wide, so only a real server
 * (one that listens) sets it.
 */
function boundHeapGrowth(): void {
  try {
    setFlagsFromString('--heap-growing-percent=30');
  } catch {
    // not fatal: only the memory footprint is at stake
  }
}

/**
 * On SIGTERM or SIGINT: stop gracefully, then exit 0 (a second signal exits at once with 1).
 */
export function installSignalHandlers(
  server: WeftServer,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return exit(1);
    signalled = true;
    server.log.info({ signal }, 'shutting down');
    server.stop().then(
      () => exit(0),
      (err: unknown) => {
        server.log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
