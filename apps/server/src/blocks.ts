/** The block catalog (built-ins + `blocks/` manifests) and the sandbox that runs them. */
import { builtinCatalog, combineCatalogs, type BlockCatalog } from '@weft/dsl';
import type { BlockRunner } from '@weft/engine';
import type { ServerConfig } from './config/settings';
import type { Logger } from './observability/logger';

export interface Blocks {
  runner: BlockRunner;
  catalog: BlockCatalog;
  close?(): Promise<void>;
}

export async function loadBlocks(
  config: Pick<ServerConfig, 'blocksDir' | 'networkAllow' | 'networkDeny' | 'sandboxWorkers'>,
  log: Logger,
): Promise<Blocks> {
  const { blocksDir } = config;
  // Loaded lazily: tests that inject their own runner never start the sandbox's workers.
  const { SandboxRunner, loadBlocks: loadRegistry } = await import('@weft/sandbox');
  const registry = loadRegistry(blocksDir);
  const runner = new SandboxRunner({
    registry,
    workers: config.sandboxWorkers,
    network: { deny: config.networkDeny, ...(config.networkAllow ? { allow: config.networkAllow } : {}) },
  });
  log.info({ blocksDir, blocks: registry.list().length }, 'blocks loaded');
  return { runner, catalog: combineCatalogs(builtinCatalog(), registry), close: () => runner.close() };
}
