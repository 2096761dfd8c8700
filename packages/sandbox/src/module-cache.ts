/**
 * Compiled block modules, compiled once per block version and shared with every worker (a
 * `WebAssembly.Module` crosses threads without recompiling). Failures are not cached, so building a
 * missing `.wasm` while the server runs fixes the next call.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ErrorCode } from '@weft/engine';
import type { BlockManifest } from './manifest';
import { PAGE, inspectModule } from './wasm-inspect';
import { Wasm } from './wasm-api';

export interface CompiledBlock {
  /** `name@version`: the key of warm instances in workers. */
  key: string;
  /** Unique number of this block in every worker. */
  slot: number;
  module: WebAssembly.Module;
  entry: string;
  /** The module's declared maximum memory, pages. */
  maxPages: number;
  /** Cap of Extism's host-side memory for this block, pages. */
  hostPages: number;
}

export interface CompileProblem {
  problem: { code: ErrorCode; message: string };
}

export class ModuleCache {
  private readonly cache = new Map<string, Promise<CompiledBlock | CompileProblem>>();
  private nextSlot = 1;

  get(m: BlockManifest, memoryBytes: number): Promise<CompiledBlock | CompileProblem> {
    const key = `${m.name}@${m.version}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.compile(m, key, memoryBytes);
      this.cache.set(key, p);
      void p.then((r) => {
        if ('problem' in r) this.cache.delete(key);
      });
    }
    return p;
  }

  private async compile(
    m: BlockManifest,
    key: string,
    memoryBytes: number,
  ): Promise<CompiledBlock | CompileProblem> {
    const shown = relative(process.cwd(), m.wasm) || m.wasm;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(m.wasm);
    } catch {
      return {
        problem: {
          code: 'BLOCK_NOT_FOUND',
          message: `block ${key}: ${shown} is missing; run pnpm build:blocks (or weft block build) first`,
        },
      };
    }
    let module: WebAssembly.Module;
    try {
      module = await Wasm.compile(bytes);
    } catch (err) {
      return {
        problem: {
          code: 'BLOCK_ERROR',
          message: `block ${key}: ${shown} is not a valid WebAssembly module (${err instanceof Error ? err.message : String(err)})`,
        },
      };
    }
    const facts = inspectModule(module, bytes, memoryBytes, `block ${key} (${shown})`);
    if ('code' in facts) return { problem: facts };
    const fn = Wasm.Module.exports(module).find((e) => e.name === m.entry);
    if (!fn || fn.kind !== 'function') {
      return {
        problem: {
          code: 'BLOCK_ERROR',
          message: `block ${key}: ${shown} does not export a function named "${m.entry}" (manifest entry)`,
        },
      };
    }
    return {
      key,
      slot: this.nextSlot++,
      module,
      entry: m.entry,
      maxPages: facts.maxPages ?? 0,
      hostPages: Math.max(16, Math.ceil(memoryBytes / PAGE)),
    };
  }
}
