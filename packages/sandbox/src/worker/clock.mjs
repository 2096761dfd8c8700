// The clock the main thread and a block worker stamp requests and answers with (protocol.ts REQ_AT,
// RESP_AT), so that each side can tell whether watching for the other's next word would have caught
// it. Plain JS: both the worker and worker-handle.ts import it.

/**
 * The monotonic clock in µs, wrapped to a signed 32-bit integer. Every thread of the process reads
 * the same clock (`process.hrtime`), so stamps taken on two threads can be compared.
 * @returns {number}
 */
export function nowUs() {
  return Number(process.hrtime.bigint() / 1000n) | 0;
}

/**
 * Whether stamp `to` came no later than `withinUs` after stamp `from` (and not before it), across
 * the 32-bit wrap (about every 71 minutes).
 * @param {number} from
 * @param {number} to
 * @param {number} withinUs
 * @returns {boolean}
 */
export function cameWithin(from, to, withinUs) {
  const d = (to - from) | 0;
  return d >= 0 && d <= withinUs;
}
