import { setFlagsFromString } from 'node:v8';

/**
 * The old generation of a serving process grows by a fixed half between full collections.
 *
 * V8 picks how far the heap may grow before its next full collection from how fast the program
 * allocated since the last one. A server's first full collection happens at start-up, while it is
 * idle, so V8 lets the heap quadruple: under the first seconds of load the process then grew from
 * ~110 to ~146 MB of RSS with ~45 MB of already-dead objects before the next collection (every other
 * start-up, measured with --trace-gc), and that peak is what an operator's memory limit must allow.
 * A fixed factor of 1.5 keeps the peak near the steady state at the same collection rate the steady
 * state has anyway. A `--heap-growing-percent` the operator gives (node flag or NODE_OPTIONS) wins.
 */
export function boundHeapGrowth(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (given.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return false;
  setFlagsFromString('--heap-growing-percent=50');
  return true;
}
