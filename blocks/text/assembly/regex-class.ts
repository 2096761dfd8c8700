// Character classes and case folding for the text block's regular expressions.

/** A set of UTF-16 code unit ranges (inclusive pairs). */
export class CharClass {
  ranges: i32[] = [];
  negate: bool = false;

  add(lo: i32, hi: i32): void {
    this.ranges.push(lo);
    this.ranges.push(hi);
  }

  has(c: i32): bool {
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) if (c >= r[i] && c <= r[i + 1]) return true;
    return false;
  }
}

/** Lower-cases one code unit (simple case folding). */
export function foldCase(c: i32): i32 {
  if (c < 128) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  const s = String.fromCharCode(c).toLowerCase();
  return s.length == 1 ? s.charCodeAt(0) : c;
}

export function upperCase(c: i32): i32 {
  if (c < 128) return c >= 0x61 && c <= 0x7a ? c - 32 : c;
  const s = String.fromCharCode(c).toUpperCase();
  return s.length == 1 ? s.charCodeAt(0) : c;
}

export function addDigit(cc: CharClass): void {
  cc.add(0x30, 0x39);
}
export function addWord(cc: CharClass): void {
  cc.add(0x30, 0x39);
  cc.add(0x41, 0x5a);
  cc.add(0x5f, 0x5f);
  cc.add(0x61, 0x7a);
}
export function addSpace(cc: CharClass): void {
  cc.add(0x09, 0x0d);
  cc.add(0x20, 0x20);
  cc.add(0xa0, 0xa0);
  cc.add(0x1680, 0x1680);
  cc.add(0x2000, 0x200a);
  cc.add(0x2028, 0x2029);
  cc.add(0x202f, 0x202f);
  cc.add(0x205f, 0x205f);
  cc.add(0x3000, 0x3000);
  cc.add(0xfeff, 0xfeff);
}

/** Adds the complement (within 0..0xFFFF) of what `fill` adds. */
export function addComplement(cc: CharClass, kind: i32): void {
  const tmp = new CharClass();
  if (kind == 0x64) addDigit(tmp);
  else if (kind == 0x77) addWord(tmp);
  else addSpace(tmp);
  // The ranges above are sorted and disjoint.
  let next = 0;
  for (let i = 0; i < tmp.ranges.length; i += 2) {
    if (tmp.ranges[i] > next) cc.add(next, tmp.ranges[i] - 1);
    next = tmp.ranges[i + 1] + 1;
  }
  if (next <= 0xffff) cc.add(next, 0xffff);
}
