/**
 * `code` calls run on the main thread: QuickJS is a sandbox of its own (its heap, a memory limit, an
 * interrupt handler for time, no host access), so a short call needs no worker and no thread hop.
 * A call that would block the event loop longer than a slice, needs more memory than the main
 * thread allows, or waits on a timer is stopped and handed back (`undefined`); the runner runs it
 * again in a worker. Its source's next calls then go to a worker directly for a while.
 */
import type { BlockResult, LogLevel } from '@weft/engine';
import { createCodeHost } from './worker/code-host.mjs';
import type { CodeHost, CodeHostRequest } from './worker/code-host.mjs';
import { cappedLog } from './worker/log-cap.mjs';
import { sandboxFailure } from './outcome';

/**
 * Once a source's calls have had to move to a worker (twice in a row for time, which a busy machine
 * can fake by not scheduling the thread; at once for memory or a timer), that many of its next calls
 * go there directly.
 */
const WORKER_STREAK = 100;
/** Sources remembered as needing a worker (oldest forgotten first). */
const REMEMBERED_MAX = 256;

export interface InlineCall {
  timeoutMs: number;
  maxOutputBytes: number;
  log: (level: LogLevel, message: string) => void;
}

/** What the main thread made of a call: its result, or `moved` (run it in a worker, with less time). */
export type InlineOutcome =
  { result: BlockResult; warm: boolean } | { moved: 'time' | 'memory' | 'timer'; elapsedMs: number };

export class InlineCode {
  private readonly host: CodeHost;
  /** Sources whose last main-thread attempts moved to a worker: how many in a row, calls to skip. */
  private readonly toWorker = new Map<string, { moved: number; skip: number }>();
  /** The between-calls work (dispose the last context, prepare the next), run once the loop is idle. */
  private finishing: NodeJS.Immediate | undefined;
  private idleWaiters: (() => void)[] = [];
  /** Why QuickJS failed to load on the main thread (then every call goes to a worker). */
  private broken: string | undefined;
  /** The log lines of the call in progress (calls here run one at a time, synchronously). */
  private lines: [LogLevel, string][] | undefined;
  /** The call's line cap, made at its first line (most calls log nothing). */
  private capped: ((level: LogLevel, message: string) => void) | undefined;
  /** The options every call here gets (one object, set per call: nothing to allocate). */
  private readonly opts = {
    timeoutMs: 0,
    maxOutputBytes: 0,
    log: (_level: LogLevel, _message: string): void => {},
  };
  /** The log function every call here gets (one function: nothing to allocate per call). */
  private readonly collect = (level: LogLevel, message: string): void => {
    this.capped ??= cappedLog((l, m) => void (this.lines ??= []).push([l, m]));
    this.capped(level, message);
  };

  constructor(opts: { sliceMs: number; memoryBytes: number }) {
    this.host = createCodeHost({ inline: opts });
    this.opts.log = this.collect;
  }

  /**
   * Runs `req` here, or returns `undefined` when its source goes to a worker without trying. Answers
   * at once (no promise) once QuickJS is loaded: a warm call is a few µs of work, and each promise
   * between it and its caller would cost as much again.
   */
  run(
    req: CodeHostRequest,
    call: InlineCall,
  ): InlineOutcome | undefined | Promise<InlineOutcome | undefined> {
    const seen = this.toWorker.size > 0 ? this.toWorker.get(req.source) : undefined;
    if (seen && seen.skip > 0) {
      seen.skip--;
      return undefined;
    }
    // Calls that waited for the load run one after another once it is done: one of them may drop the
    // instance (out of memory, interrupted), and the rest go to a worker rather than load it again.
    if (!this.host.ready())
      return this.load().then((ok) => (ok && this.host.ready() ? this.runHere(req, call, seen) : undefined));
    return this.runHere(req, call, seen);
  }

  /** Loads QuickJS; `false` when it does not load here (then every call goes to a worker). */
  private async load(): Promise<boolean> {
    // Another call may drop the instance (out of memory) while this one waits for it to load; an
    // instance that fails again and again as it loads is a broken install: calls go to workers.
    for (let tries = 0; !this.host.ready(); tries++) {
      if (tries === 5) this.broken ??= 'sandbox: QuickJS failed again and again as it loaded';
      if (this.broken) return false;
      try {
        await this.host.init();
      } catch (err) {
        // The worker reports its own failure.
        this.broken = err instanceof Error ? err.message : String(err);
      }
    }
    return true;
  }

  private runHere(
    req: CodeHostRequest,
    call: InlineCall,
    seen: { moved: number; skip: number } | undefined,
  ): InlineOutcome {
    // Lines wait until the answer: a call that moves to a worker logs them again there.
    this.newCall();
    const opts = this.opts;
    opts.timeoutMs = call.timeoutMs;
    opts.maxOutputBytes = call.maxOutputBytes;
    const answer = this.host.run(req, opts);
    // A warm call that leaves prepared contexts of its source has nothing to do after it: none is
    // scheduled (a `setImmediate` costs µs when the call comes after a pause).
    if (this.host.needsFinish()) this.scheduleFinish();
    if ('defer' in answer) return this.moved(req.source, seen, answer.defer);
    if (seen) this.toWorker.delete(req.source);
    const lines = this.lines;
    if (lines !== undefined) for (const [level, message] of lines) call.log(level, message);
    const warm = this.host.lastCallWarm();
    if (!answer.ok) return { result: sandboxFailure(answer.code, answer.message), warm };
    const output = 'json' in answer ? (JSON.parse(answer.json) as unknown) : answer.value;
    return { result: { ok: true, output }, warm };
  }

  private newCall(): void {
    this.lines = undefined;
    this.capped = undefined;
  }

  /** A call stopped here for a worker: remember its source (see WORKER_STREAK). */
  private moved(
    key: string,
    seen: { moved: number; skip: number } | undefined,
    defer: 'time' | 'memory' | 'timer',
  ): InlineOutcome {
    const moved = (seen?.moved ?? 0) + 1;
    this.toWorker.delete(key);
    this.toWorker.set(key, { moved, skip: defer !== 'time' || moved >= 2 ? WORKER_STREAK : 0 });
    if (this.toWorker.size > REMEMBERED_MAX) {
      const oldest = this.toWorker.keys().next().value;
      if (oldest !== undefined) this.toWorker.delete(oldest);
    }
    return { moved: defer, elapsedMs: Date.now() - this.host.lastStart() };
  }

  /** Resolves once the between-calls work is done (tests wait on it instead of sleeping). */
  idle(): Promise<void> {
    if (!this.finishing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** QuickJS instances loaded so far: 1, plus one after each call that ran out of memory. */
  get loads(): number {
    return this.host.loads();
  }

  close(): void {
    if (this.finishing) clearImmediate(this.finishing);
    this.finishing = undefined;
    this.host.close();
    this.wakeIdle();
  }

  /** Runs the host's between-calls work once the event loop is idle, a turn at a time until done. */
  private scheduleFinish(): void {
    this.finishing ??= setImmediate(this.finishTurn);
  }

  private readonly finishTurn = (): void => {
    this.finishing = undefined;
    if (this.host.finish()) this.finishing = setImmediate(this.finishTurn);
    else this.wakeIdle();
  };

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
