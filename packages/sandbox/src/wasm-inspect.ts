/**
 * What the sandbox checks in a block's module before it ever runs: the memory it may grow to (it
 * must declare a maximum within the block's limit) and the host functions it imports (Extism's
 * kernel, `weft_http`, `weft_sql`, `weft_storage`, `weft_tz`, `weft_random`, and the AssemblyScript runtime's `env` helpers — never WASI).
 */
import { formatBytes } from '@weft/dsl';
import { Wasm } from './wasm-api';

export const PAGE = 65536;

/** Imports a block may have, by module; `*` = any name in that module. */
const ALLOWED_IMPORTS: Record<string, ReadonlySet<string> | '*'> = {
  'extism:host/env': '*',
  'extism:host/user': new Set(['weft_http', 'weft_sql', 'weft_storage', 'weft_tz', 'weft_random']),
  env: new Set(['abort', 'seed', 'trace', 'Date.now']),
};

export interface ModuleFacts {
  /** Declared maximum of the module's own memory, in pages; undefined when it declares none. */
  maxPages: number | undefined;
  /** Initial size, pages. */
  minPages: number;
}

export type InspectProblem = {
  code: 'PERMISSION_DENIED' | 'BLOCK_ERROR' | 'LIMIT_EXCEEDED';
  message: string;
};

/**
 * Checks a compiled module against a memory limit. Returns its facts, or the problem that keeps it
 * from running (with the shared error code to report).
 */
export function inspectModule(
  module: WebAssembly.Module,
  bytes: Uint8Array,
  limitBytes: number,
  what: string,
): ModuleFacts | InspectProblem {
  for (const imp of Wasm.Module.imports(module)) {
    const allowed = ALLOWED_IMPORTS[imp.module];
    if (imp.module.startsWith('wasi')) {
      return {
        code: 'PERMISSION_DENIED',
        message: `${what} imports ${imp.module}.${imp.name}: blocks may not read files, environment variables or anything else through WASI`,
      };
    }
    if (imp.kind === 'memory')
      return {
        code: 'BLOCK_ERROR',
        message: `${what} imports its memory; a block must define its own memory with a maximum`,
      };
    if (allowed === undefined || (allowed !== '*' && !allowed.has(imp.name))) {
      return {
        code: 'BLOCK_ERROR',
        message: `${what} imports ${imp.module}.${imp.name}, which the Weft host does not provide`,
      };
    }
  }
  const mems = readMemories(bytes);
  if (mems === undefined)
    return { code: 'BLOCK_ERROR', message: `${what} is not a WebAssembly module the sandbox can read` };
  const mem = mems[0];
  if (mems.length !== 1 || !mem)
    return {
      code: 'BLOCK_ERROR',
      message: `${what} must define exactly one memory (it defines ${mems.length})`,
    };
  const limitPages = Math.floor(limitBytes / PAGE);
  if (mem.max === undefined) {
    return {
      code: 'BLOCK_ERROR',
      message: `${what} declares no maximum memory; build it with a cap (asc --maximumMemory ${limitPages}) so the sandbox can bound it`,
    };
  }
  if (mem.max > limitPages) {
    return {
      code: 'LIMIT_EXCEEDED',
      message: `${what} may grow its memory to ${formatBytes(mem.max * PAGE)}, above its limit of ${formatBytes(limitPages * PAGE)}; rebuild it with asc --maximumMemory ${limitPages} or raise limits.memory`,
    };
  }
  return { maxPages: mem.max, minPages: mem.min };
}

interface MemoryLimits {
  min: number;
  max: number | undefined;
}

/** Reads the memory section (id 5). Undefined when the bytes do not parse. */
function readMemories(bytes: Uint8Array): MemoryLimits[] | undefined {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    return undefined;
  let pos = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new RangeError('truncated module');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  try {
    while (pos < bytes.length) {
      const id = bytes[pos++];
      const size = leb();
      const end = pos + size;
      if (id === 5) {
        const count = leb();
        const mems: MemoryLimits[] = [];
        for (let i = 0; i < count; i++) {
          const flags = leb();
          const min = leb();
          const max = flags & 1 ? leb() : undefined;
          mems.push({ min, max });
        }
        return mems;
      }
      pos = end;
    }
    return [];
  } catch {
    return undefined;
  }
}
