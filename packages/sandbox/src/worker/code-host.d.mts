// Types of code-host.mjs (plain JS, so a worker thread loads it under any runner).
import type { LogLevel } from './log-cap.mjs';

/** What a `code` call asks for (runner.ts builds it; a worker receives it as JSON). */
export interface CodeHostRequest {
  source: string;
  input: unknown;
  /** `input` as JSON text, when the caller has it already. */
  inputJson?: string;
  memoryBytes: number;
  stackBytes: number;
}

export type CodeHostAnswer =
  | { ok: true; json: string }
  /** Inline only: a plain output, read value by value (as `JSON.parse` of its text would give). */
  | { ok: true; value: unknown }
  | { ok: false; code: string; message: string }
  /** Inline only: the call needs a worker (longer than the slice, more memory, or a timer to wait on). */
  | { defer: 'time' | 'memory' | 'timer' };

export interface CodeHost {
  init(): Promise<void>;
  ready(): boolean;
  run(
    req: CodeHostRequest,
    opts: { timeoutMs: number; maxOutputBytes: number; log: (level: LogLevel, message: string) => void },
  ): CodeHostAnswer;
  /**
   * Disposes what the last calls left and prepares the next calls' contexts (`pending()`: stop, a
   * request is waiting). Inline, one context's worth of work per call: `true` when more is left.
   */
  finish(pending?: () => boolean): boolean;
  /** Whether `finish` has work to do after the last call (inline, a warm call often leaves none). */
  needsFinish(): boolean;
  lastCallWarm(): boolean;
  /**
   * Where the last call ran: a context `prepared` with its module, a `spare` (the driver compiled
   * while idle), or one `made` while the caller waited (calls back to back; the host does the
   * driver's work there, see `plainCalls` in code-direct.mjs).
   */
  lastCallKind(): 'prepared' | 'spare' | 'made';
  /** When the last call started (`Date.now()`). */
  lastStart(): number;
  loads(): number;
  close(): void;
}

export declare function createCodeHost(opts?: {
  inline?: { sliceMs: number; memoryBytes: number };
}): CodeHost;
