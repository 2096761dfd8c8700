/**
 * The block catalog (built-ins + standard `blocks/` + blocks installed into `<dataDir>/blocks`) and
 * the sandbox that runs them. Installing or removing a block swaps the live registry: the catalog,
 * the runner and the studio's palette see it at once, without a restart.
 */
import { join } from 'node:path';
import type { BlockAdmin } from '@weft/api';
import { builtinCatalog, combineCatalogs, type BlockCatalog } from '@weft/dsl';
import type { BlockRunner } from '@weft/engine';
import type { ServerConfig } from './config/settings';
import type { Logger } from './observability/logger';

export interface Blocks {
  runner: BlockRunner;
  catalog: BlockCatalog;
  /** The registry admin (absent when a test injects its own runner). */
  admin?: BlockAdmin;
  close?(): Promise<void>;
}

/** The URL of a connection kept as a Weft secret, read when the connection is first used. */
async function secretUrl(
  connection: string,
  secret: string,
  read: ((name: string) => Promise<string | undefined>) | undefined,
): Promise<string> {
  const url = read ? await read(secret) : undefined;
  if (url === undefined)
    throw new Error(
      `SQL connection "${connection}" reads its URL from the secret "${secret}", which does not exist`,
    );
  return url;
}

export async function loadBlocks(
  config: Pick<
    ServerConfig,
    | 'blocksDir'
    | 'dataDir'
    | 'networkAllow'
    | 'networkDeny'
    | 'sandboxWorkers'
    | 'requireBlockSignatures'
    | 'sqlConnections'
    | 'sqlMaxRows'
    | 'storageQuota'
  >,
  log: Logger,
  hooks: {
    onChange?: () => void;
    /** Reads a Weft secret (for `sqlConnections` entries kept as secrets). */
    secret?: (name: string) => Promise<string | undefined>;
  } = {},
): Promise<Blocks> {
  const onChange = hooks.onChange ?? ((): void => undefined);
  const { blocksDir } = config;
  // Loaded lazily: tests that inject their own runner never start the sandbox's workers.
  const { SandboxRunner, BlockHome, bundleFromArchive, checkBundle } = await import('@weft/sandbox');
  const home = new BlockHome({
    blocksDir,
    dataDir: config.dataDir,
    requireSignature: config.requireBlockSignatures,
  });
  for (const r of home.refused)
    log.error({ block: `${r.name}@${r.version}` }, `block not loaded: ${r.problem}`);
  const runner = new SandboxRunner({
    registry: home.registry,
    workers: config.sandboxWorkers,
    network: { deny: config.networkDeny, ...(config.networkAllow ? { allow: config.networkAllow } : {}) },
    sql: {
      maxRows: config.sqlMaxRows,
      connections: config.sqlConnections.map((c) => ({
        name: c.name,
        readOnly: c.readOnly,
        url: c.url ?? (() => secretUrl(c.name, c.secret ?? '', hooks.secret)),
      })),
    },
    storage: { dir: join(config.dataDir, 'storage'), quotaBytes: config.storageQuota },
  });
  log.info({ blocksDir, blocks: home.registry.list().length }, 'blocks loaded');
  const admin: BlockAdmin = {
    requireSignatures: config.requireBlockSignatures,
    list: () => home.list(),
    async install(archive, source) {
      const b = await bundleFromArchive(archive, source);
      if (!b.ok) return { ok: false, code: 'INVALID', message: b.message };
      const r = home.install(b.bundle, source);
      if (r.ok && !r.already) {
        log.info(
          { block: `${r.block.name}@${r.block.version}`, sha256: r.block.sha256, source },
          'block installed',
        );
        onChange();
      } else if (!r.ok) log.warn({ source }, `block install refused: ${r.message}`);
      return r;
    },
    async inspect(archive, source) {
      const b = await bundleFromArchive(archive, source);
      if (!b.ok) return { ok: false, message: b.message };
      const x = b.bundle;
      const c = checkBundle(x, {
        trusted: home.trust.list(),
        requireSignature: config.requireBlockSignatures,
      });
      return {
        ok: true,
        name: x.name,
        version: x.version,
        title: x.manifest.title,
        description: x.manifest.description,
        sha256: x.wasmSha256,
        signedBy: c.ok
          ? c.signer
            ? (c.signer.name ?? `key ${c.signer.keyId} (untrusted)`)
            : null
          : (x.digest?.signature?.keyId ?? null),
        capabilities: { ...x.manifest.capabilities },
        limits: { ...x.manifest.limits },
        problem: c.ok ? null : c.message,
      };
    },
    remove(name, version) {
      const gone = home.remove(name, version);
      if (gone.length > 0) {
        log.info({ removed: gone.map((b) => `${b.name}@${b.version}`) }, 'block removed');
        onChange();
      }
      return gone;
    },
    verify: () => home.verify(),
    keys: {
      list: () => home.trust.list(),
      add: (name, key) => home.trust.add(name, key),
      remove: (nameOrId) => home.trust.remove(nameOrId),
    },
  };
  return {
    runner,
    catalog: combineCatalogs(builtinCatalog(), home.registry),
    admin,
    close: () => runner.close(),
  };
}
