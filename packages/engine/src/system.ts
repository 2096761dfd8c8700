/**
 * The engine's one door to the host system: the real clock, event-loop turns, randomness and ids.
 * Everything else in packages/engine and packages/dsl takes these through ports (`Clock`,
 * `EngineOptions.random` / `newId`) so that tests drive them with a fake clock; a lint rule
 * (eslint.config.js, "ambient time") forbids timers, `Date.now()` and randomness outside this file.
 */
import type { Clock, Ids, Turns } from './ports';

/** The real clock. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  /** Timers do not hold the process open; a wait past setTimeout's limit (~24.8 days) is chained. */
  setTimer(at: number, fn: () => void): () => void {
    let h: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const wait = Math.max(0, at - Date.now());
      h = setTimeout(wait > MAX_TIMEOUT ? arm : fn, Math.min(wait, MAX_TIMEOUT));
      h.unref?.();
    };
    arm();
    return () => clearTimeout(h);
  }
}

/** Longest single setTimeout (about 24.8 days). */
const MAX_TIMEOUT = 2 ** 31 - 1;

/** Run `fn` after the current macrotask (and its I/O callbacks): one event-loop turn later. */
export const nextTurn: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

/** Run `fn` once the current synchronous work ends, before any I/O. */
export const afterThisTask: (fn: () => void) => void = (fn) => queueMicrotask(fn);

/** A fresh random UUID (version 4). */
export const randomUuid = (): string => globalThis.crypto.randomUUID();

/** Uniform randomness in [0, 1), for retry jitter. */
export const systemRandom: () => number = Math.random;

/** The host's event loop as the engine's `Turns` port. */
export const systemTurns: Turns = { next: nextTurn, afterThisTask, elapsedMs: () => monotonicMs() };

/** The host's UUIDs and randomness as the engine's `Ids` port. */
export const systemIds: Ids = { uuid: randomUuid, random: systemRandom };

/** A monotonic clock in milliseconds for measuring how long work ran (expression time budgets). */
export const monotonicMs = (): number => performance.now();
