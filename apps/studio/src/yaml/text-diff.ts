/**
 * The smallest single replacement that turns `before` into `after` (common prefix and suffix
 * kept). Applied to Monaco instead of replacing the whole text, so the cursor, scroll position and
 * Monaco's own undo stack survive a canvas edit.
 */
export interface TextReplace {
  /** Offsets in `before`. */
  start: number;
  end: number;
  text: string;
}

export function diffText(before: string, after: string): TextReplace | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, text: after.slice(start, endA) };
}
