import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseBytes } from '@weft/dsl';

/** The parts of `block.yaml` (DESIGN.md "Block manifest") the SDK's build and test need. */
export interface BlockManifestInfo {
  name: string;
  version: string;
  /** Path of the built module, relative to the block folder. */
  wasm: string;
  /** Exported function to call (default `run`). */
  entry: string;
  /** Memory cap in bytes (from `limits.memory`), used as the module's declared maximum. */
  memoryBytes: number;
  /** Whether the manifest asks for the network (`capabilities.network: true`). */
  network: boolean;
}

/** The memory cap when `limits.memory` is absent: 32 MiB. */
export const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;

/**
 * Parses a size: a number of bytes, or a string like `32MiB`, `64MB`, `512KiB` (@weft/dsl's units:
 * KB/MB/GB decimal, KiB/MiB/GiB binary). Returns null when the value is not a size.
 */
export function parseSize(value: unknown): number | null {
  return parseBytes(typeof value === 'number' ? Math.floor(value) : value) ?? null;
}

/** A problem with a block folder, named for the person who has to fix it. */
export class BlockSdkError extends Error {
  override name = 'BlockSdkError';
}

/** Reads and checks `<dir>/block.yaml` for what building and testing need. */
export async function readBlockManifest(dir: string): Promise<BlockManifestInfo> {
  const file = join(dir, 'block.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new BlockSdkError(
      `no block.yaml in ${dir} (is this a block folder? create one with \`weft block init <name>\`)`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new BlockSdkError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new BlockSdkError(`${file} must be a mapping`);
  const m = doc as Record<string, unknown>;
  const str = (key: string, fallback?: string): string => {
    const v = m[key] ?? fallback;
    if (typeof v !== 'string' || v === '')
      throw new BlockSdkError(`${file}: \`${key}\` must be a non-empty string`);
    return v;
  };
  const limits = (m.limits ?? {}) as Record<string, unknown>;
  const memoryBytes = limits.memory === undefined ? DEFAULT_MEMORY_BYTES : parseSize(limits.memory);
  if (memoryBytes === null || memoryBytes < 65536) {
    throw new BlockSdkError(
      `${file}: \`limits.memory\` must be a size of at least 64KiB, like 32MiB (got ${JSON.stringify(limits.memory)})`,
    );
  }
  const caps = (m.capabilities ?? {}) as Record<string, unknown>;
  return {
    name: str('name'),
    version: str('version'),
    wasm: str('wasm'),
    entry: str('entry', 'run'),
    memoryBytes,
    network: caps.network === true,
  };
}
