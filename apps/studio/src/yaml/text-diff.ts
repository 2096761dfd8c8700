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

/**
 * How many characters `x` from `xi` and `y` from `yi` have in common, at most `max`: compared a
 * doubling stretch at a time with the engine's own string compare, then halved down to the first
 * difference. A character loop over the ~55 kB shared between a removed step and its layout entry
 * took ~11 ms the first time (not yet compiled); this takes a few hundred native compares.
 */
function sameHead(x: string, xi: number, y: string, yi: number, max: number): number {
  let n = 0;
  let step = 64;
  while (n < max) {
    const k = Math.min(step, max - n);
    if (x.startsWith(y.slice(yi + n, yi + n + k), xi + n)) {
      n += k;
      step *= 2;
    } else if (k <= 8) {
      while (n < max && x.charCodeAt(xi + n) === y.charCodeAt(yi + n)) n++;
      return n;
    } else step = k >> 1;
  }
  return n;
}

/** Like `sameHead`, backwards: the characters before `xe` and before `ye` that match. */
function sameTail(x: string, xe: number, y: string, ye: number, max: number): number {
  let n = 0;
  let step = 64;
  while (n < max) {
    const k = Math.min(step, max - n);
    if (x.endsWith(y.slice(ye - n - k, ye - n), xe - n)) {
      n += k;
      step *= 2;
    } else if (k <= 8) {
      while (n < max && x.charCodeAt(xe - n - 1) === y.charCodeAt(ye - n - 1)) n++;
      return n;
    } else step = k >> 1;
  }
  return n;
}

/** The common prefix and suffix of `before[start, endB)` and `after[start', endA)` left out. */
function trimmed(before: string, after: string, range: TextReplace & { from: number }): TextReplace | null {
  let { start, end } = range;
  let a = range.from;
  let endA = a + range.text.length;
  const head = sameHead(before, start, after, a, Math.min(end - start, endA - a));
  start += head;
  a += head;
  const tail = sameTail(before, end, after, endA, Math.min(end - start, endA - a));
  end -= tail;
  endA -= tail;
  if (start === end && a === endA) return null;
  return { start, end, text: after.slice(a, endA) };
}

/** A stretch of `before` (`start`..`end`) and the stretch of `after` (`from`..`to`) it became. */
interface Span {
  start: number;
  end: number;
  from: number;
  to: number;
}

/** Stretches longer than this are first cut at a line both texts share once (`anchorIn`). */
const SPLIT_OVER = 4096;
/** How much text the shared line must start (whole lines of at least this many characters). */
const ANCHOR_CHARS = 160;

/**
 * Whole lines of at least `ANCHOR_CHARS` in the middle of `before`'s stretch that `after`'s
 * stretch holds exactly once, and where: a canvas edit changes a few places far apart (a removed
 * step high up, its layout entry at the end), and everything between them is such a shared block.
 */
function anchorIn(before: string, after: string, span: Span): { at: number; end: number; to: number } | null {
  const lineAt = before.indexOf('\n', (span.start + span.end) >> 1) + 1;
  if (lineAt <= 0) return null;
  const lineEnd = before.indexOf('\n', lineAt + ANCHOR_CHARS);
  const end = lineEnd < 0 ? -1 : lineEnd + 1;
  if (end <= 0 || end > span.end) return null;
  const anchor = before.slice(lineAt, end);
  const to = after.indexOf(anchor, span.from);
  if (to < 0 || to + anchor.length > span.to) return null;
  const again = after.indexOf(anchor, to + 1);
  if (again >= 0 && again + anchor.length <= span.to) return null;
  const twice = before.indexOf(anchor, span.start);
  if (twice !== lineAt) return null;
  const later = before.indexOf(anchor, lineAt + 1);
  if (later >= 0 && later + anchor.length <= span.end) return null;
  return { at: lineAt, end, to };
}

/** The replacements of one stretch, appended to `out` in order. */
function diffSpan(before: string, after: string, span: Span, out: TextReplace[], depth: number): void {
  const whole = trimmed(before, after, {
    start: span.start,
    end: span.end,
    from: span.from,
    text: after.slice(span.from, span.to),
  });
  if (!whole) return;
  // `whole` keeps the stretch's common head and tail out; where `after`'s part of it starts and ends:
  const from = span.from + (whole.start - span.start);
  const to = from + whole.text.length;
  const cut: Span = { start: whole.start, end: whole.end, from, to };
  if (depth < 16 && cut.end - cut.start > SPLIT_OVER && cut.to - cut.from > SPLIT_OVER) {
    const anchor = anchorIn(before, after, cut);
    if (anchor) {
      const shared = anchor.end - anchor.at;
      diffSpan(
        before,
        after,
        { start: cut.start, end: anchor.at, from: cut.from, to: anchor.to },
        out,
        depth + 1,
      );
      diffSpan(
        before,
        after,
        { start: anchor.end, end: cut.end, from: anchor.to + shared, to: cut.to },
        out,
        depth + 1,
      );
      return;
    }
  }
  diffLines(before, after, span, whole, out);
}

/** The line diff of one stretch whose common head and tail `whole` leaves out. */
function diffLines(before: string, after: string, span: Span, whole: TextReplace, out: TextReplace[]): void {
  // Whole lines around what differs (inside the stretch): the common head ends, and the common
  // tail starts, a line.
  const lineStart =
    whole.start === span.start
      ? span.start
      : Math.max(span.start, before.lastIndexOf('\n', whole.start - 1) + 1);
  let endB = whole.end;
  if (endB > span.start && before[endB - 1] !== '\n') {
    const next = before.indexOf('\n', endB);
    endB = next < 0 || next + 1 > span.end ? span.end : next + 1;
  }
  const startA = span.from + (lineStart - span.start);
  const endA = span.to - (span.end - endB);
  const a = splitLines(before.slice(lineStart, endB));
  const b = splitLines(after.slice(startA, endA));
  const hunks = lineHunks(a, b);
  if (!hunks) {
    out.push(whole);
    return;
  }
  const offsets = (lines: string[]): number[] => {
    const at = [0];
    for (const line of lines) at.push(at[at.length - 1]! + line.length);
    return at;
  };
  const atA = offsets(a);
  const atB = offsets(b);
  for (const h of hunks) {
    const start = lineStart + atA[h.aStart]!;
    const from = startA + atB[h.bStart]!;
    const change = trimmed(before, after, {
      start,
      end: lineStart + atA[h.aEnd]!,
      from,
      text: after.slice(from, startA + atB[h.bEnd]!),
    });
    if (change) out.push(change);
  }
}

/** The replacements, in order and not overlapping (offsets in `before`); none when the texts are equal. */
export function diffText(before: string, after: string): TextReplace[] {
  if (before === after) return [];
  const out: TextReplace[] = [];
  diffSpan(before, after, { start: 0, end: before.length, from: 0, to: after.length }, out, 0);
  return out;
}
