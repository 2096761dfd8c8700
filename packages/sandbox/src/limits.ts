/** Server-side limits and their defaults; a block's manifest can only ask for less than the caps. */
import type { BlockManifest } from './manifest';

const MiB = 1024 * 1024;

export interface BlockLimitOptions {
  /** Cap of any block's memory, bytes (default 256 MiB). */
  memoryBytes?: number;
  /** Cap of any block call's time, ms (default 5 minutes). */
  timeoutMs?: number;
  /** Cap of any block's output, bytes (default 16 MiB). */
  maxOutputBytes?: number;
}

export interface CodeLimitOptions {
  /** QuickJS heap per `code` call, bytes (default 64 MiB). */
  memoryBytes?: number;
  /** Cap of a `code` call's time, ms (default 30 s). */
  timeoutMs?: number;
  /** Output cap, bytes (default 4 MiB). */
  maxOutputBytes?: number;
  /** QuickJS stack, bytes (default 512 KiB). */
  stackBytes?: number;
  /**
   * Longest a `code` call runs on the main thread before it is moved to a worker, ms (default 10;
   * 0 runs every call in a worker). See docs/security.md, "Where `code` runs".
   */
  inlineMs?: number;
  /** QuickJS heap of a call on the main thread, bytes (default 8 MiB; a call needing more moves to a worker). */
  inlineMemoryBytes?: number;
}

/** What a manifest gets when it says nothing. */
export const BLOCK_DEFAULTS = { memoryBytes: 32 * MiB, timeoutMs: 30_000, maxOutputBytes: 4 * MiB } as const;
const BLOCK_CAPS = { memoryBytes: 256 * MiB, timeoutMs: 300_000, maxOutputBytes: 16 * MiB } as const;
const CODE_DEFAULTS = {
  memoryBytes: 64 * MiB,
  timeoutMs: 30_000,
  maxOutputBytes: 4 * MiB,
  stackBytes: 512 * 1024,
  inlineMs: 10,
  inlineMemoryBytes: 8 * MiB,
} as const;

export interface EffectiveLimits {
  memoryBytes: number;
  timeoutMs: number;
  maxOutputBytes: number;
}

export function blockCaps(o: BlockLimitOptions = {}): EffectiveLimits {
  return {
    memoryBytes: o.memoryBytes ?? BLOCK_CAPS.memoryBytes,
    timeoutMs: o.timeoutMs ?? BLOCK_CAPS.timeoutMs,
    maxOutputBytes: o.maxOutputBytes ?? BLOCK_CAPS.maxOutputBytes,
  };
}

export function codeLimits(o: CodeLimitOptions = {}): Required<CodeLimitOptions> {
  return { ...CODE_DEFAULTS, ...o };
}

/** The memory limit a block runs with (fixed per block, so its compiled module can be checked once). */
export function blockMemory(m: BlockManifest, caps: EffectiveLimits): number {
  return Math.min(m.limits.memoryBytes ?? BLOCK_DEFAULTS.memoryBytes, caps.memoryBytes);
}

/** The limits of one call: the manifest's, within the server's caps and the step's own timeout. */
export function callLimits(
  m: BlockManifest,
  caps: EffectiveLimits,
  stepTimeoutMs: number | undefined,
): EffectiveLimits {
  return {
    memoryBytes: blockMemory(m, caps),
    timeoutMs: Math.min(
      m.limits.timeoutMs ?? BLOCK_DEFAULTS.timeoutMs,
      caps.timeoutMs,
      stepTimeoutMs ?? Infinity,
    ),
    maxOutputBytes: Math.min(m.limits.maxOutputBytes ?? BLOCK_DEFAULTS.maxOutputBytes, caps.maxOutputBytes),
  };
}
