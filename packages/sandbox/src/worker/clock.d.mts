/** The monotonic clock in µs, wrapped to a signed 32-bit integer (the same on every thread). */
export declare function nowUs(): number;
/** Whether stamp `to` came no later than `withinUs` after stamp `from` (and not before it), across the wrap. */
export declare function cameWithin(from: number, to: number, withinUs: number): boolean;
