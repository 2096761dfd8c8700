/**
 * Line diffs: Myers' O(ND) algorithm (fast when two versions differ in a few places, as an edit's
 * before and after do), for the history's compare view and for the YAML pane's edits.
 */
export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string };

/** Lines `a[aStart, aEnd)` are replaced by `b[bStart, bEnd)` (either side may be empty). */
export interface LineHunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Past this many changed lines a diff is not worth its time: callers replace the whole middle. */
const MAX_CHANGES = 2000;

/**
 * The changed stretches between two lists of lines, in order, or `undefined` when more than
 * `maxChanges` lines were added or removed.
 */
export function lineHunks(
  a: readonly string[],
  b: readonly string[],
  maxChanges = MAX_CHANGES,
): LineHunk[] | undefined {
  // Common head and tail first: versions usually differ in a few places.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) return [{ aStart: head, aEnd: head + n, bStart: head, bEnd: head + m }];
  // Compare numbers, not strings: each distinct line gets an id.
  const ids = new Map<string, number>();
  const idOf = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const x0 = Int32Array.from({ length: n }, (_, i) => idOf(a[head + i] ?? ''));
  const y0 = Int32Array.from({ length: m }, (_, j) => idOf(b[head + j] ?? ''));
  const path = myers(x0, y0, maxChanges);
  if (!path) return undefined;
  const hunks: LineHunk[] = [];
  for (const [x, y, kind] of path) {
    const last = hunks[hunks.length - 1];
    const ax = head + x;
    const by = head + y;
    if (last && last.aEnd === ax && last.bEnd === by) {
      if (kind === 'del') last.aEnd++;
      else last.bEnd++;
    } else
      hunks.push({
        aStart: ax,
        aEnd: ax + (kind === 'del' ? 1 : 0),
        bStart: by,
        bEnd: by + (kind === 'add' ? 1 : 0),
      });
  }
  return hunks;
}

/** The edit script from `a` to `b`: each step deletes `a[x]` or adds `b[y]` at (x, y), in order. */
function myers(a: Int32Array, b: Int32Array, maxD: number): [number, number, 'add' | 'del'][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: v after round d, for k in [-d, d].
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return undefined;
  const steps: [number, number, 'add' | 'del'][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number): number => prev[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    steps.push(down ? [prevX, prevY, 'add'] : [prevX, prevY, 'del']);
    x = prevX;
    y = prevY;
  }
  return steps.reverse();
}

/** A line diff of two versions, for the history's compare view. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const hunks = lineHunks(a, b) ?? [{ aStart: 0, aEnd: a.length, bStart: 0, bEnd: b.length }];
  const out: DiffLine[] = [];
  let i = 0;
  for (const h of hunks) {
    for (; i < h.aStart; i++) out.push({ kind: 'same', text: a[i]! });
    for (let j = h.bStart; j < h.bEnd; j++) out.push({ kind: 'add', text: b[j]! });
    for (; i < h.aEnd; i++) out.push({ kind: 'del', text: a[i]! });
  }
  for (; i < a.length; i++) out.push({ kind: 'same', text: a[i]! });
  return out;
}
