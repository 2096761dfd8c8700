// Regular expressions for the text block, part 2: a backtracking VM with an explicit stack (no
// recursion except for lookahead) and a step budget, so a pathological pattern fails cleanly.
import {
  Regex,
  OP_CHAR,
  OP_ANY,
  OP_ANYNL,
  OP_CLASS,
  OP_SPLIT,
  OP_JMP,
  OP_SAVE,
  OP_MATCH,
  OP_BOL,
  OP_EOL,
  OP_WORDB,
  OP_NWORDB,
  OP_MARK,
  OP_CHECK,
  OP_LOOK,
  OP_NLOOK,
  OP_BACKREF,
} from './regex-program';
import { foldCase, upperCase } from './regex-class';

/** Steps one text operation may spend matching before it gives up. */
export const STEP_BUDGET: i64 = 20_000_000;

const E_BRANCH: i32 = 0;
const E_CAP: i32 = 1;
const E_REG: i32 = 2;

function isLineTerminator(c: i32): bool {
  return c == 0x0a || c == 0x0d || c == 0x2028 || c == 0x2029;
}

function isWordChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c == 0x5f || (c >= 0x61 && c <= 0x7a);
}

export class Matcher {
  caps: i32[];
  regs: i32[];
  stack: i32[] = [];
  steps: i64 = 0;
  exhausted: bool = false;

  constructor(
    public re: Regex,
    public text: string,
  ) {
    this.caps = new Array<i32>((re.groupCount + 1) * 2).fill(-1);
    this.regs = new Array<i32>(re.registers).fill(-1);
  }

  /** Finds the first match at or after `from`; true when found (positions in `caps`). */
  search(from: i32): bool {
    const n = this.text.length;
    for (let start = from; start <= n; start++) {
      this.caps.fill(-1);
      if (this.runAt(0, start) >= 0) return true;
      if (this.exhausted) return false;
    }
    return false;
  }

  private push(kind: i32, x: i32, y: i32): void {
    this.stack.push(kind);
    this.stack.push(x);
    this.stack.push(y);
  }

  /** Pops to the newest branch above `base` (undoing captures); its [pc, pos], or pc -1. */
  private backtrack(base: i32): i32 {
    const s = this.stack;
    while (s.length > base) {
      const y = s.pop();
      const x = s.pop();
      const kind = s.pop();
      if (kind == E_CAP) this.caps[x] = y;
      else if (kind == E_REG) this.regs[x] = y;
      else {
        this.btPos = y;
        return x;
      }
    }
    return -1;
  }

  private btPos: i32 = 0;

  private classMatch(idx: i32, c: i32): bool {
    const cc = this.re.classes[idx];
    let hit = cc.has(c);
    if (!hit && this.re.ignoreCase) hit = cc.has(foldCase(c)) || cc.has(upperCase(c));
    return hit != cc.negate;
  }

  /** Runs from `pc0` at `pos0`; the end position of a match, or -1. */
  runAt(pc0: i32, pos0: i32): i32 {
    const re = this.re;
    const text = this.text;
    const n = text.length;
    const base = this.stack.length;
    let pc = pc0;
    let pos = pos0;
    while (true) {
      if (++this.steps > STEP_BUDGET) {
        this.exhausted = true;
        this.stack.length = base;
        return -1;
      }
      const op = re.op[pc];
      let ok = true;
      if (op == OP_CHAR) {
        if (pos < n && (re.ignoreCase ? foldCase(text.charCodeAt(pos)) : text.charCodeAt(pos)) == re.a[pc]) {
          pos++;
          pc++;
        } else ok = false;
      } else if (op == OP_ANY) {
        if (pos < n && !isLineTerminator(text.charCodeAt(pos))) {
          pos++;
          pc++;
        } else ok = false;
      } else if (op == OP_ANYNL) {
        if (pos < n) {
          pos++;
          pc++;
        } else ok = false;
      } else if (op == OP_CLASS) {
        if (pos < n && this.classMatch(re.a[pc], text.charCodeAt(pos))) {
          pos++;
          pc++;
        } else ok = false;
      } else if (op == OP_SPLIT) {
        this.push(E_BRANCH, re.b[pc], pos);
        pc = re.a[pc];
      } else if (op == OP_JMP) {
        pc = re.a[pc];
      } else if (op == OP_SAVE) {
        const k = re.a[pc];
        this.push(E_CAP, k, this.caps[k]);
        this.caps[k] = pos;
        pc++;
      } else if (op == OP_MARK) {
        const r = re.a[pc];
        this.push(E_REG, r, this.regs[r]);
        this.regs[r] = pos;
        pc++;
      } else if (op == OP_CHECK) {
        if (this.regs[re.a[pc]] == pos) ok = false;
        else pc++;
      } else if (op == OP_MATCH) {
        // Top level keeps its captures; a lookahead's own entries are dropped by the caller.
        if (pc0 == 0) this.stack.length = base;
        return pos;
      } else if (op == OP_BOL) {
        if (pos == 0 || (re.multiline && isLineTerminator(text.charCodeAt(pos - 1)))) pc++;
        else ok = false;
      } else if (op == OP_EOL) {
        if (pos == n || (re.multiline && isLineTerminator(text.charCodeAt(pos)))) pc++;
        else ok = false;
      } else if (op == OP_WORDB || op == OP_NWORDB) {
        const before = pos > 0 && isWordChar(text.charCodeAt(pos - 1));
        const after = pos < n && isWordChar(text.charCodeAt(pos));
        if ((before != after) == (op == OP_WORDB)) pc++;
        else ok = false;
      } else if (op == OP_LOOK || op == OP_NLOOK) {
        const lookBase = this.stack.length;
        const found = this.runAt(pc + 1, pos) >= 0;
        // Lookahead is atomic and its groups do not capture: undo everything it pushed.
        while (this.stack.length > lookBase) this.backtrack(lookBase);
        if (this.exhausted) return -1;
        if (found == (op == OP_LOOK)) pc = re.a[pc];
        else ok = false;
      } else if (op == OP_BACKREF) {
        const g = re.a[pc];
        const s = this.caps[g * 2];
        const e = this.caps[g * 2 + 1];
        if (s >= 0 && e >= s) {
          const len = e - s;
          if (pos + len > n) ok = false;
          else {
            for (let k = 0; k < len; k++) {
              let x = text.charCodeAt(s + k);
              let y = text.charCodeAt(pos + k);
              if (re.ignoreCase) {
                x = foldCase(x);
                y = foldCase(y);
              }
              if (x != y) {
                ok = false;
                break;
              }
            }
            if (ok) pos += len;
          }
        }
        if (ok) pc++;
      }
      if (!ok) {
        const next = this.backtrack(base);
        if (next < 0) return -1;
        pc = next;
        pos = this.btPos;
      }
    }
    return -1;
  }
}
