import { builtinCatalog, type BlockCatalog } from '@weft/dsl';
import type { CliIo } from './io';

/** The blocks `uses` may name: the built-ins and the blocks of the repository's `blocks/`. */
export async function loadCatalog(_io: CliIo): Promise<BlockCatalog> {
  return builtinCatalog();
}
