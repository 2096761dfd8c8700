/**
 * Keys that come from user text (step ids, input, var and output names, `with` keys, JSON data)
 * must never reach an object's prototype. These helpers are the one home of that rule.
 */

/**
 * Names that reach JavaScript object internals when used as plain keys. The DSL refuses them as
 * step ids and as input, var, output and layout names.
 */
export const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** True when `name` is one of {@link RESERVED_NAMES}. */
export function isReservedName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype';
}

/** An empty dictionary with no prototype: it holds only what is put in (`toString` included). */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `obj[key] = value` as an own, enumerable property, even when `key` is `__proto__` (a plain
 * assignment would replace the object's prototype instead).
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
