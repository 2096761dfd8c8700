import { resolve } from 'node:path';
import { builtinCatalog, combineCatalogs, type BlockCatalog } from '@weft/dsl';
import { BlockManifestError, loadBlocks, type BlockRegistry } from '@weft/sandbox';
import { CliError, ExitCode } from './exit-codes';
import type { CliIo } from './io';

/** The repository's blocks (or those of `dir`), with a clear error for a broken manifest. */
export function loadRegistry(dir?: string): { registry: BlockRegistry; catalog: BlockCatalog } {
  try {
    const registry = dir === undefined ? loadBlocks() : loadBlocks(resolve(dir));
    return { registry, catalog: combineCatalogs(builtinCatalog(), registry) };
  } catch (e) {
    if (e instanceof BlockManifestError)
      throw new CliError(`weft: invalid block manifest:\n${e.message}`, ExitCode.INVALID);
    throw e;
  }
}

/** The blocks `uses` may name: the built-ins and the blocks of the repository's `blocks/`. */
export async function loadCatalog(_io: CliIo, dir?: string): Promise<BlockCatalog> {
  return loadRegistry(dir).catalog;
}
