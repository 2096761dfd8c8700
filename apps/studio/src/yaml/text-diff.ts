/**
 * The small replacements that turn `before` into `after`, applied to Monaco instead of replacing
 * the whole text, so the cursor, scroll position and Monaco's own undo stack survive a canvas edit.
 * A canvas edit changes a few places far apart (removing a step also removes its layout entry at
 * the end of the file): one replacement per changed stretch, so Monaco re-reads those lines only,
 * not everything between them.
 */
import { lineHunks } from '../editor/line-diff';

export interface TextReplace {
  /** Offsets in `before`. */
  start: number;
  end: number;
  text: string;
}

/** Lines with their line breaks: joined, they are the text again. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  const out = lines.map((line) => `${line}\n`);
  const last = lines[lines.length - 1] ?? '';
  out[out.length - 1] = last;
  if (last === '') out.pop();
  return out;
}

/** The common prefix and suffix of `before[start, endB)` and `after[start', endA)` left out. */
function trimmed(before: string, after: string, range: TextReplace & { from: number }): TextReplace | null {
  let { start, end } = range;
  let a = range.from;
  let endA = a + range.text.length;
  while (start < end && a < endA && before.charCodeAt(start) === after.charCodeAt(a)) {
    start++;
    a++;
  }
  while (end > start && endA > a && before.charCodeAt(end - 1) === after.charCodeAt(endA - 1)) {
    end--;
    endA--;
  }
  if (start === end && a === endA) return null;
  return { start, end, text: after.slice(a, endA) };
}

/** The replacements, in order and not overlapping (offsets in `before`); none when the texts are equal. */
export function diffText(before: string, after: string): TextReplace[] {
  if (before === after) return [];
  const whole = trimmed(before, after, { start: 0, end: before.length, from: 0, text: after });
  if (!whole) return [];
  // Whole lines around what differs: the common head ends, and the common tail starts, a line.
  const lineStart = whole.start === 0 ? 0 : before.lastIndexOf('\n', whole.start - 1) + 1;
  let endB = whole.end;
  if (endB > 0 && before[endB - 1] !== '\n') {
    const next = before.indexOf('\n', endB);
    endB = next < 0 ? before.length : next + 1;
  }
  const endA = after.length - (before.length - endB);
  const a = splitLines(before.slice(lineStart, endB));
  const b = splitLines(after.slice(lineStart, endA));
  const hunks = lineHunks(a, b);
  if (!hunks) return [whole];
  const offsets = (lines: string[]): number[] => {
    const at = [0];
    for (const line of lines) at.push(at[at.length - 1]! + line.length);
    return at;
  };
  const atA = offsets(a);
  const atB = offsets(b);
  const out: TextReplace[] = [];
  for (const h of hunks) {
    const start = lineStart + atA[h.aStart]!;
    const from = lineStart + atB[h.bStart]!;
    const change = trimmed(before, after, {
      start,
      end: lineStart + atA[h.aEnd]!,
      from,
      text: after.slice(from, lineStart + atB[h.bEnd]!),
    });
    if (change) out.push(change);
  }
  return out;
}
