/**
 * How deep JSON data may nest wherever it enters Weft: run inputs, webhook bodies, API requests,
 * block and `code` outputs, `transform` outputs. Deeper data overflows the stack of recursive code
 * (JSON.stringify in the store, schema checks, the studio's tree views); no real payload needs it
 * (serde_json stops at 128 too). The one home of that rule.
 */
export const MAX_DATA_DEPTH = 128;

/**
 * True when `value` nests objects and arrays more than `max` levels deep (`[1]` is 1 level, a scalar 0).
 * It goes down at most `max` + 1 levels and stops at the first path that is too deep, so it is safe on
 * any depth (and on cycles), and it allocates nothing: every run start checks its inputs and trigger.
 */
export function nestedDeeperThan(value: unknown, max: number = MAX_DATA_DEPTH): boolean {
  return value !== null && typeof value === 'object' && holdsDeeper(value, max - 1);
}

/** True when the object `v` has more than `left` levels of objects and arrays below it. */
function holdsDeeper(v: object, left: number): boolean {
  if (left < 0) return true;
  if (Array.isArray(v)) {
    for (const c of v as unknown[])
      if (c !== null && typeof c === 'object' && holdsDeeper(c, left - 1)) return true;
    return false;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const c = o[k];
    if (c !== null && typeof c === 'object' && holdsDeeper(c, left - 1)) return true;
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
