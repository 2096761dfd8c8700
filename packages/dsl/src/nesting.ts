/**
 * How deep JSON data may nest wherever it enters Weft: run inputs, webhook bodies, API requests,
 * block and `code` outputs, `transform` outputs. Deeper data overflows the stack of recursive code
 * (JSON.stringify in the store, schema checks, the studio's tree views); no real payload needs it
 * (serde_json stops at 128 too). The one home of that rule.
 */
export const MAX_DATA_DEPTH = 128;

/**
 * True when `value` nests objects and arrays more than `max` levels deep (`[1]` is 1 level, a scalar 0).
 * Iterative, and stops at the first path that is too deep, so it is safe on any depth.
 */
export function nestedDeeperThan(value: unknown, max: number = MAX_DATA_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, depth + 1]);
  }
  return false;
}

/**
 * The same test on JSON text, before it is parsed: counts `[` and `{` outside strings. Linear, and
 * it allocates nothing, so a request can be refused before anything recursive sees it. Text that is not
 * JSON is not judged (the parser refuses it).
 */
export function jsonTextDeeperThan(text: string, max: number = MAX_DATA_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The message every refusal uses: `tooDeep('the run input')`. */
export function tooDeep(what: string, max: number = MAX_DATA_DEPTH): string {
  return `${what} is nested deeper than ${max} levels (the limit for JSON data)`;
}
